extension FunctionChecker {
  func checkCall(
    _ callee: Identifier, _ arguments: [Expression], expected: VCKType?, range: SourceRange
  ) -> CheckedExpression? {
    if let target = ScalarType(rawValue: callee.name) {
      return checkConversion(to: target, arguments, callee: callee, range: range)
    }
    if callee.name == "bits" {
      return checkBitcast(arguments, range: range)
    }
    if let builtin = Builtin(rawValue: callee.name) {
      return checkBuiltin(builtin, arguments, expected: expected, range: range)
    }
    switch program.globals[callee.name] {
    case .function(let index)?:
      return checkHelperCall(index, callee: callee, arguments, range: range)
    case .constant(let index)?:
      error(
        .notCallable, "'\(callee.name)' is a constant, not a function", at: callee.range,
        notes: [
          DiagnosticNote(
            "'\(callee.name)' is declared here", at: program.constantSyntaxes[index].name.range)
        ])
    case nil:
      if let id = lookup(callee.name) {
        usage[id.index].isRead = true
        error(
          .notCallable, "'\(callee.name)' is a variable, not a function", at: callee.range,
          notes: [
            DiagnosticNote("'\(callee.name)' is declared here", at: variables[id.index].range)
          ])
      } else {
        var candidates = Builtin.allCases.map(\.name) + ["bits", "i32", "u32", "f32"]
        candidates += program.globals.compactMap { key, symbol in
          if case .function(let index) = symbol, !program.functionSyntaxes[index].isKernel {
            return key
          }
          return nil
        }
        var notes: [DiagnosticNote] = []
        if callee.name == "vload3" || callee.name == "vstore3" {
          notes.append(
            DiagnosticNote(
              "3-element vectors are not offered: vector i would start at element 3·i and cross "
                + "the 16-byte blocks a TMU vector lookup must stay in; use the 4-element "
                + "access and ignore one element, or a 2-element access and a scalar one",
              at: nil))
        } else if let suggestion = closestName(to: callee.name, among: candidates) {
          notes.append(DiagnosticNote("did you mean '\(suggestion)'?", at: nil))
        }
        error(
          .unknownFunction, "cannot find function '\(callee.name)'", at: callee.range, notes: notes)
      }
    }
    for argument in arguments { _ = check(argument, expected: nil) }
    return nil
  }

  func checkArgumentCount(
    _ name: String, _ arguments: [Expression], _ count: Int, range: SourceRange
  ) -> Bool {
    guard arguments.count == count else {
      let noun = count == 1 ? "argument" : "arguments"
      error(
        .wrongArgumentCount, "'\(name)' takes \(count) \(noun), found \(arguments.count)", at: range
      )
      for argument in arguments { _ = check(argument, expected: nil) }
      return false
    }
    return true
  }

  /// `i32(x)`, `u32(x)`, `f32(x)`: value conversions.
  func checkConversion(
    to target: ScalarType, _ arguments: [Expression], callee: Identifier, range: SourceRange
  )
    -> CheckedExpression?
  {
    guard checkArgumentCount(target.rawValue, arguments, 1, range: range) else { return nil }
    let argument = arguments[0]
    if isUntypedInteger(argument) {
      if target.isInteger { return withRange(checkUntyped(argument, as: target), range) }
      if target == .f32, case .value(let value) = foldUntyped(argument) {
        // An untyped constant converts exactly, then rounds to nearest.
        return CheckedExpression(
          kind: .literal(.float(Float(value))), type: .f32, uniformity: .uniform,
          constantValue: .float(Float(value)), range: range)
      }
    }
    guard let value = check(argument, expected: nil) else { return nil }
    guard let source = value.type.scalar,
      source != target
        ? (source.isNumeric && target.isNumeric) || (source == .bool && target.isInteger) : true
    else {
      error(
        .invalidConversion, "cannot convert a value of type '\(value.type)' to '\(target)'",
        at: range,
        notes: value.type == .bool ? [DiagnosticNote("use 'select(b, 1.0, 0.0)'", at: nil)] : [])
      return nil
    }
    if source == target { return withRange(value, range) }
    let constant = value.constantValue.flatMap {
      ConstantFolding.convert($0, from: source, to: target)
    }
    return CheckedExpression(
      kind: .conversion(value), type: .scalar(target), uniformity: value.uniformity,
      constantValue: constant, range: range)
  }

