extension FunctionChecker {
  /// `atomic_op(p[i], v)` and `atomic_cmpxchg(p[i], expected, new)`: the first argument
  /// must be an element of global memory (`p[i]` with `p` a pointer parameter) of a type
  /// the operation is defined on; the operands take that type. The result (the old value)
  /// is always varying: lanes that hit one address see different old values.
  ///
  /// The checked form is `.builtin(op, [p[i] as a load, operands...])`; lowering uses the
  /// load's pointer and index as the address and never loads it.
  func checkAtomic(_ builtin: Builtin, _ arguments: [Expression], range: SourceRange)
    -> CheckedExpression?
  {
    let signature = builtin.signature
    guard checkArgumentCount(builtin.name, arguments, signature.parameters.count, range: range)
    else { return nil }
    func checkRest() {
      for argument in arguments.dropFirst() { _ = check(argument, expected: nil) }
    }
    guard let target = check(arguments[0], expected: nil) else {
      checkRest()
      return nil
    }
    guard case .load = target.kind, let element = target.type.scalar else {
      var notes: [DiagnosticNote] = []
      if case .element = target.kind {
        notes.append(
          DiagnosticNote(
            "register arrays live in registers, which lanes do not share; use a variable", at: nil))
      } else {
        notes.append(DiagnosticNote("for example '\(builtin.name)(counts[k], 1)'", at: nil))
      }
      error(
        .invalidAtomicTarget,
        "the first argument of '\(builtin.name)' must be a memory element 'p[i]' of a pointer parameter",
        at: arguments[0].range, notes: notes)
      checkRest()
      return nil
    }
    guard signature.elementTypes.contains(element) else {
      let names = signature.elementTypes.map { "'*\($0.rawValue)'" }
      let allowed = names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
      error(
        .invalidAtomicType,
        "'\(builtin.name)' is defined on \(allowed) memory, not on '*\(element.rawValue)'",
        at: arguments[0].range)
      checkRest()
      return nil
    }
    var values = [target]
    var failed = false
    for (position, argument) in arguments.enumerated().dropFirst() {
      let value =
        isUntypedInteger(argument)
        ? checkUntyped(argument, as: element) : check(argument, expected: .scalar(element))
      guard let value else {
        failed = true
        continue
      }
      if value.type != .scalar(element) {
        error(
          .typeMismatch,
          "argument \(position + 1) of '\(builtin.name)' must be '\(element)' like the memory element, found '\(value.type)'",
          at: argument.range)
        failed = true
      }
      values.append(value)
    }
    guard !failed else { return nil }
    return CheckedExpression(
      kind: .builtin(builtin, values), type: .scalar(element), uniformity: .varying, range: range)
  }
}
