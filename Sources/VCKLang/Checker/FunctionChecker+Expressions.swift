extension FunctionChecker {
  /// Checks an expression. `expected` is a hint that only decides the type of untyped integer
  /// constants (and the array type of `splat`); callers still check the result's type.
  /// Returns `nil` after reporting an error.
  func check(_ expression: Expression, expected: VCKType?) -> CheckedExpression? {
    guard enterCheck(expression.range) else { return nil }
    defer { program.checkDepth -= 1 }
    if isUntypedInteger(expression) {
      return checkUntyped(expression, as: expected?.scalar ?? .i32)
    }
    let range = expression.range
    switch expression.kind {
    case .integerLiteral:
      return checkUntyped(expression, as: expected?.scalar ?? .i32)
    case .floatLiteral(let value):
      return CheckedExpression(
        kind: .literal(.float(value)), type: .f32, uniformity: .uniform,
        constantValue: .float(value),
        range: range)
    case .boolLiteral(let value):
      return CheckedExpression(
        kind: .literal(.bool(value)), type: .bool, uniformity: .uniform,
        constantValue: .bool(value),
        range: range)
    case .name(let name):
      return checkName(name)
    case .unary(let op, let operand):
      return checkUnary(op, operand, expected: expected, range: range)
    case .binary(let op, let left, let right):
      return checkBinary(op, left, right, expected: expected, range: range)
    case .call(let callee, let arguments):
      return checkCall(callee, arguments, expected: expected, range: range)
    case .index(let base, let index):
      return checkIndex(base, index, range: range)
    case .parenthesized(let inner):
      guard var checked = check(inner, expected: expected) else { return nil }
      checked.range = range
      return checked
    case .error:
      return nil
    }
  }

  /// Counts one level of checking recursion; `false` (after reporting once) at the limit.
  func enterCheck(_ range: SourceRange) -> Bool {
    guard program.checkDepth < Checker.maximumCheckDepth else {
      if !program.checkDepthReported {
        // Reported to the program, not this pass, so it survives every re-check.
        program.checkDepthReported = true
        program.diagnostics.add(
          Diagnostic(
            .nestingTooDeep,
            "the program nests too deeply through its helper calls to be checked", at: range))
      }
      return false
    }
    program.checkDepth += 1
    return true
  }

  func checkName(_ name: Identifier) -> CheckedExpression? {
    if let id = lookup(name.name) {
      usage[id.index].isRead = true
      if poisoned.contains(id.index) { return nil }
      let variable = variables[id.index]
      return CheckedExpression(
        kind: .variable(id), type: variable.type, uniformity: variable.uniformity,
        constantValue: variable.constantValue, range: name.range)
    }
    switch program.globals[name.name] {
    case .constant(let index)?:
      guard case .typed(let type, let value)? = program.constantValue(index) else { return nil }
      return CheckedExpression(
        kind: .literal(value), type: .scalar(type), uniformity: .uniform, constantValue: value,
        range: name.range)
    case .function(let index)?:
      let kind = program.functionSyntaxes[index].isKernel ? "kernel" : "function"
      error(
        .notAValue, "'\(name.name)' is a \(kind), not a value", at: name.range,
        notes: [
          DiagnosticNote(
            "'\(name.name)' is declared here", at: program.functionSyntaxes[index].name.range)
        ])
      return nil
    case nil:
      if Builtin(rawValue: name.name) != nil || name.name == "bits" {
        error(
          .notAValue, "'\(name.name)' is a built-in function; call it as '\(name.name)(...)'",
          at: name.range)
      } else if ScalarType(rawValue: name.name) != nil {
        error(.notAValue, "'\(name.name)' is a type, not a value", at: name.range)
      } else {
        reportUnknownName(name)
      }
      return nil
    }
  }

  func reportUnknownName(_ name: Identifier) {
    var candidates = scopes.flatMap(\.keys)
    candidates += program.globals.compactMap { key, symbol in
      if case .constant = symbol { return key }
      return nil
    }
    var notes: [DiagnosticNote] = []
    if let suggestion = closestName(to: name.name, among: candidates) {
      notes.append(DiagnosticNote("did you mean '\(suggestion)'?", at: nil))
    }
    error(.unknownName, "cannot find '\(name.name)' in scope", at: name.range, notes: notes)
  }

  func checkUnary(
    _ op: UnaryOperator, _ operand: Expression, expected: VCKType?, range: SourceRange
  )
    -> CheckedExpression?
  {
    guard let value = check(operand, expected: op == .logicalNot ? .bool : expected) else {
      return nil
    }
    let allowed: [ScalarType]
    switch op {
    case .negate: allowed = [.i32, .f32]
    case .bitwiseNot: allowed = [.i32, .u32]
    case .logicalNot: allowed = [.bool]
    }
    guard let scalar = value.type.scalar, allowed.contains(scalar) else {
      var notes: [DiagnosticNote] = []
      if op == .negate, value.type == .u32 {
        notes.append(
          DiagnosticNote("u32 has no negation; write '0 - x' for the wrapped value", at: nil))
      }
      error(
        .invalidOperand,
        "unary operator '\(op.rawValue)' cannot be applied to '\(value.type)'", at: range,
        notes: notes)
      return nil
    }
    let constant = value.constantValue.flatMap { ConstantFolding.unary(op, $0, type: scalar) }
    return CheckedExpression(
      kind: .unary(op, value), type: value.type, uniformity: value.uniformity,
      constantValue: constant,
      range: range)
  }

  /// Whether `op` is defined on operands of type `type`.
  func operatorAccepts(_ op: BinaryOperator, _ type: ScalarType) -> Bool {
    switch op {
    case .add, .subtract, .multiply, .divide, .less, .lessEqual, .greater, .greaterEqual:
      return type.isNumeric
    case .remainder, .bitwiseAnd, .bitwiseOr, .bitwiseXor, .shiftLeft, .shiftRight:
      return type.isInteger
    case .equal, .notEqual:
      return true
    case .logicalAnd, .logicalOr:
      return type == .bool
    }
  }

  func checkBinary(
    _ op: BinaryOperator, _ left: Expression, _ right: Expression, expected: VCKType?,
    range: SourceRange
  ) -> CheckedExpression? {
    let hint: VCKType? = op.isComparison || op.isLogical ? (op.isLogical ? .bool : nil) : expected
    let l: CheckedExpression?
    let r: CheckedExpression?
    if op.isShift {
      l = check(left, expected: hint)
      r = checkShiftAmount(right)
    } else if isUntypedInteger(left), !isUntypedInteger(right) {
      r = check(right, expected: hint)
      l = r.flatMap { checkUntyped(left, as: $0.type.scalar ?? .i32) }
    } else {
      l = check(left, expected: hint)
      if let l, isUntypedInteger(right) {
        r = checkUntyped(right, as: l.type.scalar ?? .i32)
      } else {
        r = check(right, expected: l?.type ?? hint)
      }
    }
    guard let l, let r else { return nil }
    guard let scalar = l.type.scalar, operatorAccepts(op, scalar) else {
      error(
        .invalidOperand, "binary operator '\(op.rawValue)' cannot be applied to '\(l.type)'",
        at: l.range, notes: operandNotes(op))
      return nil
    }
    if !op.isShift, l.type != r.type {
      var notes: [DiagnosticNote] = []
      if let other = r.type.scalar, other != .bool, scalar != .bool {
        notes.append(
          DiagnosticNote(
            "convert one side explicitly, e.g. '\(scalar)(...)' or '\(other)(...)'", at: nil))
      }
      error(
        .typeMismatch,
        "binary operator '\(op.rawValue)' cannot combine '\(l.type)' and '\(r.type)'", at: range,
        notes: notes)
      return nil
    }
    if op == .divide || op == .remainder, scalar.isInteger, r.constantValue?.integer == 0 {
      error(.divisionByZero, "division by zero", at: r.range)
      return nil
    }
    let type: VCKType = op.isComparison ? .bool : l.type
    var constant: ConstantValue?
    if let a = l.constantValue, let b = r.constantValue {
      constant = ConstantFolding.binary(op, a, b, type: scalar)
    }
    return CheckedExpression(
      kind: .binary(op, l, r), type: type, uniformity: l.uniformity.joined(with: r.uniformity),
      constantValue: constant, range: range)
  }

  func operandNotes(_ op: BinaryOperator) -> [DiagnosticNote] {
    switch op {
    case .remainder, .bitwiseAnd, .bitwiseOr, .bitwiseXor, .shiftLeft, .shiftRight:
      return [DiagnosticNote("'\(op.rawValue)' needs i32 or u32 operands", at: nil)]
    case .logicalAnd, .logicalOr:
      return [DiagnosticNote("'\(op.rawValue)' needs bool operands", at: nil)]
    default:
      return [DiagnosticNote("'\(op.rawValue)' needs i32, u32 or f32 operands", at: nil)]
    }
  }

  /// The amount of a shift: either integer type; an untyped constant is `u32`.
  func checkShiftAmount(_ amount: Expression) -> CheckedExpression? {
    let checked =
      isUntypedInteger(amount) ? checkUntyped(amount, as: .u32) : check(amount, expected: .u32)
    guard let checked else { return nil }
    guard checked.type.scalar?.isInteger == true else {
      error(
        .invalidOperand, "a shift amount must be i32 or u32, found '\(checked.type)'",
        at: amount.range)
      return nil
    }
    return checked
  }

  /// `type` must be the type of `value`; reports a mismatch in terms of `what`.
  func require(_ value: CheckedExpression, _ type: VCKType, _ what: String) -> Bool {
    if value.type == type { return true }
    var notes: [DiagnosticNote] = []
    if let from = value.type.scalar, let to = type.scalar, from != .bool, to != .bool {
      notes.append(DiagnosticNote("convert explicitly with '\(to)(...)'", at: nil))
    }
    if value.type == .void {
      error(.voidValue, "this call returns nothing; it cannot be used as a value", at: value.range)
      return false
    }
    error(
      .typeMismatch, "cannot use a value of type '\(value.type)' as \(what) of type '\(type)'",
      at: value.range, notes: notes)
    return false
  }
}

/// The candidate closest to `name` by edit distance, if close enough to be a likely typo.
func closestName(to name: String, among candidates: [String]) -> String? {
  let target = Array(name.utf8)
  guard target.count <= 64 else { return nil }
  var best: (name: String, distance: Int)?
  for candidate in Set(candidates) where candidate != name && !candidate.isEmpty {
    let letters = Array(candidate.utf8)
    guard letters.count <= 64 else { continue }
    let distance = editDistance(target, letters)
    guard distance <= target.count / 3 else { continue }
    if let current = best,
      current.distance < distance || (current.distance == distance && current.name < candidate)
    {
      continue
    }
    best = (candidate, distance)
  }
  return best?.name
}

func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
  guard !a.isEmpty else { return b.count }
  guard !b.isEmpty else { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
      current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
