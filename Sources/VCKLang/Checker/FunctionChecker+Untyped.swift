/// Untyped integer constants: literals, `unroll for` counters, untyped top-level constants and
/// arithmetic on them. They take the type their context needs; when they do not depend on an
/// unroll counter they are computed exactly first, so `-2147483648` is a valid `i32`.
extension FunctionChecker {
  enum UntypedFold {
    case value(Int64)
    case dependsOnUnroll
    case failed
  }

  /// Whether `expression` is an untyped integer constant expression.
  func isUntypedInteger(_ expression: Expression) -> Bool {
    switch expression.kind {
    case .integerLiteral:
      return true
    case .parenthesized(let inner):
      return isUntypedInteger(inner)
    case .unary(let op, let operand):
      return op != .logicalNot && isUntypedInteger(operand)
    case .binary(let op, let left, let right):
      return !op.isComparison && !op.isLogical && isUntypedInteger(left) && isUntypedInteger(right)
    case .name(let name):
      if let id = lookup(name.name) {
        return variables[id.index].kind == .unrollCounter && !poisoned.contains(id.index)
      }
      if case .constant(let index)? = program.globals[name.name],
        case .untypedInteger? = program.constantValue(index)
      {
        return true
      }
      return false
    default:
      return false
    }
  }

  /// Computes an untyped constant exactly (in 64 bits; beyond that is an error).
  func foldUntyped(_ expression: Expression) -> UntypedFold {
    switch expression.kind {
    case .integerLiteral(let value):
      return .value(Int64(value))
    case .parenthesized(let inner):
      return foldUntyped(inner)
    case .name(let name):
      if let id = lookup(name.name) {
        usage[id.index].isRead = true
        return .dependsOnUnroll
      }
      if case .constant(let index)? = program.globals[name.name],
        case .untypedInteger(let value)? = program.constantValue(index)
      {
        return .value(value)
      }
      return .failed
    case .unary(let op, let operand):
      let folded = foldUntyped(operand)
      guard case .value(let value) = folded else { return folded }
      if op == .bitwiseNot { return .value(~value) }
      let (negated, overflow) = Int64(0).subtractingReportingOverflow(value)
      if overflow {
        error(.constantOverflow, "constant expression overflows", at: expression.range)
        return .failed
      }
      return .value(negated)
    case .binary(let op, let left, let right):
      let l = foldUntyped(left)
      let r = foldUntyped(right)
      if case .failed = l { return .failed }
      if case .failed = r { return .failed }
      guard case .value(let a) = l, case .value(let b) = r else { return .dependsOnUnroll }
      return foldExact(op, a, b, range: expression.range, divisorRange: right.range)
    default:
      return .failed
    }
  }

  func foldExact(
    _ op: BinaryOperator, _ a: Int64, _ b: Int64, range: SourceRange, divisorRange: SourceRange
  )
    -> UntypedFold
  {
    var result: (partialValue: Int64, overflow: Bool)
    switch op {
    case .add: result = a.addingReportingOverflow(b)
    case .subtract: result = a.subtractingReportingOverflow(b)
    case .multiply: result = a.multipliedReportingOverflow(by: b)
    case .divide, .remainder:
      guard b != 0 else {
        error(.divisionByZero, "division by zero", at: divisorRange)
        return .failed
      }
      result =
        op == .divide
        ? a.dividedReportingOverflow(by: b) : a.remainderReportingOverflow(dividingBy: b)
    case .bitwiseAnd: result = (a & b, false)
    case .bitwiseOr: result = (a | b, false)
    case .bitwiseXor: result = (a ^ b, false)
    case .shiftLeft, .shiftRight:
      guard b >= 0, b < 64 else {
        error(
          .constantOverflow, "shift amount \(b) is out of range for a constant shift", at: range)
        return .failed
      }
      if op == .shiftRight {
        result = (a >> b, false)
      } else {
        let shifted = a << b
        result = (shifted, shifted >> b != a)
      }
    default:
      return .failed
    }
    if result.overflow {
      error(.constantOverflow, "constant expression overflows", at: range)
      return .failed
    }
    return .value(result.partialValue)
  }

