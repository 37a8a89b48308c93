import Testing
import VCKIR

/// A function with `count` blocks whose terminators follow `edges` (one or two targets
/// per block, or none for `return`), for checking analyses on arbitrary graphs.
private func graph(_ edges: [[Int]]) -> Function {
  var builder = IRBuilder(name: "graph", parameters: [])
  let flag = builder.constant(true)
  var ids = [builder.currentBlock]
  for _ in 1..<edges.count { ids.append(builder.makeBlock().0) }
  for (index, targets) in edges.enumerated() {
    builder.position(at: ids[index])
    switch targets.count {
    case 0: builder.returnFromKernel()
    case 1: builder.branch(to: ids[targets[0]])
    default:
      builder.branch(
        if: flag, then: BlockTarget(ids[targets[0]]), else: BlockTarget(ids[targets[1]]))
    }
  }
  return builder.function
}

/// Whether the entry reaches `target` without passing through `avoided`.
private func reaches(_ function: Function, _ target: BlockID, avoiding avoided: BlockID?) -> Bool {
  let indices = function.blockIndices()
  var seen: Set<BlockID> = []
  var pending = [function.entry]
  while let block = pending.popLast() {
    guard block != avoided, seen.insert(block).inserted else { continue }
    if block == target { return true }
    pending += function.blocks[indices[block]!].terminator.targets.map(\.block)
  }
  return false
}

@Suite struct AnalysisScalingTests {
  /// The array-based dominator tree agrees with the definition (a dominates b when every
  /// path from the entry to b passes a) on random graphs with loops and dead blocks.
  @Test(arguments: 0..<40) func dominatorsMatchTheDefinition(seed: UInt64) {
    var random = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    func next(_ bound: Int) -> Int {
      random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((random >> 33) % UInt64(bound))
    }
    let count = 2 + next(12)
    // Targets never include the entry (block 0), which may have no predecessors.
    let edges = (0..<count).map { _ in (0..<next(3)).map { _ in 1 + next(count - 1) } }
    let function = graph(edges)
    let tree = DominatorTree(function)
    for a in function.blocks.map(\.id) {
      #expect(tree.isReachable(a) == reaches(function, a, avoiding: nil))
      for b in function.blocks.map(\.id) where tree.isReachable(b) {
        let expected = tree.isReachable(a) && (a == b || !reaches(function, b, avoiding: a))
        #expect(tree.dominates(a, b) == expected, "\(edges): \(a) dominates \(b)?")
      }
    }
    // The tree's parent links agree with `dominates`.
    for (child, parent) in tree.immediateDominator {
      #expect(tree.dominates(parent, child) && parent != child)
      #expect(tree.children(of: parent).contains(child))
    }
  }

  /// Peak live values: a value stays live to its last use, a loop-carried value through
  /// the whole loop.
  @Test func peakLiveValuesCountsOverlappingLifetimes() throws {
    var builder = IRBuilder(
      name: "live", parameters: [Parameter(name: "out", kind: .buffer(element: .u32))])
    let out = builder.parameterValues[0]
    let values = (0..<5).map { builder.constant(UInt32($0)) }
    var sum = values[0]
    for value in values.dropFirst() { sum = builder.emit(.add, [sum, value]) }
    builder.store(sum, address: out)
    builder.returnFromKernel()
    // out and the five constants are live together just before the first add.
    #expect(LiveValues.peak(in: builder.function) == 6)
  }

  /// LICM and strength reduction visit loops innermost first on one analysis that
  /// they update as preheaders appear: what leaves the inner loop lands in its new
  /// preheader, which lies in the outer loop, and moves on out of that loop too.
  @Test func loopPassesHoistOutOfNestedLoopsLevelByLevel() throws {
    let text = """
      kernel @nest(%0: u32 n, %1: *u32 x) {
      ^0(%0: u32, %1: u32):
        %2 = const 0 : u32
        %3 = const 1 : u32
        br ^1(%2)
      ^1(%4: u32):
        %5 = lt %4, %0 : bool
        cbr %5, ^2, ^4
      ^2:
        %6 = const 0 : u32
        %7 = const 1 : u32
        br ^5(%6)
      ^3:
        %8 = add %4, %3 : u32
        br ^1(%8)
      ^4:
        ret
      ^5(%9: u32):
        %10 = lt %9, %0 : bool
        cbr %10, ^6, ^8
      ^6:
        %11 = const 4 : u32
        %12 = mul %4, %11 : u32
        %13 = add %12, %9 : u32
        %14 = const 2 : u32
        %15 = shl %13, %14 : u32
        %16 = add %1, %15 : u32
        %17 = load %16 : u32
        %18 = add %17, %3 : u32
        store %16, %18 : u32
        br ^7
      ^7:
        %19 = add %9, %7 : u32
        br ^5(%19)
      ^8:
        br ^3
      }
      """
    let original = try IRParser.parse(text)
    var function = original
    LoopInvariantCodeMotion().run(on: &function)
    try Verifier.verify(function)
    func opcodes(inLoopsOf size: ClosedRange<Int>) -> [Opcode] {
      let blocks = LoopAnalysis.loops(in: function).filter { size.contains($0.blocks.count) }
        .reduce(into: Set<BlockID>()) { $0.formUnion($1.blocks) }
      return function.blocks.filter { blocks.contains($0.id) }.flatMap(\.instructions)
        .map(\.opcode)
    }
    let inner = opcodes(inLoopsOf: 1...4)
    #expect(!inner.contains(.constant))
    #expect(!inner.contains(.mul))  // %4 * 4 is invariant in the inner loop
    #expect(opcodes(inLoopsOf: 5...100).filter { $0 == .constant }.isEmpty)
    StrengthReduction().run(on: &function)
    DeadCodeElimination().run(on: &function)
    try Verifier.verify(function)
    #expect(!opcodes(inLoopsOf: 1...4).contains(.shl))

    // Same memory effect as the original on a 3 × 3 example.
    func run(_ function: Function) throws -> [UInt32] {
      var buffers = [[UInt32](repeating: 7, count: 16)]
      try Interpreter(function: function, qpuCount: 1).run(
        arguments: [.u32(3), .buffer(0)], buffers: &buffers)
      return buffers[0]
    }
    #expect(try run(function) == run(original))
  }
}
