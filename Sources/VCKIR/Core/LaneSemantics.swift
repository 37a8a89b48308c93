import Foundation

/// What every per-lane operation computes, on 32-bit patterns.
///
/// This is the reference meaning of the IR's element-wise opcodes. The interpreter and
/// constant folding both call it, so folding can never disagree with execution. Every
/// operation is total: nothing traps.
///
/// - Integer arithmetic wraps modulo 2^32; shift amounts use their low 5 bits.
/// - Division by zero gives all ones (`u32`: 0xFFFF_FFFF, `i32`: -1) and `rem` by zero
///   gives the dividend; `i32.min / -1` is `i32.min` and `i32.min % -1` is 0. `i32`
///   division rounds toward zero and the remainder takes the dividend's sign.
/// - `convert` from `f32` to an integer rounds toward zero and saturates; NaN gives 0.
///   To `f32` it rounds to nearest even. Between `i32` and `u32` it keeps the bits.
/// - `round` rounds half to even. `sin` and `cos` take radians.
/// - `f32` `min`/`max` follow C's `fmin`/`fmax`: a NaN operand gives the other operand.
/// - Booleans are 0 or 1.
public enum LaneSemantics {
  /// The result of `opcode` on one lane. `operandType` is the scalar type of the first
  /// operand (of the second for `select`), `resultType` the result's scalar type.
  public static func evaluate(
    _ opcode: Opcode, operandType: ScalarType, resultType: ScalarType,
    _ a: UInt32, _ b: UInt32 = 0, _ c: UInt32 = 0
  ) -> UInt32 {
    switch operandType {
    case .f32 where opcode != .select:
      return evaluateFloat(
        opcode, resultType: resultType, Float(bitPattern: a), Float(bitPattern: b))
    case .i32 where opcode != .select:
      return evaluateSigned(
        opcode, resultType: resultType, Int32(bitPattern: a), Int32(bitPattern: b))
    default:
      return evaluateBits(opcode, resultType: resultType, a, b, c)
    }
  }

  private static func flag(_ condition: Bool) -> UInt32 { condition ? 1 : 0 }

  /// u32, bool, and the opcodes whose meaning does not depend on signedness.
  private static func evaluateBits(
    _ opcode: Opcode, resultType: ScalarType, _ a: UInt32, _ b: UInt32, _ c: UInt32
  ) -> UInt32 {
    switch opcode {
    case .add: return a &+ b
    case .sub: return a &- b
    case .mul: return a &* b
    case .mul24: return (a & 0xFF_FFFF) &* (b & 0xFF_FFFF)
    case .div: return b == 0 ? UInt32.max : a / b
    case .rem: return b == 0 ? a : a % b
    case .min: return Swift.min(a, b)
    case .max: return Swift.max(a, b)
    case .and: return a & b
    case .or: return a | b
    case .xor: return a ^ b
    case .shl: return a << (b & 31)
    case .shr: return a >> (b & 31)
    case .eq: return flag(a == b)
    case .ne: return flag(a != b)
    case .lt: return flag(a < b)
    case .le: return flag(a <= b)
    case .gt: return flag(a > b)
    case .ge: return flag(a >= b)
    case .neg: return 0 &- a
    case .clz: return UInt32(a.leadingZeroBitCount)
    case .not: return resultType == .bool ? a ^ 1 : ~a
    case .abs: return a
    case .select: return a & 1 != 0 ? b : c
    case .bitcast: return a
    case .convert:
      switch resultType {
      case .f32: return Float(a).bitPattern
      default: return a
      }
    default: return 0
    }
  }

  private static func evaluateSigned(
    _ opcode: Opcode, resultType: ScalarType, _ a: Int32, _ b: Int32
  ) -> UInt32 {
    func bits(_ value: Int32) -> UInt32 { UInt32(bitPattern: value) }
    switch opcode {
    case .div:
      if b == 0 { return UInt32.max }
      if a == Int32.min && b == -1 { return bits(Int32.min) }
      return bits(a / b)
    case .rem:
      if b == 0 { return bits(a) }
      if b == -1 { return 0 }
      return bits(a % b)
    case .min: return bits(Swift.min(a, b))
    case .max: return bits(Swift.max(a, b))
    case .shr: return bits(a >> (b & 31))
    case .lt: return flag(a < b)
    case .le: return flag(a <= b)
    case .gt: return flag(a > b)
    case .ge: return flag(a >= b)
    case .abs: return a == Int32.min ? bits(a) : bits(Swift.abs(a))
    case .convert where resultType == .f32: return Float(a).bitPattern
    default: return evaluateBits(opcode, resultType: resultType, bits(a), bits(b), 0)
    }
  }

  private static func evaluateFloat(
    _ opcode: Opcode, resultType: ScalarType, _ a: Float, _ b: Float
  )
    -> UInt32
  {
    let result: Float
    switch opcode {
    case .add: result = a + b
    case .sub: result = a - b
    case .mul: result = a * b
    case .div: result = a / b
    case .min: result = a.isNaN ? b : b.isNaN ? a : Swift.min(a, b)
    case .max: result = a.isNaN ? b : b.isNaN ? a : Swift.max(a, b)
    case .eq: return flag(a == b)
    case .ne: return flag(a != b)
    case .lt: return flag(a < b)
    case .le: return flag(a <= b)
    case .gt: return flag(a > b)
    case .ge: return flag(a >= b)
    case .neg: result = -a
    case .abs: result = Swift.abs(a)
    case .floor: result = a.rounded(.down)
    case .ceil: result = a.rounded(.up)
    case .round: result = a.rounded(.toNearestOrEven)
    case .trunc: result = a.rounded(.towardZero)
    case .sqrt: result = a.squareRoot()
    case .rsqrt: result = 1 / a.squareRoot()
    case .recip: result = 1 / a
    case .exp2: result = Foundation.exp2(a)
    case .log2: result = Foundation.log2(a)
    case .sin: result = Foundation.sin(a)
    case .cos: result = Foundation.cos(a)
    case .bitcast: return a.bitPattern
    case .convert: return convertFloat(a, to: resultType)
    default: return 0
    }
    return result.bitPattern
  }

  private static func convertFloat(_ value: Float, to type: ScalarType) -> UInt32 {
    if value.isNaN { return 0 }
    let truncated = value.rounded(.towardZero)
    switch type {
    case .i32:
      if truncated <= -2_147_483_648 { return UInt32(bitPattern: Int32.min) }
      if truncated >= 2_147_483_648 { return UInt32(bitPattern: Int32.max) }
      return UInt32(bitPattern: Int32(truncated))
    case .u32:
      if truncated <= 0 { return 0 }
      if truncated >= 4_294_967_296 { return UInt32.max }
      return UInt32(truncated)
    case .f32: return value.bitPattern
    case .bool: return flag(value != 0)
    }
  }

  /// The value a reduction over no active lane gives (the interpreter's result, and the
  /// value the backend starts masked reductions from).
  public static func reductionIdentity(_ opcode: Opcode, _ scalar: ScalarType) -> UInt32 {
    switch (opcode, scalar) {
    case (.reduceAdd, .f32): return Float(0).bitPattern
    case (.reduceAdd, _): return 0
    case (.reduceMin, .f32): return Float.infinity.bitPattern
    case (.reduceMin, .i32): return UInt32(bitPattern: Int32.max)
    case (.reduceMin, _): return UInt32.max
    case (_, .f32): return (-Float.infinity).bitPattern
    case (_, .i32): return UInt32(bitPattern: Int32.min)
    default: return 0
    }
  }
}