  /// Gives an untyped constant expression the type `type`.
  func checkUntyped(_ expression: Expression, as type: ScalarType) -> CheckedExpression? {
    switch foldUntyped(expression) {
    case .failed:
      return nil
    case .value(let value):
      return typedConstant(value, as: type, range: expression.range)
    case .dependsOnUnroll:
      guard type.isInteger else {
        error(
          .typeMismatch,
          "an 'unroll for' counter is an integer constant and cannot be used as '\(type)'",
          at: expression.range,
          notes: type == .f32
            ? [DiagnosticNote("convert it explicitly with 'f32(...)'", at: nil)] : [])
        return nil
      }
      return typeUntyped(expression, as: type)
    }
  }

  func typedConstant(_ value: Int64, as type: ScalarType, range: SourceRange) -> CheckedExpression?
  {
    switch type {
    case .i32, .u32:
      guard ConstantFolding.fits(value, in: type) else {
        var notes: [DiagnosticNote] = []
        if type == .i32, ConstantFolding.fits(value, in: .u32) {
          notes.append(
            DiagnosticNote("it fits in 'u32'; write 'u32' where the type is decided", at: nil))
        }
        error(
          .literalOutOfRange, "integer constant \(value) does not fit in '\(type)'", at: range,
          notes: notes)
        return nil
      }
      return CheckedExpression(
        kind: .literal(.integer(value)), type: .scalar(type), uniformity: .uniform,
        constantValue: .integer(value), range: range)
    case .f32:
      guard ConstantFolding.fits(value, in: .f32) else {
        error(
          .literalNotRepresentable,
          "integer constant \(value) cannot be represented exactly as 'f32'",
          at: range,
          notes: [DiagnosticNote("write it as a float literal, e.g. '\(value).0'", at: nil)])
        return nil
      }
      let float = Float(value)
      return CheckedExpression(
        kind: .literal(.float(float)), type: .f32, uniformity: .uniform,
        constantValue: .float(float),
        range: range)
    case .bool:
      error(.typeMismatch, "an integer constant cannot be used as 'bool'", at: range)
      return nil
    }
  }

  /// Types, node by node, an untyped expression that depends on an unroll counter.
  func typeUntyped(_ expression: Expression, as type: ScalarType) -> CheckedExpression? {
    let range = expression.range
    switch expression.kind {
    case .integerLiteral(let value):
      return typedConstant(Int64(value), as: type, range: range)
    case .parenthesized(let inner):
      guard var checked = typeUntyped(inner, as: type) else { return nil }
      checked.range = range
      return checked
    case .name(let name):
      if let id = lookup(name.name) {
        usage[id.index].isRead = true
        return CheckedExpression(
          kind: .unrollCounter(id), type: .scalar(type), uniformity: .uniform, range: range)
      }
      if case .value(let value) = foldUntyped(expression) {
        return typedConstant(value, as: type, range: range)
      }
      return nil
    case .unary(let op, let operand):
      guard let checked = typeUntyped(operand, as: type) else { return nil }
      if op == .negate, type == .u32 {
        // u32 has no negation: the wrapped value is 0 - x.
        let zero = CheckedExpression(
          kind: .literal(.integer(0)), type: .u32, uniformity: .uniform, constantValue: .integer(0),
          range: SourceRange(at: range.start))
        return CheckedExpression(
          kind: .binary(.subtract, zero, checked), type: .u32, uniformity: .uniform, range: range)
      }
      return CheckedExpression(
        kind: .unary(op, checked), type: .scalar(type), uniformity: .uniform, range: range)
    case .binary(let op, let left, let right):
      guard let l = typeUntyped(left, as: type),
        let r = op.isShift ? checkUntyped(right, as: .u32) : typeUntyped(right, as: type)
      else { return nil }
      if op == .divide || op == .remainder, r.constantValue?.integer == 0 {
        error(.divisionByZero, "division by zero", at: r.range)
        return nil
      }
      return CheckedExpression(
        kind: .binary(op, l, r), type: .scalar(type), uniformity: .uniform, range: range)
    default:
      return nil
    }
  }
}