  func withRange(_ expression: CheckedExpression?, _ range: SourceRange) -> CheckedExpression? {
    guard var expression else { return nil }
    expression.range = range
    return expression
  }

  /// `bits(x)`: f32 to u32, and u32 or i32 to f32, keeping the bits.
  func checkBitcast(_ arguments: [Expression], range: SourceRange) -> CheckedExpression? {
    guard checkArgumentCount("bits", arguments, 1, range: range) else { return nil }
    let argument = arguments[0]
    let value =
      isUntypedInteger(argument) ? checkUntyped(argument, as: .u32) : check(argument, expected: nil)
    guard let value else { return nil }
    let target: ScalarType
    switch value.type {
    case .f32: target = .u32
    case .u32, .i32: target = .f32
    default:
      error(
        .invalidConversion, "bits() reinterprets f32 as u32 and back; found '\(value.type)'",
        at: range)
      return nil
    }
    let constant = value.constantValue.flatMap { ConstantFolding.bitcast($0, to: target) }
    return CheckedExpression(
      kind: .bitcast(value), type: .scalar(target), uniformity: value.uniformity,
      constantValue: constant, range: range)
  }

  func checkBuiltin(
    _ builtin: Builtin, _ arguments: [Expression], expected: VCKType?, range: SourceRange
  )
    -> CheckedExpression?
  {
    if builtin == .barrier {
      error(
        .barrierInExpression, "barrier() is a statement and has no value; write it on its own line",
        at: range)
      return nil
    }
    if builtin.isAtomic { return checkAtomic(builtin, arguments, range: range) }
    if let width = builtin.vectorWidth {
      return checkVectorAccess(builtin, width: width, arguments, range: range)
    }
    noteGridBuiltin(builtin, at: range)
    let signature = builtin.signature
    guard checkArgumentCount(builtin.name, arguments, signature.parameters.count, range: range)
    else {
      return nil
    }
    var elementHint: ScalarType?
    switch expected {
    case .array(let element, _)? where builtin == .splat: elementHint = element
    case .scalar(let scalar)?: elementHint = signature.elementTypes.contains(scalar) ? scalar : nil
    default: break
    }
    if builtin == .splat, expected?.scalar != nil || expected == nil || expected == .void {
      // splat needs an array type from context.
      if case .array? = expected {
      } else {
        error(
          .splatWithoutArrayType, "splat() needs a register-array type from its context",
          at: range,
          notes: [DiagnosticNote("for example 'var acc: [16]f32 = splat(0.0)'", at: nil)])
        for argument in arguments { _ = check(argument, expected: nil) }
        return nil
      }
    }
    // Type the element arguments: typed ones first, so untyped constants can follow them.
    var checked = [CheckedExpression?](repeating: nil, count: arguments.count)
    var failed = false
    var element: ScalarType?
    let order = arguments.indices.sorted { a, b in
      let untypedA = isUntypedInteger(arguments[a])
      let untypedB = isUntypedInteger(arguments[b])
      return untypedA == untypedB ? a < b : !untypedA
    }
    for position in order {
      let argument = arguments[position]
      let rule = signature.parameters[position]
      let value: CheckedExpression?
      switch rule {
      case .exactly(let type), .uniform(let type):
        value =
          isUntypedInteger(argument)
          ? checkUntyped(argument, as: type) : check(argument, expected: .scalar(type))
        if let value, value.type != .scalar(type) {
          error(
            .typeMismatch,
            "argument \(position + 1) of '\(builtin.name)' must be '\(type)', found '\(value.type)'",
            at: argument.range)
          failed = true
        }
      case .element:
        let hint = element ?? elementHint
        if isUntypedInteger(argument) {
          let type =
            hint ?? (signature.elementTypes.contains(.i32) ? .i32 : signature.elementTypes[0])
          value = checkUntyped(argument, as: type)
        } else {
          value = check(argument, expected: hint.map { .scalar($0) })
        }
        if let value {
          if let scalar = value.type.scalar, signature.elementTypes.contains(scalar),
            element == nil || element == scalar
          {
            element = scalar
          } else {
            let allowed = signature.elementTypes.map(\.rawValue).joined(separator: ", ")
            let message =
              element.map {
                "argument \(position + 1) of '\(builtin.name)' must be '\($0)' like the others, found '\(value.type)'"
              }
              ?? "argument \(position + 1) of '\(builtin.name)' must be one of \(allowed), found '\(value.type)'"
            error(.typeMismatch, message, at: argument.range)
            failed = true
          }
        }
      }
      if value == nil { failed = true }
      checked[position] = value
    }
    guard !failed else { return nil }
    let values = checked.compactMap { $0 }
    guard values.count == arguments.count else { return nil }
    for (position, rule) in signature.parameters.enumerated() {
      if case .uniform = rule, values[position].uniformity == .varying {
        error(
          .argumentMustBeUniform,
          "argument \(position + 1) of '\(builtin.name)' must be uniform (the same in every lane)",
          at: values[position].range)
        return nil
      }
    }
    if builtin == .broadcast, let lane = values[1].constantValue?.integer, lane > 15 {
      error(
        .arrayIndexOutOfRange, "broadcast lane \(lane) is out of range; lanes are 0 to 15",
        at: values[1].range)
      return nil
    }
    let resultType: VCKType
    switch signature.result {
    case .exactly(let type): resultType = .scalar(type)
    case .element: resultType = .scalar(element ?? .i32)
    case .arrayFromContext:
      guard case .array(_, let count)? = expected, let element else { return nil }
      resultType = .array(element, count: count)
    case .none: resultType = .void
    }
    let uniformity: Uniformity
    switch signature.uniformity {
    case .uniform: uniformity = .uniform
    case .varying: uniformity = .varying
    case .fromArguments: uniformity = values.reduce(.uniform) { $0.joined(with: $1.uniformity) }
    }
    var constant: ConstantValue?
    if let scalar = resultType.scalar {
      let constants = values.compactMap(\.constantValue)
      if constants.count == values.count {
        constant = ConstantFolding.builtin(builtin, constants, type: scalar)
      }
    }
    return CheckedExpression(
      kind: .builtin(builtin, values), type: resultType, uniformity: uniformity,
      constantValue: constant, range: range)
  }

