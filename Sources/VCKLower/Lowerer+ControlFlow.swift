import VCKIR
import VCKLang

extension Lowerer {
  /// `if` on a uniform condition: an ordinary branch.
  mutating func lowerUniformIf(
    _ condition: CheckedExpression, _ thenBlock: CheckedBlock, _ elseBlock: CheckedBlock?
  ) throws(LoweringError) {
    let flag = try value(condition)
    let thenTarget = ssa.makeBlock()
    let join = ssa.makeBlock()
    let elseTarget = elseBlock == nil ? join : ssa.makeBlock()
    ssa.branch(if: flag, then: thenTarget, else: elseTarget)
    ssa.seal(thenTarget)
    ssa.position(at: thenTarget)
    try lower(thenBlock)
    ssa.jump(to: join)
    if let elseBlock {
      ssa.seal(elseTarget)
      ssa.position(at: elseTarget)
      try lower(elseBlock)
      ssa.jump(to: join)
    }
    ssa.seal(join)
    ssa.position(at: join)
  }

  /// `if` on a varying condition: each side runs under its part of the mask, and only
  /// when some lane takes it.
  mutating func lowerVaryingIf(
    _ condition: CheckedExpression, _ thenBlock: CheckedBlock, _ elseBlock: CheckedBlock?
  ) throws(LoweringError) {
    let outerMask = ssa.read(.mask)
    let outerAllActive = allLanesActive
    let exitsBefore = scopes.map(\.maskedExits)
    let flag = try value(condition)
    let thenMask = emit(.and, [outerMask, flag])
    let elseMask = elseBlock == nil ? nil : emit(.and, [outerMask, emit(.not, [flag])])

    try lowerMasked(thenBlock, mask: thenMask)
    if let elseBlock, let elseMask {
      try lowerMasked(elseBlock, mask: elseMask)
    }
    restoreMask(outerMask, allActive: outerAllActive, exitsBefore: exitsBefore)
  }

  /// Runs `block` under `mask` if any lane of it is set; continues after it either way.
  private mutating func lowerMasked(_ block: CheckedBlock, mask: Value) throws(LoweringError) {
    let body = ssa.makeBlock()
    let after = ssa.makeBlock()
    ssa.branch(if: emit(.any, [mask]), then: body, else: after)
    ssa.seal(body)
    ssa.position(at: body)
    ssa.write(.mask, mask)
    allLanesActive = false
    varyingNesting += 1
    try lower(block)
    varyingNesting -= 1
    ssa.jump(to: after)
    ssa.seal(after)
    ssa.position(at: after)
  }

  /// After a varying construct: the lanes active before it, minus those that left
  /// through a `return`/`break`/`continue` inside it.
  mutating func restoreMask(_ outerMask: Value, allActive: Bool, exitsBefore: [Int]) {
    var mask = outerMask
    var anyExit = false
    for index in scopes.indices where index < exitsBefore.count {
      guard scopes[index].maskedExits > exitsBefore[index] else { continue }
      anyExit = true
      let scope = scopes[index]
      var keys: [VariableKey] = []
      if scope.kind == .loop {
        if scope.maskedBreaks > 0 { keys.append(.broken(scope: scope.id)) }
        if scope.maskedContinues > 0 { keys.append(.continued(scope: scope.id)) }
      } else {
        keys.append(.returned(scope: scope.id))
      }
      for key in keys { mask = emit(.and, [mask, emit(.not, [ssa.read(key)])]) }
    }
    ssa.write(.mask, mask)
    allLanesActive = allActive && !anyExit
  }

  /// `while`/`for`: a header that tests the condition, the body, and a latch that runs
  /// the increment. A varying loop repeats while any lane is active; each lane stops
  /// when its condition fails.
  mutating func lowerLoop(
    varying: Bool, body: CheckedBlock,
    condition: (inout Lowerer) throws(LoweringError) -> Value,
    increment: ((inout Lowerer) -> Void)? = nil
  ) throws(LoweringError) {
    let entryMask = ssa.read(.mask)
    let outerAllActive = allLanesActive
    let exitsBefore = scopes.map(\.maskedExits)
    let header = ssa.makeBlock()
    let bodyBlock = ssa.makeBlock()
    let latch = ssa.makeBlock()
    let exit = ssa.makeBlock()
    ssa.jump(to: header)
    ssa.position(at: header)
    if varying {
      allLanesActive = false
      let loopMask = ssa.read(.mask)
      let flag = try condition(&self)
      let bodyMask = emit(.and, [loopMask, flag])
      ssa.branch(if: emit(.any, [bodyMask]), then: bodyBlock, else: exit)
      ssa.seal(bodyBlock)
      ssa.position(at: bodyBlock)
      ssa.write(.mask, bodyMask)
      varyingNesting += 1
    } else {
      let flag = try condition(&self)
      ssa.branch(if: flag, then: bodyBlock, else: exit)
      ssa.seal(bodyBlock)
      ssa.position(at: bodyBlock)
    }
    let scopeID = nextScope
    nextScope += 1
    scopes.append(
      ControlScope(kind: .loop, id: scopeID, nesting: varyingNesting, exit: exit, latch: latch))
    ssa.types[.broken(scope: scopeID)] = .varying(.bool)
    ssa.types[.continued(scope: scopeID)] = .varying(.bool)
    ssa.write(.broken(scope: scopeID), constant(false))
    ssa.write(.continued(scope: scopeID), constant(false))

    try lower(body)

    ssa.jump(to: latch)
    ssa.seal(latch)
    ssa.position(at: latch)
    let scope = scopes.removeLast()
    if scope.maskedContinues > 0 {
      let resumed = emit(.or, [ssa.read(.mask), ssa.read(.continued(scope: scopeID))])
      ssa.write(.mask, resumed)
    }
    increment?(&self)
    if !varying && scope.maskedBreaks + scope.maskedReturns > 0 {
      // A uniform loop some lanes left: stop early once none is left.
      ssa.branch(if: emit(.any, [ssa.read(.mask)]), then: header, else: exit)
    } else {
      ssa.jump(to: header)
    }
    ssa.seal(header)
    if varying { varyingNesting -= 1 }
    ssa.seal(exit)
    ssa.position(at: exit)
    // Lanes that took `break` or failed the condition rejoin; returned lanes do not.
    restoreMask(entryMask, allActive: outerAllActive, exitsBefore: exitsBefore)
  }

