/// Loop-invariant code motion: pure instructions whose operands are all defined
/// outside a loop move to the loop's preheader (making one if needed), innermost
/// loops first, so invariant address arithmetic leaves nested loops level by level.
///
/// Every pure operation is total (nothing traps), so hoisting out of a conditional
/// block is always safe.
public struct LoopInvariantCodeMotion: FunctionPass {
  public init() {}
  public var name: String { "licm" }

  public func run(on function: inout Function) {
    var done = Set<BlockID>()
    // Re-analyse after each loop: making a preheader changes the enclosing loops.
    while let loop = LoopAnalysis.loops(in: function).first(where: { !done.contains($0.header) }) {
      done.insert(loop.header)
      hoist(loop, in: &function)
    }
  }

  private func hoist(_ loop: Loop, in function: inout Function) {
    var inside = LoopAnalysis.definedValues(in: loop, of: function)
    var hoisted: [Instruction] = []
    let order = DominatorTree(function).reversePostorder.filter { loop.blocks.contains($0) }
    let indices = function.blockIndices()
    for block in order {
      guard let index = indices[block] else { continue }
      function.blocks[index].instructions.removeAll { instruction in
        guard instruction.opcode.isPure, let result = instruction.result,
          instruction.operands.allSatisfy({ !inside.contains($0) })
        else { return false }
        inside.remove(result)
        hoisted.append(instruction)
        return true
      }
    }
    guard !hoisted.isEmpty else { return }
    let preheader = LoopAnalysis.preheader(of: loop, in: &function)
    function.blocks[preheader].instructions += hoisted
  }
}
