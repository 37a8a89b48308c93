extension FunctionChecker {
  /// The most iterations one `unroll for` may have.
  static let maximumUnrollCount = 1024
  /// The most copies of a body that nested `unroll for` loops may make together.
  static let maximumUnrollProduct = 65536

  /// Types the bounds and step of a `for`: all three share one integer type. Untyped
  /// constants take the type of the typed ones, and `i32` when none is typed.
  func checkLoopBounds(_ loop: ForSyntax) -> (
    CheckedExpression, CheckedExpression, CheckedExpression?
  )? {
    let parts = [loop.start, loop.end] + (loop.step.map { [$0] } ?? [])
    var type: ScalarType?
    var typed: [Int: CheckedExpression] = [:]
    for (index, part) in parts.enumerated() where !isUntypedInteger(part) {
      guard let checked = check(part, expected: type.map { .scalar($0) }) else { return nil }
      typed[index] = checked
      if type == nil { type = checked.type.scalar }
    }
    let counterType = type ?? .i32
    guard counterType.isInteger else {
      let culprit = typed.sorted { $0.key < $1.key }.first?.value
      error(
        .typeMismatch,
        "loop bounds must be integers (i32 or u32), found '\(culprit?.type.description ?? counterType.rawValue)'",
        at: culprit?.range ?? loop.start.range)
      return nil
    }
    var checked: [CheckedExpression] = []
    for (index, part) in parts.enumerated() {
      let value: CheckedExpression
      if let existing = typed[index] {
        value = existing
      } else {
        guard let untyped = checkUntyped(part, as: counterType) else { return nil }
        value = untyped
      }
      guard require(value, .scalar(counterType), index == 2 ? "the loop step" : "the loop bound")
      else { return nil }
      checked.append(value)
    }
    if checked.count == 3, let step = checked[2].constantValue?.integer,
      step <= 0 || (counterType == .i32 && step > Int64(Int32.max))
    {
      error(.invalidStep, "the loop step must be positive, found \(step)", at: checked[2].range)
      return nil
    }
    return (checked[0], checked[1], checked.count == 3 ? checked[2] : nil)
  }

  func checkFor(_ loop: ForSyntax, range: SourceRange) -> CheckedStatement? {
    let bounds = checkLoopBounds(loop)
    let boundsUniformity =
      bounds.map {
        $0.0.uniformity.joined(with: $0.1.uniformity).joined(with: $0.2?.uniformity ?? .uniform)
      } ?? .uniform
    let isVarying =
      boundsUniformity == .varying || varyingLoops.contains(range.start) || pessimistic
    control.append(
      ControlFrame(
        kind: .loop, isVarying: isVarying,
        conditionRange: loop.start.range.union(loop.end.range), key: range.start))
    scopes.append([:])
    let counterType = bounds.map { $0.0.type } ?? .i32
    let counter = declare(
      loop.variable, kind: .loopCounter, type: counterType, uniformity: boundsUniformity)
    if bounds == nil, let counter { poisoned.insert(counter.index) }
    let body = checkBlock(loop.body)
    closeScope(scopes.removeLast())
    let frame = popFrame()
    guard let (start, end, step) = bounds, let counter else { return nil }
    let one = CheckedExpression(
      kind: .literal(.integer(1)), type: counterType, uniformity: .uniform,
      constantValue: .integer(1), range: SourceRange(at: loop.end.range.end))
    return CheckedStatement(
      kind: .forLoop(
        counter: counter, start: start, end: end, step: step ?? one, body: body,
        info: LoopInfo(isVarying: frame.isVarying || frame.hasVaryingExit)),
      range: range)
  }

  func checkUnrolledFor(_ loop: ForSyntax, range: SourceRange) -> CheckedStatement? {
    var values: [Int64] = []
    var bounds: (Int64, Int64, Int64)?
    if let (start, end, step) = checkLoopBounds(loop) {
      let parts = [start, end] + (step.map { [$0] } ?? [])
      var constants: [Int64] = []
      for part in parts {
        guard let value = part.constantValue?.integer else {
          error(
            .notConstant, "the bounds and step of 'unroll for' must be compile-time constants",
            at: part.range,
            notes: [
              DiagnosticNote("use a plain 'for' loop for bounds known only at run time", at: nil)
            ])
          break
        }
        constants.append(value)
      }
      if constants.count == parts.count {
        let stride = constants.count == 3 ? constants[2] : 1
        let count =
          constants[1] > constants[0] ? (constants[1] - constants[0] + stride - 1) / stride : 0
        if count > Int64(FunctionChecker.maximumUnrollCount) {
          error(
            .unrollTooLarge,
            "'unroll for' would make \(count) copies of its body (the limit is \(FunctionChecker.maximumUnrollCount))",
            at: loop.start.range.union(loop.end.range))
        } else if Int64(unrollProduct) * max(count, 1) > Int64(FunctionChecker.maximumUnrollProduct)
        {
          error(
            .unrollTooLarge,
            "nested 'unroll for' loops would make \(Int64(unrollProduct) * count) copies of the innermost body (the limit is \(FunctionChecker.maximumUnrollProduct))",
            at: loop.start.range.union(loop.end.range))
        } else {
          values = Array(Swift.stride(from: constants[0], to: constants[1], by: Int(stride)))
          bounds = (constants[0], constants[1], stride)
        }
      }
    }
    control.append(
      ControlFrame(
        kind: .unrolledLoop, isVarying: false,
        conditionRange: loop.start.range.union(loop.end.range),
        key: range.start))
    scopes.append([:])
    let counter = declare(loop.variable, kind: .unrollCounter, type: .i32, uniformity: .uniform)
    let savedProduct = unrollProduct
    if let counter {
      if bounds == nil { poisoned.insert(counter.index) } else { unrollValues[counter] = values }
    }
    unrollProduct = savedProduct * max(values.count, 1)
    let body = checkBlock(loop.body)
    unrollProduct = savedProduct
    closeScope(scopes.removeLast())
    popFrame()
    guard let (start, end, step) = bounds, let counter else { return nil }
    return CheckedStatement(
      kind: .unrolledFor(counter: counter, start: start, end: end, step: step, body: body),
      range: range)
  }
}
