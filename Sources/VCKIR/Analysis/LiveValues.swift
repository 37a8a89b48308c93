/// How many SSA values are live at once: a measure of the register pressure a function
/// puts on the backend, before instruction selection (which adds temporaries and may
/// rematerialise constants, so the backend's own count differs).
///
/// A value is live from its definition (an instruction result, or a block parameter at
/// the block's start) to its last use on any path; a branch argument is used at the end
/// of the branching block.
public enum LiveValues {
  /// The most values live between two instructions anywhere in `function` (unreachable
  /// blocks count too).
  public static func peak(in function: Function) -> Int {
    let liveOut = liveOutSets(function)
    var peak = 0
    for (index, block) in function.blocks.enumerated() {
      var live = liveOut[index]
      for operand in block.terminator.operands { live.insert(operand) }
      peak = max(peak, live.count)
      for instruction in block.instructions.reversed() {
        if let result = instruction.result { live.remove(result) }
        for operand in instruction.operands { live.insert(operand) }
        peak = max(peak, live.count)
      }
    }
    return peak
  }

  /// The values live at the end of each block (indexed like ``Function/blocks``), by
  /// backward data-flow iteration in postorder.
  static func liveOutSets(_ function: Function) -> [Set<Value>] {
    let count = function.blocks.count
    let indices = function.blockIndices()
    var uses = [Set<Value>](repeating: [], count: count)
    var definitions = [Set<Value>](repeating: [], count: count)
    for (index, block) in function.blocks.enumerated() {
      var defined = Set(block.parameters)
      var used = Set<Value>()
      for instruction in block.instructions {
        for operand in instruction.operands where !defined.contains(operand) {
          used.insert(operand)
        }
        if let result = instruction.result { defined.insert(result) }
      }
      for operand in block.terminator.operands where !defined.contains(operand) {
        used.insert(operand)
      }
      uses[index] = used
      definitions[index] = defined
    }
    // Postorder of the reachable blocks first (successors before predecessors converge
    // fastest), then any unreachable ones.
    let reachable = DominatorTree(function).reversePostorder.compactMap { indices[$0] }
    let seen = Set(reachable)
    let order = reachable.reversed() + function.blocks.indices.filter { !seen.contains($0) }
    var liveIn = [Set<Value>](repeating: [], count: count)
    var liveOut = [Set<Value>](repeating: [], count: count)
    var changed = true
    while changed {
      changed = false
      for index in order {
        var out = Set<Value>()
        for target in function.blocks[index].terminator.targets {
          if let successor = indices[target.block] { out.formUnion(liveIn[successor]) }
        }
        let incoming = uses[index].union(out.subtracting(definitions[index]))
        liveOut[index] = out
        if incoming.count != liveIn[index].count {
          liveIn[index] = incoming
          changed = true
        }
      }
    }
    return liveOut
  }
}
