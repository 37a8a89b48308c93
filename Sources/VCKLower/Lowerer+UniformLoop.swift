import VCKIR
import VCKLang

/// A varying `for` loop entered with every lane active (the grid-stride loop
/// `for i in gid() ..< n step gsize()` and the like) first runs a *main loop* with uniform
/// control: while every lane's counter is in range it runs `factor` copies of the body
/// unmasked, one after the other, and branches back on one vote. The original masked loop
/// then finishes the lanes that are left (for a grid-stride loop at most one iteration).
///
/// The main loop runs exactly the iterations the masked loop would have run, in the same
/// order per lane: a copy of the body runs only when every lane's counter is below the
/// bound, so the masked loop would have run it with every lane active.
///
/// With `factor` > 1 (u32 counters only), the main loop tests `i < limit`, where
/// `limit = n − (factor − 1)·s` (0 when that would underflow or `(factor − 1)·s` overflows):
/// then `i + k·s < n` for every copy `k` without wrapping, so each copy's counter is in
/// range. The copies sit in one block, which lets the scheduler issue their loads together
/// (several TMU lookups in flight).
extension Lowerer {
  /// The most copies of the body the main loop runs per vote.
  static let maximumMainLoopFactor = 16
  /// Bodies with more IR instructions than this are not copied (factor 1).
  static let maximumCopiedBodySize = 48
  /// Load-only bodies of at most this many IR instructions get twice the copies.
  static let smallBodySize = 12
  /// TMU result words a thread may have outstanding in 2-thread mode (16 / threads).
  static let resultWordsPerThread = 8

  /// Whether `body` can run in a main loop: no `return` or barrier anywhere in it, and no
  /// `break` or `continue` of this loop (those change which lanes run the next iteration;
  /// those of nested loops are fine).
  static func canRunUnmasked(_ body: CheckedBlock) -> Bool {
    var pending = body.statements.map { ($0, false) }
    while let (statement, nested) = pending.popLast() {
      switch statement.kind {
      case .returnStatement, .barrier: return false
      case .breakStatement, .continueStatement: if !nested { return false }
      case .ifElse(_, let thenBlock, let elseBlock):
        pending += thenBlock.statements.map { ($0, nested) }
        pending += (elseBlock?.statements ?? []).map { ($0, nested) }
      case .whileLoop(_, let inner, _), .forLoop(_, _, _, _, let inner, _):
        pending += inner.statements.map { ($0, true) }
      case .unrolledFor(_, _, _, _, let inner):
        pending += inner.statements.map { ($0, nested) }
      default: break
      }
    }
    return true
  }

  /// Lowers the main loop of a varying `for` (see above) and leaves the builder in a block
  /// from which the masked loop continues with the counter where the main loop left it.
  mutating func lowerMainLoop(
    counter: VariableID, limit: Value, stride: Value, body: CheckedBlock
  ) throws(LoweringError) {
    let counterKey = key(counter)
    let isUnsigned = type(of: limit).scalar == .u32 && type(of: stride).scalar == .u32
    let factor = isUnsigned ? try mainLoopFactor(counter: counter, stride: stride, body: body) : 1

    // The bound the main loop tests.
    var bound = limit
    if factor > 1 {
      let copies = UInt32(factor - 1)
      let span = emit(.mul, [stride, constant(copies, .u32)])
      let fits = emit(.le, [stride, constant(UInt32.max / copies, .u32)])
      let reduced = emit(.sub, [limit, emit(.min, [limit, span])])
      bound = emit(.select, [fits, reduced, constant(0, .u32)])
    }

    let mainBlock = ssa.makeBlock()
    let join = ssa.makeBlock()
    let enter = emit(.all, [emit(.lt, [ssa.read(counterKey), bound])])
    ssa.branch(if: enter, then: mainBlock, else: join)
    ssa.position(at: mainBlock)
    for _ in 0..<factor {
      try lower(body)
      ssa.write(counterKey, emit(.add, [ssa.read(counterKey), stride]))
    }
    let again = emit(.all, [emit(.lt, [ssa.read(counterKey), bound])])
    ssa.branch(if: again, then: mainBlock, else: join)
    ssa.seal(mainBlock)
    ssa.seal(join)
    ssa.position(at: join)
  }

  /// How many copies of `body` the main loop runs per vote: as many as keep the loads of
  /// one pass within the thread's TMU result FIFO, unless the body is large. Found by
  /// lowering the body once on a copy of the lowerer (value semantics: nothing is kept).
  private func mainLoopFactor(
    counter: VariableID, stride: Value, body: CheckedBlock
  ) throws(LoweringError) -> Int {
    var trial = self
    let before = trial.ssa.builder.function.blocks.flatMap(\.instructions)
    let scratch = trial.ssa.makeBlock()
    trial.ssa.seal(scratch)
    trial.ssa.position(at: scratch)
    try trial.lower(body)
    let emitted = trial.ssa.builder.function.blocks.flatMap(\.instructions)
    let added = emitted.count - before.count
    // Loads and atomics each return one word per lane through the TMU result FIFO.
    func results(_ instructions: [Instruction]) -> Int {
      instructions.filter { $0.opcode == .load || $0.opcode.isAtomic }.count
    }
    let loads = results(emitted) - results(before)
    func stores(_ instructions: [Instruction]) -> Int {
      instructions.filter { $0.opcode == .store }.count
    }
    guard added <= Self.maximumCopiedBodySize else { return 1 }
    guard loads > 0 else { return 4 }
    // A small body that only loads gets copies for two FIFO-fulls of words: the backend
    // then issues the second half's lookups as the first half's results are popped, so
    // the FIFO drains once per pass instead of twice. Bodies that store keep one
    // FIFO-full (their loaded values wait for the stores in registers).
    let fifoFulls = stores(emitted) == stores(before) && added <= Self.smallBodySize ? 2 : 1
    return max(
      1, min(Self.maximumMainLoopFactor, fifoFulls * Self.resultWordsPerThread / loads))
  }
}
