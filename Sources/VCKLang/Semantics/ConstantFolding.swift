/// Compile-time arithmetic with the language's run-time semantics: `i32`/`u32` wrap modulo
/// 2^32, shifts use the amount modulo 32, `f32` follows IEEE single precision (division is
/// correctly rounded here). Functions whose hardware result is approximate (the SFU ones)
/// are never folded, nor are integer divisions by zero or out-of-range float-to-integer
/// conversions.
public enum ConstantFolding {
  /// Brings an exact integer into the range of `type` by wrapping modulo 2^32.
  public static func wrap(_ value: Int64, to type: ScalarType) -> Int64 {
    type == .u32
      ? Int64(UInt32(truncatingIfNeeded: value)) : Int64(Int32(truncatingIfNeeded: value))
  }

  /// Whether the exact integer `value` is in the range of `type`.
  public static func fits(_ value: Int64, in type: ScalarType) -> Bool {
    switch type {
    case .i32: return value >= Int64(Int32.min) && value <= Int64(Int32.max)
    case .u32: return value >= 0 && value <= Int64(UInt32.max)
    case .f32: return Int64(exactly: Float(value)) == value
    case .bool: return false
    }
  }

  /// `op value` for an operand of type `type`.
  public static func unary(_ op: UnaryOperator, _ value: ConstantValue, type: ScalarType)
    -> ConstantValue?
  {
    switch (op, value) {
    case (.negate, .integer(let x)): return .integer(wrap(0 &- x, to: type))
    case (.negate, .float(let x)): return .float(-x)
    case (.bitwiseNot, .integer(let x)): return .integer(wrap(~x, to: type))
    case (.logicalNot, .bool(let x)): return .bool(!x)
    default: return nil
    }
  }

  /// `left op right` for operands of type `type` (the left operand's type for shifts).
  public static func binary(
    _ op: BinaryOperator, _ left: ConstantValue, _ right: ConstantValue, type: ScalarType
  ) -> ConstantValue? {
    switch (left, right) {
    case (.integer(let a), .integer(let b)):
      return integerBinary(op, a, b, type: type)
    case (.float(let a), .float(let b)):
      return floatBinary(op, a, b)
    case (.bool(let a), .bool(let b)):
      switch op {
      case .logicalAnd: return .bool(a && b)
      case .logicalOr: return .bool(a || b)
      case .equal: return .bool(a == b)
      case .notEqual: return .bool(a != b)
      default: return nil
      }
    default:
      return nil
    }
  }

  static func integerBinary(_ op: BinaryOperator, _ a: Int64, _ b: Int64, type: ScalarType)
    -> ConstantValue?
  {
    let signed = type == .i32
    switch op {
    case .add: return .integer(wrap(a &+ b, to: type))
    case .subtract: return .integer(wrap(a &- b, to: type))
    case .multiply: return .integer(wrap(a &* b, to: type))
    case .divide, .remainder:
      guard b != 0 else { return nil }
      if signed {
        let (x, y) = (Int32(truncatingIfNeeded: a), Int32(truncatingIfNeeded: b))
        let result =
          op == .divide
          ? x.dividedReportingOverflow(by: y).partialValue
          : x.remainderReportingOverflow(dividingBy: y).partialValue
        return .integer(Int64(result))
      }
      return .integer(op == .divide ? a / b : a % b)
    case .bitwiseAnd: return .integer(wrap(a & b, to: type))
    case .bitwiseOr: return .integer(wrap(a | b, to: type))
    case .bitwiseXor: return .integer(wrap(a ^ b, to: type))
    case .shiftLeft:
      return .integer(wrap(a << (b & 31), to: type))
    case .shiftRight:
      if signed { return .integer(Int64(Int32(truncatingIfNeeded: a) >> Int32(b & 31))) }
      return .integer(Int64(UInt32(truncatingIfNeeded: a) >> UInt32(b & 31)))
    case .equal: return .bool(a == b)
    case .notEqual: return .bool(a != b)
    case .less: return .bool(a < b)
    case .lessEqual: return .bool(a <= b)
    case .greater: return .bool(a > b)
    case .greaterEqual: return .bool(a >= b)
    case .logicalAnd, .logicalOr: return nil
    }
  }

