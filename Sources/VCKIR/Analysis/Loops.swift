/// A natural loop: a header and every block that reaches one of its back edges
/// without passing through the header.
public struct Loop: Sendable {
  /// The block every iteration starts in; it dominates the whole loop.
  public var header: BlockID
  /// The header and every block of the body.
  public var blocks: Set<BlockID>
  /// Blocks with an edge back to the header.
  public var latches: [BlockID]
}

/// Loop discovery and the loop-shaping helpers the loop passes share.
public enum LoopAnalysis {
  /// The natural loops of `function`, innermost (smallest) first.
  public static func loops(in function: Function) -> [Loop] {
    let dominators = DominatorTree(function)
    let predecessors = function.predecessors()
    var loops: [BlockID: Loop] = [:]
    for block in function.blocks where dominators.isReachable(block.id) {
      for target in block.terminator.targets where dominators.dominates(target.block, block.id) {
        var loop =
          loops[target.block] ?? Loop(header: target.block, blocks: [target.block], latches: [])
        if !loop.latches.contains(block.id) { loop.latches.append(block.id) }
        var worklist = [block.id]
        while let current = worklist.popLast() {
          guard dominators.isReachable(current), loop.blocks.insert(current).inserted else {
            continue
          }
          worklist += predecessors[current] ?? []
        }
        loops[target.block] = loop
      }
    }
    return loops.values.sorted {
      ($0.blocks.count, $0.header.id) < ($1.blocks.count, $1.header.id)
    }
  }

  /// The loop's preheader: the one block outside the loop that enters it, ending in
  /// an unconditional branch to the header. Makes one when there is none, and returns
  /// its index in ``Function/blocks``.
  public static func preheader(of loop: Loop, in function: inout Function) -> Int {
    let predecessors = function.predecessors()[loop.header] ?? []
    let outside = predecessors.filter { !loop.blocks.contains($0) }
    if outside.count == 1, let index = function.blocks.firstIndex(where: { $0.id == outside[0] }),
      case .branch = function.blocks[index].terminator
    {
      return index
    }
    guard let headerIndex = function.blocks.firstIndex(where: { $0.id == loop.header }) else {
      return 0
    }
    let types = function.blocks[headerIndex].parameters.map { function.type(of: $0) }
    let id = BlockID(function.nextBlockID)
    function.nextBlockID += 1
    let parameters = types.map { function.makeValue($0) }
    for index in function.blocks.indices where outside.contains(function.blocks[index].id) {
      function.blocks[index].terminator = function.blocks[index].terminator.mapTargets {
        $0.block == loop.header ? BlockTarget(id, $0.arguments) : $0
      }
    }
    let preheader = Block(
      id: id, parameters: parameters, instructions: [],
      terminator: .branch(BlockTarget(loop.header, parameters)))
    function.blocks.insert(preheader, at: headerIndex)
    return headerIndex
  }

  /// Values defined (as parameters or results) inside `loop`.
  public static func definedValues(in loop: Loop, of function: Function) -> Set<Value> {
    var values = Set<Value>()
    for block in function.blocks where loop.blocks.contains(block.id) {
      values.formUnion(block.parameters)
      for instruction in block.instructions {
        if let result = instruction.result { values.insert(result) }
      }
    }
    return values
  }
}
