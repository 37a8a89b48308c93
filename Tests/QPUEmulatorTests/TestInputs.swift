/// Deterministic test inputs: edge cases first, then a linear congruential sequence.
enum TestInputs {
  static func integers(seed: UInt32, edges: [UInt32] = []) -> [UInt32] {
    var state = seed
    var values = edges
    while values.count < 16 {
      state = state &* 1_664_525 &+ 1_013_904_223
      values.append(state ^ (state >> 13))
    }
    return Array(values.prefix(16))
  }

  static func floats(seed: UInt32, edges: [Float] = [], scale: Float = 100) -> [UInt32] {
    var state = seed
    var values = edges
    while values.count < 16 {
      state = state &* 1_664_525 &+ 1_013_904_223
      values.append((Float(state >> 8) / Float(1 << 24) * 2 - 1) * scale)
    }
    return values.prefix(16).map(\.bitPattern)
  }

  static let integerEdges: [UInt32] = [
    0, 1, 0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 31, 32, 33,
  ]
  static let otherEdges: [UInt32] = [
    0, 0xFFFF_FFFF, 1, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFE1, 5,
  ]
}
