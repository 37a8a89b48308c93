/// Lane-wise helpers for the ALU operations.
enum LaneMath {
  @inline(__always)
  static func float(_ a: Lanes, _ b: Lanes, _ f: (Float, Float) -> Float) -> Lanes {
    var result = Lanes()
    for lane in 0..<16 {
      result[lane] = f(Float(bitPattern: a[lane]), Float(bitPattern: b[lane])).bitPattern
    }
    return result
  }

  @inline(__always)
  static func float(_ a: Lanes, _ f: (Float) -> Float) -> Lanes {
    var result = Lanes()
    for lane in 0..<16 { result[lane] = f(Float(bitPattern: a[lane])).bitPattern }
    return result
  }

  /// The lanes as 16 floats (a bit cast).
  @inline(__always)
  static func floats(_ a: Lanes) -> SIMD16<Float> { unsafeBitCast(a, to: SIMD16<Float>.self) }

  /// 16 floats as lanes (a bit cast).
  @inline(__always)
  static func lanes(_ a: SIMD16<Float>) -> Lanes { unsafeBitCast(a, to: Lanes.self) }

  @inline(__always)
  static func bits(_ a: Lanes, _ f: (UInt32) -> UInt32) -> Lanes {
    var result = Lanes()
    for lane in 0..<16 { result[lane] = f(a[lane]) }
    return result
  }

  @inline(__always)
  static func signed(_ a: Lanes) -> SIMD16<Int32> { SIMD16<Int32>(truncatingIfNeeded: a) }

  @inline(__always)
  static func unsigned(_ a: SIMD16<Int32>) -> Lanes { Lanes(truncatingIfNeeded: a) }

  /// Applies an input unpack (code as in ``Predecoder/unpackCode(_:)``).
  static func unpack(_ value: Lanes, _ code: UInt8) -> Lanes {
    switch code {
    case 1: return value & 0x7FFF_FFFF
    case 2: return bits(value) { FloatBits.float(fromHalf: UInt16(truncatingIfNeeded: $0)) }
    case 3: return bits(value) { FloatBits.float(fromHalf: UInt16(truncatingIfNeeded: $0 >> 16)) }
    case 4:
      return bits(value) {
        let half = UInt32(FloatBits.half(fromFloat: $0))
        return half | half << 16
      }
    case 5: return (value & 0xFFFF) | (value &<< 16)
    case 6: return (value &>> 16) | (value & 0xFFFF_0000)
    case 7: return (value &<< 16) | (value &>> 16)
    default: return value
    }
  }

  /// Applies an output pack: the f32 result as f16 into one half of `old`.
  static func pack(_ value: Lanes, into old: Lanes, _ code: UInt8) -> Lanes {
    var result = Lanes()
    for lane in 0..<16 {
      let half = UInt32(FloatBits.half(fromFloat: value[lane]))
      result[lane] =
        code == 1 ? (old[lane] & 0xFFFF_0000) | half : (old[lane] & 0xFFFF) | half << 16
    }
    return result
  }

  /// A 2×f16 operation applied to both halves.
  @inline(__always)
  static func halves(_ a: Lanes, _ b: Lanes, _ f: (Float, Float) -> Float) -> Lanes {
    var result = Lanes()
    for lane in 0..<16 {
      var word: UInt32 = 0
      for shift: UInt32 in [0, 16] {
        let x = Float(
          bitPattern: FloatBits.float(fromHalf: UInt16(truncatingIfNeeded: a[lane] >> shift)))
        let y = Float(
          bitPattern: FloatBits.float(fromHalf: UInt16(truncatingIfNeeded: b[lane] >> shift)))
        word |= UInt32(FloatBits.half(fromFloat: f(x, y).bitPattern)) << shift
      }
      result[lane] = word
    }
    return result
  }
}
