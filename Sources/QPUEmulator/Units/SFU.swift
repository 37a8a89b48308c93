import Foundation

/// The special function unit. Results are the correctly rounded f32 of the
/// mathematical function (computed in double precision); the hardware is only
/// known to be within about 1e−4 relative (semantics.md §12.1).
enum SFU {
  static func compute(_ function: SFUFunction, _ input: Lanes) -> Lanes {
    var result = Lanes()
    for lane in 0..<16 {
      let x = Double(Float(bitPattern: input[lane]))
      let y: Double
      switch function {
      case .recip: y = 1 / x
      case .rsqrt, .rsqrt2: y = 1 / x.squareRoot()
      case .exp: y = exp2(x)
      case .log: y = log2(x)
      case .sin: y = x > 0.5 ? 1 : x < -0.5 ? -1 : sin(Double.pi * x)
      }
      result[lane] = Float(y).bitPattern
    }
    return result
  }
}
