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
    // One analysis, updated as preheaders appear (they change the enclosing loops).
    var nest = LoopNest(function)
    while let loop = nest.nextLoop() { hoist(loop, in: &nest) }
    function = nest.finish()
  }

  private func hoist(_ loop: Int, in nest: inout LoopNest) {
    var inside = nest.definedValues(in: loop)
    var hoisted: [Instruction] = []
    for index in nest.orderedBlocks(of: loop) {
      nest.function.blocks[index].instructions.removeAll { instruction in
        guard instruction.opcode.isPure, let result = instruction.result,
          instruction.operands.allSatisfy({ !inside.contains($0) })
        else { return false }
        inside.remove(result)
        hoisted.append(instruction)
        return true
      }
    }
    guard !hoisted.isEmpty else { return }
    let preheader = nest.preheader(of: loop)
    nest.function.blocks[preheader].instructions += hoisted
  }
}