  /// Whether a loop body can leave some lanes behind (a `break` or `return` under a
  /// varying `if`, or a `break` after a varying `continue`), so the loop needs a mask
  /// even when its condition is uniform.
  static func needsMask(_ body: CheckedBlock) -> Bool {
    var pending: [(statement: CheckedStatement, masked: Bool, nestedLoop: Bool)] =
      body.statements.map { ($0, false, false) }
    var maskedContinue = false
    var anyBreak = false
    while let (statement, masked, nestedLoop) = pending.popLast() {
      func add(_ block: CheckedBlock?, masked: Bool, nestedLoop: Bool) {
        for inner in block?.statements ?? [] { pending.append((inner, masked, nestedLoop)) }
      }
      switch statement.kind {
      case .returnStatement: if masked { return true }
      case .breakStatement where !nestedLoop:
        if masked { return true }
        anyBreak = true
      case .continueStatement where !nestedLoop: if masked { maskedContinue = true }
      case .ifElse(let condition, let thenBlock, let elseBlock):
        let inner = masked || condition.uniformity == .varying
        add(thenBlock, masked: inner, nestedLoop: nestedLoop)
        add(elseBlock, masked: inner, nestedLoop: nestedLoop)
      case .whileLoop(_, let inner, let info), .forLoop(_, _, _, _, let inner, let info):
        add(inner, masked: masked || info.isVarying, nestedLoop: true)
      case .unrolledFor(_, _, _, _, let inner):
        add(inner, masked: masked, nestedLoop: nestedLoop)
      default: break
      }
    }
    return maskedContinue && anyBreak
  }

  /// Whether all lanes active at the start of scope `index`'s body are still active and
  /// at the same varying depth, so leaving it can be a plain branch.
  private func canLeaveTogether(upTo index: Int, allowingPendingBreaks: Bool) -> Bool {
    guard varyingNesting == scopes[index].nesting else { return false }
    for inner in scopes.indices where inner >= index && scopes[inner].kind == .loop {
      if scopes[inner].maskedContinues > 0 { return false }
      if !allowingPendingBreaks && scopes[inner].maskedBreaks > 0 { return false }
    }
    return true
  }

  private var innermostFunctionScope: Int {
    scopes.lastIndex { $0.kind != .loop } ?? 0
  }

  mutating func lowerBreak(at range: SourceRange) throws(LoweringError) {
    guard let index = scopes.lastIndex(where: { $0.kind == .loop }),
      index > innermostFunctionScope, let exit = scopes[index].exit
    else { throw LoweringError("'break' outside a loop", at: range) }
    if canLeaveTogether(upTo: index, allowingPendingBreaks: true) {
      ssa.jump(to: exit)
      ssa.startUnreachableBlock()
      return
    }
    let key = VariableKey.broken(scope: scopes[index].id)
    ssa.write(key, emit(.or, [ssa.read(key), ssa.read(.mask)]))
    ssa.write(.mask, constant(false))
    scopes[index].maskedBreaks += 1
    allLanesActive = false
  }

  mutating func lowerContinue(at range: SourceRange) throws(LoweringError) {
    guard let index = scopes.lastIndex(where: { $0.kind == .loop }),
      index > innermostFunctionScope, let latch = scopes[index].latch
    else { throw LoweringError("'continue' outside a loop", at: range) }
    if varyingNesting == scopes[index].nesting {
      ssa.jump(to: latch)
      ssa.startUnreachableBlock()
      return
    }
    let key = VariableKey.continued(scope: scopes[index].id)
    ssa.write(key, emit(.or, [ssa.read(key), ssa.read(.mask)]))
    ssa.write(.mask, constant(false))
    scopes[index].maskedContinues += 1
    allLanesActive = false
  }

  mutating func lowerReturn(_ result: CheckedExpression?, at range: SourceRange)
    throws(LoweringError)
  {
    let index = innermostFunctionScope
    let scope = scopes[index]
    let together = canLeaveTogether(upTo: index, allowingPendingBreaks: false)
    if scope.kind == .helper, let result {
      let value = try value(result)
      // Lanes that returned earlier keep their result.
      if together && scope.maskedReturns == 0 {
        ssa.write(.result(scope: scope.id), value)
      } else {
        assign(.result(scope: scope.id), value)
      }
    }
    if together {
      if scope.kind == .kernel {
        ssa.returnFromKernel()
      } else if let exit = scope.exit {
        ssa.jump(to: exit)
      }
      ssa.startUnreachableBlock()
      return
    }
    let key = VariableKey.returned(scope: scope.id)
    ssa.write(key, emit(.or, [ssa.read(key), ssa.read(.mask)]))
    ssa.write(.mask, constant(false))
    scopes[index].maskedReturns += 1
    allLanesActive = false
  }
}
