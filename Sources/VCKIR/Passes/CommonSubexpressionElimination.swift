/// Global value numbering over the dominator tree: a pure instruction that computes
/// the same operation on the same operands as one in a dominating position is replaced
/// by that earlier result. Commutative operands are put in a canonical order first.
public struct CommonSubexpressionElimination: FunctionPass {
  public init() {}
  public var name: String { "cse" }

  private struct Key: Hashable {
    var opcode: Opcode
    var operands: [Value]
    var type: IRType
    var immediate: UInt32
  }

  public func run(on function: inout Function) {
    let dominators = DominatorTree(function)
    let indices = function.blockIndices()
    var available: [Key: Value] = [:]
    var replacements: [Value: Value] = [:]
    func resolve(_ value: Value) -> Value { replacements[value] ?? value }

    // Iterative preorder walk; each frame remembers the keys it added, to undo them.
    var stack: [(block: BlockID, entered: Bool, added: [Key])] = [(function.entry, false, [])]
    while let frame = stack.popLast() {
      if frame.entered {
        for key in frame.added { available[key] = nil }
        continue
      }
      guard let blockIndex = indices[frame.block] else { continue }
      var added: [Key] = []
      var kept: [Instruction] = []
      for var instruction in function.blocks[blockIndex].instructions {
        instruction.operands = instruction.operands.map(resolve)
        guard instruction.opcode.isPure, let result = instruction.result else {
          kept.append(instruction)
          continue
        }
        var operands = instruction.operands
        if instruction.opcode.isCommutative { operands.sort() }
        let key = Key(
          opcode: instruction.opcode, operands: operands, type: instruction.type,
          immediate: instruction.immediate)
        if let existing = available[key] {
          replacements[result] = existing
        } else {
          available[key] = result
          added.append(key)
          kept.append(instruction)
        }
      }
      function.blocks[blockIndex].instructions = kept
      stack.append((frame.block, true, added))
      for child in dominators.children(of: frame.block).reversed() {
        stack.append((child, false, []))
      }
    }
    function.replaceUses(replacements)
  }
}
