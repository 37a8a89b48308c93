extension FunctionChecker {
  func checkAssignment(
    target: Expression, operator op: BinaryOperator?, value: Expression, range: SourceRange
  ) -> CheckedStatement? {
    guard let (checkedTarget, targetType, variable) = checkAssignmentTarget(target) else {
      _ = check(value, expected: nil)
      return nil
    }
    let checkedValue: CheckedExpression?
    if let op {
      checkedValue = checkCompoundValue(op, targetType: targetType, value: value, range: range)
    } else if let checked = check(value, expected: targetType),
      require(checked, targetType, "the target")
    {
      checkedValue = checked
    } else {
      checkedValue = nil
    }
    guard let checkedValue else { return nil }
    if let variable {
      usage[variable.index].isWritten = true
      let key = declarationKeys[variable.index]
      if checkedValue.uniformity == .varying
        || controlLevel > declarationControlLevels[variable.index]
      {
        noteVarying(key)
        variables[variable.index].uniformity = .varying
      }
    }
    return CheckedStatement(
      kind: .assignment(checkedTarget, operator: op, value: checkedValue), range: range)
  }

  /// The value of `target op= value`: `value` must suit the operator on the target's type.
  func checkCompoundValue(
    _ op: BinaryOperator, targetType: VCKType, value: Expression, range: SourceRange
  )
    -> CheckedExpression?
  {
    guard let scalar = targetType.scalar else {
      error(
        .invalidOperand, "'\(op.rawValue)=' cannot be applied to a value of type '\(targetType)'",
        at: range)
      return nil
    }
    if op.isShift {
      guard scalar.isInteger else {
        error(
          .invalidOperand, "'\(op.rawValue)=' needs an integer target, found '\(scalar)'", at: range
        )
        return nil
      }
      return checkShiftAmount(value)
    }
    guard let checked = check(value, expected: targetType),
      require(checked, targetType, "the target")
    else { return nil }
    guard operatorAccepts(op, scalar) else {
      error(.invalidOperand, "'\(op.rawValue)=' cannot be applied to '\(scalar)'", at: range)
      return nil
    }
    if op == .divide || op == .remainder, scalar.isInteger, checked.constantValue?.integer == 0 {
      error(.divisionByZero, "division by zero", at: checked.range)
      return nil
    }
    return checked
  }

  /// Resolves the left side of an assignment: a `var`, an element of a register-array `var`,
  /// or memory through a pointer. Returns the target, its type and the variable written.
  func checkAssignmentTarget(_ target: Expression) -> (
    CheckedAssignmentTarget, VCKType, VariableID?
  )? {
    switch target.kind {
    case .parenthesized(let inner):
      return checkAssignmentTarget(inner)
    case .name(let name):
      guard let id = resolveMutable(name) else { return nil }
      return (.variable(id), variables[id.index].type, id)
    case .index(let base, let index):
      if case .name(let name) = base.kind, let id = lookup(name.name),
        case .array(let element, let count) = variables[id.index].type
      {
        guard resolveMutable(name) != nil else { return nil }
        guard let checkedIndex = checkRegisterIndex(index, count: count) else { return nil }
        return (.element(id, index: checkedIndex), .scalar(element), id)
      }
      guard let pointer = check(base, expected: nil) else { return nil }
      guard case .pointer(let element) = pointer.type else {
        if case .array = pointer.type {
          error(
            .invalidAssignmentTarget, "only elements of a 'var' register array can be assigned",
            at: target.range)
        } else {
          error(.notIndexable, "cannot index a value of type '\(pointer.type)'", at: base.range)
        }
        return nil
      }
      guard let checkedIndex = checkMemoryIndex(index) else { return nil }
      return (.memory(pointer: pointer, index: checkedIndex), .scalar(element), nil)
    case .error:
      return nil
    default:
      error(
        .invalidAssignmentTarget,
        "cannot assign to this expression; assign to a 'var', an array element or 'pointer[index]'",
        at: target.range)
      return nil
    }
  }

  /// The variable `name` if it can be assigned; reports why not otherwise.
  func resolveMutable(_ name: Identifier) -> VariableID? {
    guard let id = lookup(name.name) else {
      if case .constant(let index)? = program.globals[name.name] {
        error(
          .immutableAssignment, "cannot assign to '\(name.name)': it is a top-level constant",
          at: name.range,
          notes: [
            DiagnosticNote(
              "'\(name.name)' is declared here", at: program.constantSyntaxes[index].name.range)
          ])
      } else {
        reportUnknownName(name)
      }
      return nil
    }
    if poisoned.contains(id.index) { return nil }
    let variable = variables[id.index]
    guard variable.kind == .variable else {
      let what: String
      switch variable.kind {
      case .parameter: what = "a parameter"
      case .constant: what = "a 'let' constant"
      case .loopCounter, .unrollCounter: what = "a loop counter"
      case .variable: what = "a variable"
      }
      var notes = [DiagnosticNote("'\(name.name)' is declared here", at: variable.range)]
      if variable.kind == .constant {
        notes.append(DiagnosticNote("declare it with 'var' to make it mutable", at: nil))
      }
      error(
        .immutableAssignment, "cannot assign to '\(name.name)': it is \(what)", at: name.range,
        notes: notes)
      return nil
    }
    return id
  }
}
