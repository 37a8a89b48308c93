/// Cleans up the control-flow graph: branches on constants become jumps, unreachable
/// blocks go, empty forwarding blocks are bypassed, and a block with a single
/// predecessor that jumps to it is merged into that predecessor.
public struct SimplifyCFG: FunctionPass {
  public init() {}
  public var name: String { "simplify-cfg" }

  public func run(on function: inout Function) {
    var changed = true
    var rounds = 0
    while changed && rounds < 1000 {
      rounds += 1
      changed = foldConstantBranches(&function)
      changed = removeUnreachable(&function) || changed
      changed = bypassForwarders(&function) || changed
      changed = mergeChains(&function) || changed
    }
  }

  private func foldConstantBranches(_ function: inout Function) -> Bool {
    var constants: [Value: UInt32] = [:]
    for block in function.blocks {
      for instruction in block.instructions where instruction.opcode == .constant {
        if let result = instruction.result { constants[result] = instruction.immediate }
      }
    }
    var changed = false
    for index in function.blocks.indices {
      guard
        case .conditionalBranch(let condition, let thenTarget, let elseTarget) =
          function.blocks[index].terminator
      else { continue }
      if let bits = constants[condition] {
        function.blocks[index].terminator = .branch(bits != 0 ? thenTarget : elseTarget)
        changed = true
      } else if thenTarget == elseTarget {
        function.blocks[index].terminator = .branch(thenTarget)
        changed = true
      }
    }
    return changed
  }

  private func removeUnreachable(_ function: inout Function) -> Bool {
    function.removeUnreachableBlocks()
  }

  /// Retargets edges into an empty block (one with no instructions that just branches
  /// on) to that block's own target, substituting the block's parameters by the
  /// edge's arguments. Values other than the parameters are defined in the empty
  /// block's dominators, so they dominate its predecessors too.
  private func bypassForwarders(_ function: inout Function) -> Bool {
    var forward: [BlockID: (parameters: [Value], target: BlockTarget)] = [:]
    let uses = function.useCounts()
    for block in function.blocks.dropFirst() where block.instructions.isEmpty {
      guard case .branch(let target) = block.terminator, target.block != block.id else {
        continue
      }
      // The parameters must be used only by the block's own branch, which goes away.
      let local = target.arguments.reduce(into: [Value: Int]()) { $0[$1, default: 0] += 1 }
      if block.parameters.allSatisfy({ uses[$0.id] == local[$0, default: 0] }) {
        forward[block.id] = (block.parameters, target)
      }
    }
    guard !forward.isEmpty else { return false }
    var changed = false
    for index in function.blocks.indices {
      let own = function.blocks[index].id
      function.blocks[index].terminator = function.blocks[index].terminator.mapTargets { edge in
        // Follow one step only; chains resolve over the fixed-point rounds.
        guard let (parameters, next) = forward[edge.block], next.block != own,
          next.block != edge.block, parameters.count == edge.arguments.count
        else { return edge }
        var substitution: [Value: Value] = [:]
        for (parameter, argument) in zip(parameters, edge.arguments) {
          substitution[parameter] = argument
        }
        changed = true
        return BlockTarget(next.block, next.arguments.map { substitution[$0] ?? $0 })
      }
    }
    return changed
  }

  /// Merges `B` into `A` when `A` ends with `br B(args)` and `A` is `B`'s only predecessor.
  private func mergeChains(_ function: inout Function) -> Bool {
    var predecessors = function.predecessors()
    let indices = function.blockIndices()
    var merged = Set<BlockID>()
    var replacements: [Value: Value] = [:]
    for index in function.blocks.indices {
      let own = function.blocks[index].id
      guard !merged.contains(own) else { continue }
      // Absorb successors for as long as the chain goes on.
      while case .branch(let target) = function.blocks[index].terminator,
        target.block != own, target.block != function.entry,
        predecessors[target.block]?.count == 1, !merged.contains(target.block),
        let successorIndex = indices[target.block]
      {
        let successor = function.blocks[successorIndex]
        for (parameter, argument) in zip(successor.parameters, target.arguments) {
          replacements[parameter] = argument
        }
        function.blocks[index].instructions += successor.instructions
        function.blocks[index].terminator = successor.terminator
        for next in successor.terminator.targets {
          predecessors[next.block] = predecessors[next.block]?.map { $0 == successor.id ? own : $0 }
        }
        merged.insert(successor.id)
      }
    }
    guard !merged.isEmpty else { return false }
    function.blocks.removeAll { merged.contains($0.id) }
    function.replaceUses(replacements)
    return true
  }
}

extension Function {
  /// Removes the blocks the entry cannot reach; returns whether there were any.
  @discardableResult
  public mutating func removeUnreachableBlocks() -> Bool {
    let dominators = DominatorTree(self)
    let before = blocks.count
    blocks.removeAll { !dominators.isReachable($0.id) }
    return blocks.count != before
  }
}