  static func floatBinary(_ op: BinaryOperator, _ a: Float, _ b: Float) -> ConstantValue? {
    switch op {
    case .add: return .float(a + b)
    case .subtract: return .float(a - b)
    case .multiply: return .float(a * b)
    // Constant division is correctly rounded; at run time `/` is built on the SFU
    // reciprocal and may differ in the last bits.
    case .divide: return .float(a / b)
    case .equal: return .bool(a == b)
    case .notEqual: return .bool(a != b)
    case .less: return .bool(a < b)
    case .lessEqual: return .bool(a <= b)
    case .greater: return .bool(a > b)
    case .greaterEqual: return .bool(a >= b)
    default: return nil
    }
  }

  /// A value conversion `to(value)` from `from`.
  public static func convert(_ value: ConstantValue, from: ScalarType, to: ScalarType)
    -> ConstantValue?
  {
    switch (value, to) {
    case (.integer(let x), .i32), (.integer(let x), .u32):
      return .integer(wrap(x, to: to))
    case (.integer(let x), .f32):
      return .float(Float(x))
    case (.float(let x), .i32):
      guard x.isFinite, let truncated = Int64(exactly: x.rounded(.towardZero)),
        fits(truncated, in: .i32)
      else { return nil }
      return .integer(truncated)
    case (.float(let x), .u32):
      guard x.isFinite, let truncated = Int64(exactly: x.rounded(.towardZero)),
        fits(truncated, in: .u32)
      else { return nil }
      return .integer(truncated)
    case (.float, .f32):
      return value
    case (.bool(let x), .i32), (.bool(let x), .u32):
      return .integer(x ? 1 : 0)
    default:
      return nil
    }
  }

  /// `bits(value)`: the same 32 bits as `to`.
  public static func bitcast(_ value: ConstantValue, to: ScalarType) -> ConstantValue? {
    switch (value, to) {
    case (.float(let x), .u32): return .integer(Int64(x.bitPattern))
    case (.integer(let x), .f32): return .float(Float(bitPattern: UInt32(truncatingIfNeeded: x)))
    default: return nil
    }
  }

  /// Folds the exact built-ins (`min`, `max`, `abs`, rounding, `select`).
  public static func builtin(_ builtin: Builtin, _ arguments: [ConstantValue], type: ScalarType)
    -> ConstantValue?
  {
    switch (builtin, arguments.count) {
    case (.min, 2), (.max, 2):
      switch (arguments[0], arguments[1]) {
      case (.integer(let a), .integer(let b)):
        return .integer(builtin == .min ? Swift.min(a, b) : Swift.max(a, b))
      case (.float(let a), .float(let b)):
        return .float(builtin == .min ? Float.minimum(a, b) : Float.maximum(a, b))
      default: return nil
      }
    case (.abs, 1):
      if case .integer(let a) = arguments[0] { return .integer(wrap(Swift.abs(a), to: type)) }
      if case .float(let a) = arguments[0] { return .float(Swift.abs(a)) }
      return nil
    case (.floor, 1), (.ceil, 1), (.round, 1), (.trunc, 1):
      guard case .float(let a) = arguments[0] else { return nil }
      let rules: [Builtin: FloatingPointRoundingRule] = [
        .floor: .down, .ceil: .up, .round: .toNearestOrEven, .trunc: .towardZero,
      ]
      return .float(a.rounded(rules[builtin] ?? .towardZero))
    case (.select, 3):
      guard case .bool(let condition) = arguments[0] else { return nil }
      return condition ? arguments[1] : arguments[2]
    default:
      return nil
    }
  }
}
