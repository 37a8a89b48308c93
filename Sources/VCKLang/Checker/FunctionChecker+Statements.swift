extension FunctionChecker {
  /// Checks a block; warns once about statements after `return`, `break` or `continue`.
  func checkBlock(_ block: Block, opensScope: Bool = true) -> CheckedBlock {
    if opensScope { scopes.append([:]) }
    var statements: [CheckedStatement] = []
    var terminator: String?
    var warnedUnreachable = false
    for statement in block.statements {
      if let terminator, !warnedUnreachable {
        warnedUnreachable = true
        warning(
          .unreachableCode, "code after '\(terminator)' will never be executed",
          at: statement.range)
      }
      if let checked = checkStatement(statement) {
        statements.append(checked)
      }
      switch statement.kind {
      case .returnStatement: terminator = terminator ?? "return"
      case .breakStatement: terminator = terminator ?? "break"
      case .continueStatement: terminator = terminator ?? "continue"
      default: break
      }
    }
    if opensScope { closeScope(scopes.removeLast()) }
    return CheckedBlock(statements: statements, range: block.range)
  }

  func checkStatement(_ statement: Statement) -> CheckedStatement? {
    let range = statement.range
    guard enterCheck(range) else { return nil }
    defer { program.checkDepth -= 1 }
    switch statement.kind {
    case .variable(let declaration):
      return checkVariableDeclaration(declaration)
    case .assignment(let target, let op, let value):
      return checkAssignment(target: target, operator: op, value: value, range: range)
    case .expression(let expression):
      return checkExpressionStatement(expression, range: range)
    case .ifElse(let condition, let then, let otherwise):
      let checkedCondition = checkCondition(condition, "'if'")
      control.append(
        ControlFrame(
          kind: .branch, isVarying: checkedCondition?.uniformity == .varying,
          conditionRange: condition.range, key: range.start))
      let thenBlock = checkBlock(then)
      let elseBlock = otherwise.map { checkBlock($0) }
      popFrame()
      guard let checkedCondition else { return nil }
      return CheckedStatement(
        kind: .ifElse(condition: checkedCondition, then: thenBlock, else: elseBlock), range: range)
    case .whileLoop(let condition, let body):
      let checkedCondition = checkCondition(condition, "'while'")
      let isVarying =
        checkedCondition?.uniformity == .varying || varyingLoops.contains(range.start)
        || pessimistic
      control.append(
        ControlFrame(
          kind: .loop, isVarying: isVarying, conditionRange: condition.range, key: range.start))
      let checkedBody = checkBlock(body)
      let frame = popFrame()
      guard let checkedCondition else { return nil }
      return CheckedStatement(
        kind: .whileLoop(
          condition: checkedCondition, body: checkedBody,
          info: LoopInfo(isVarying: frame.isVarying || frame.hasVaryingExit)),
        range: range)
    case .forLoop(let loop):
      return loop.isUnrolled ? checkUnrolledFor(loop, range: range) : checkFor(loop, range: range)
    case .returnStatement(let value):
      return checkReturn(value, range: range)
    case .breakStatement, .continueStatement:
      let isBreak: Bool
      if case .breakStatement = statement.kind { isBreak = true } else { isBreak = false }
      return checkLoopExit(isBreak: isBreak, range: range)
    case .error:
      return nil
    }
  }

  @discardableResult
  func popFrame() -> ControlFrame {
    let frame = control.removeLast()
    if frame.hasVaryingExit, varyingLoops.insert(frame.key).inserted { changed = true }
    return frame
  }

  func checkCondition(_ condition: Expression, _ what: String) -> CheckedExpression? {
    guard let checked = check(condition, expected: .bool) else { return nil }
    guard checked.type == .bool else {
      error(
        .typeMismatch, "\(what) condition must be 'bool', found '\(checked.type)'",
        at: condition.range,
        notes: checked.type.scalar?.isNumeric == true
          ? [DiagnosticNote("compare explicitly, e.g. 'x != 0'", at: nil)] : [])
      return nil
    }
    return checked
  }

  func checkVariableDeclaration(_ declaration: VariableDeclarationSyntax) -> CheckedStatement? {
    let kind: Variable.Kind = declaration.isMutable ? .variable : .constant
    var declaredType: VCKType?
    var typeFailed = false
    if let written = declaration.type {
      declaredType = resolveType(written)
      typeFailed = declaredType == nil
      if case .pointer = declaredType {
        error(.invalidType, "pointers can only be parameters", at: written.range)
        declaredType = nil
        typeFailed = true
      }
    }
    guard let initializer = declaration.initializer else {
      var notes: [DiagnosticNote] = []
      if case .array(let element, _) = declaredType {
        notes.append(
          DiagnosticNote("for example '= splat(\(element == .f32 ? "0.0" : "0"))'", at: nil))
      }
      error(
        .missingInitializer,
        "'\(declaration.name.name)' needs an initial value", at: declaration.name.range,
        notes: notes)
      if let id = declare(
        declaration.name, kind: kind, type: declaredType ?? .void, uniformity: .uniform)
      {
        poisoned.insert(id.index)
      }
      return nil
    }
    // After a bad written type, the initializer would only produce follow-on errors.
    let value = typeFailed ? nil : check(initializer, expected: declaredType)
    var valueOK = value != nil
    if let value, let declaredType {
      valueOK = require(value, declaredType, "'\(declaration.name.name)'")
    } else if let value {
      switch value.type {
      case .void:
        error(
          .voidValue, "this call returns nothing; it has no value to store", at: initializer.range)
        valueOK = false
      case .pointer:
        error(.invalidType, "pointers can only be parameters", at: initializer.range)
        valueOK = false
      default:
        break
      }
    }
    guard let value, valueOK, !typeFailed else {
      if let id = declare(
        declaration.name, kind: kind, type: declaredType ?? .void, uniformity: .uniform)
      {
        poisoned.insert(id.index)
      }
      return nil
    }
    var constantValue: ConstantValue?
    var constantInitializer: CheckedExpression?
    if kind == .constant {
      constantValue = value.constantValue
      let depth = constantChainDepth(value)
      if constantValue == nil, depth < 8, isConstantAfterUnrolling(value) {
        constantInitializer = value
      }
      guard
        let id = declare(
          declaration.name, kind: kind, type: value.type, uniformity: value.uniformity,
          constantValue: constantValue, constantInitializer: constantInitializer)
      else { return nil }
      constantDepth[id.index] = depth + 1
      return CheckedStatement(kind: .declaration(id, initialValue: value), range: declaration.range)
    }
    guard
      let id = declare(declaration.name, kind: kind, type: value.type, uniformity: value.uniformity)
    else { return nil }
    return CheckedStatement(kind: .declaration(id, initialValue: value), range: declaration.range)
  }

  /// How many `let`s deep the constant-after-unrolling references of `value` go.
  func constantChainDepth(_ value: CheckedExpression) -> Int {
    var deepest = 0
    visitVariables(value) { id in deepest = max(deepest, constantDepth[id.index] ?? 0) }
    return deepest
  }

  func checkExpressionStatement(_ expression: Expression, range: SourceRange) -> CheckedStatement? {
    if case .call(let callee, let arguments) = expression.kind, callee.name == "barrier" {
      if !arguments.isEmpty {
        error(
          .wrongArgumentCount, "'barrier' takes no arguments, found \(arguments.count)",
          at: expression.range)
      }
      if controlLevel > 0 {
        error(
          .barrierUnderVaryingControl,
          "barrier() cannot be used under varying control flow: every lane of every QPU must reach it",
          at: expression.range, notes: [varyingControlNote])
      }
      containsBarrier = true
      checkBarrierInGrid(at: expression.range)
      return CheckedStatement(kind: .barrier, range: range)
    }
    guard let checked = check(expression, expected: nil) else { return nil }
    switch checked.kind {
    case .builtin(let builtin, _) where builtin.isAtomic:
      break  // an atomic is done for its effect; the old value may be ignored
    case .call, .builtin:
      if checked.type != .void {
        var name = "call"
        if case .call(let callee, _) = expression.kind { name = "'\(callee.name)'" }
        warning(.unusedResult, "result of \(name) is unused", at: expression.range)
      }
    default:
      warning(.unusedResult, "expression result is unused", at: expression.range)
    }
    return CheckedStatement(kind: .evaluate(checked), range: range)
  }

  func checkReturn(_ value: Expression?, range: SourceRange) -> CheckedStatement? {
    guard let function else { return nil }
    let name = function.name.name
    var checkedValue: CheckedExpression?
    var resultType = VCKType.void
    if let written = function.resultType, !function.isKernel {
      resultType = resolveTypeQuietly(written) ?? .void
    }
    if let value {
      if function.isKernel {
        error(.returnValueInKernel, "a kernel cannot return a value", at: value.range)
        _ = check(value, expected: nil)
      } else if resultType == .void {
        if function.resultType == nil {
          error(
            .returnValueMismatch, "'\(name)' has no result type; add '-> T' to return a value",
            at: value.range)
        }
        _ = check(value, expected: nil)
      } else if let checked = check(value, expected: resultType),
        require(checked, resultType, "the result of '\(name)'")
      {
        checkedValue = checked
        resultUniformity = resultUniformity.joined(with: checked.uniformity)
      }
    } else if resultType != .void {
      error(
        .returnValueMismatch, "'\(name)' must return a value of type '\(resultType)'", at: range)
    }
    if controlLevel > 0 {
      resultUniformity = .varying
      functionDiverged = true
      for index in control.indices where control[index].kind == .loop {
        control[index].hasVaryingExit = true
      }
    }
    if value != nil, checkedValue == nil, !function.isKernel, resultType != .void { return nil }
    return CheckedStatement(kind: .returnStatement(checkedValue), range: range)
  }

  func checkLoopExit(isBreak: Bool, range: SourceRange) -> CheckedStatement? {
    let word = isBreak ? "break" : "continue"
    guard let loopIndex = control.lastIndex(where: { $0.kind != .branch }) else {
      error(.breakOutsideLoop, "'\(word)' is only allowed inside a loop", at: range)
      return nil
    }
    guard control[loopIndex].kind == .loop else {
      error(
        .breakInUnroll,
        "'\(word)' cannot leave an 'unroll for', whose iterations are copied at compile time",
        at: range)
      return nil
    }
    let varying = control[loopIndex...].contains { $0.isVarying || $0.restIsMasked }
    if varying {
      control[loopIndex].restIsMasked = true
      if isBreak { control[loopIndex].hasVaryingExit = true }
    }
    return CheckedStatement(kind: isBreak ? .breakStatement : .continueStatement, range: range)
  }

  /// Whether every path through `block` ends in `return`.
  func alwaysReturns(_ block: Block) -> Bool {
    block.statements.contains { statement in
      switch statement.kind {
      case .returnStatement: return true
      case .ifElse(_, let then, let otherwise?):
        return alwaysReturns(then) && alwaysReturns(otherwise)
      default: return false
      }
    }
  }
}
