/// Bit-level float conversions, written out so that results do not depend on
/// the host's Float16 support.
enum FloatBits {
  /// f32 → f16 with round-to-nearest-even; overflow gives ±∞, NaN stays NaN
  /// (quiet, payload truncated), f16 subnormals are produced.
  static func half(fromFloat bits: UInt32) -> UInt16 {
    let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
    let exponent = Int((bits >> 23) & 0xFF)
    let mantissa = bits & 0x7F_FFFF
    if exponent == 0xFF {
      if mantissa == 0 { return sign | 0x7C00 }
      return sign | 0x7E00 | UInt16(truncatingIfNeeded: mantissa >> 13)
    }
    let halfExponent = exponent - 112
    if halfExponent >= 31 { return sign | 0x7C00 }
    if halfExponent <= 0 {
      if halfExponent < -10 { return sign }
      let significand = mantissa | 0x80_0000
      let shift = UInt32(14 - halfExponent)
      var result = significand >> shift
      let remainder = significand & ((1 << shift) - 1)
      let halfway = UInt32(1) << (shift - 1)
      if remainder > halfway || (remainder == halfway && result & 1 == 1) { result += 1 }
      return sign | UInt16(truncatingIfNeeded: result)
    }
    var result = UInt32(halfExponent) << 10 | (mantissa >> 13)
    let remainder = mantissa & 0x1FFF
    if remainder > 0x1000 || (remainder == 0x1000 && result & 1 == 1) { result += 1 }
    return sign | UInt16(truncatingIfNeeded: result)
  }

  /// f16 → f32 (exact).
  static func float(fromHalf half: UInt16) -> UInt32 {
    let sign = UInt32(half & 0x8000) << 16
    let exponent = UInt32((half >> 10) & 0x1F)
    let mantissa = UInt32(half & 0x3FF)
    if exponent == 0 {
      if mantissa == 0 { return sign }
      return sign | (Float(mantissa) * 0x1p-24).bitPattern
    }
    if exponent == 31 { return sign | 0x7F80_0000 | mantissa << 13 }
    return sign | (exponent + 112) << 23 | mantissa << 13
  }

  /// f32 → signed int32, rounding as given; NaN gives 0, out of range saturates.
  static func int32(_ value: Float, rounding: FloatingPointRoundingRule) -> UInt32 {
    if value.isNaN { return 0 }
    let rounded = value.rounded(rounding)
    if rounded >= 2_147_483_648 { return UInt32(bitPattern: Int32.max) }
    if rounded < -2_147_483_648 { return UInt32(bitPattern: Int32.min) }
    return UInt32(bitPattern: Int32(rounded))
  }

  /// f32 → uint32 truncating; NaN and negative inputs give 0, large ones saturate.
  static func uint32Truncating(_ value: Float) -> UInt32 {
    if value.isNaN || value <= 0 { return 0 }
    let rounded = value.rounded(.towardZero)
    if rounded >= 4_294_967_296 { return UInt32.max }
    return UInt32(rounded)
  }

  /// IEEE minimum with −0 < +0; a NaN operand yields the other operand.
  static func minimum(_ a: Float, _ b: Float) -> Float {
    if a.isNaN { return b }
    if b.isNaN { return a }
    if a == b { return a.sign == .minus ? a : b }
    return a < b ? a : b
  }

  /// IEEE maximum with +0 > −0; a NaN operand yields the other operand.
  static func maximum(_ a: Float, _ b: Float) -> Float {
    if a.isNaN { return b }
    if b.isNaN { return a }
    if a == b { return a.sign == .minus ? b : a }
    return a > b ? a : b
  }
}