  func checkHelperCall(
    _ index: Int, callee: Identifier, _ arguments: [Expression], range: SourceRange
  )
    -> CheckedExpression?
  {
    let syntax = program.functionSyntaxes[index]
    if syntax.isKernel {
      error(
        .kernelCall, "kernel '\(callee.name)' cannot be called; only 'fn' helpers can",
        at: callee.range,
        notes: [DiagnosticNote("'\(callee.name)' is declared here", at: syntax.name.range)])
      for argument in arguments { _ = check(argument, expected: nil) }
      return nil
    }
    guard checkArgumentCount(callee.name, arguments, syntax.parameters.count, range: range) else {
      return nil
    }
    var values: [CheckedExpression] = []
    var failed = false
    for (argument, parameter) in zip(arguments, syntax.parameters) {
      guard let type = resolveTypeQuietly(parameter.type) else {
        _ = check(argument, expected: nil)
        failed = true
        continue
      }
      guard let value = check(argument, expected: type),
        require(value, type, "argument '\(parameter.name.name)'")
      else {
        failed = true
        continue
      }
      values.append(value)
    }
    guard !failed else { return nil }
    guard
      let summary = program.specialization(
        of: index, parameterUniformity: values.map(\.uniformity), calledAt: range)
    else { return nil }
    if summary.containsBarrier, controlLevel > 0 {
      error(
        .barrierUnderVaryingControl,
        "'\(callee.name)' contains barrier() and cannot be called under varying control flow",
        at: range, notes: [varyingControlNote])
    }
    if summary.containsBarrier {
      containsBarrier = true
      checkBarrierInGrid(at: range, helper: callee.name)
    }
    noteGridBuiltins(of: callee.name, summary.gridBuiltins, calledAt: range)
    return CheckedExpression(
      kind: .call(summary.id, values), type: summary.resultType,
      uniformity: summary.resultUniformity, range: range)
  }
}
