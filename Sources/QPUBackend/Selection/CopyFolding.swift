import VCKIR

/// Decisions made per block before selection, so fewer copies and registers are needed:
///
/// - *Copy folding*: a value computed in a block only to be passed to a parameter of the
///   block its unconditional branch goes to (a loop's carried value) is written straight
///   into the parameter's register, when nothing reads the parameter after that point.
///   The back-edge copy then disappears.
/// - *r5 forwarding*: a broadcast read only by the next instruction stays in r5 (where
///   the broadcast leaves it) instead of being copied to a register.
extension InstructionSelector {
  mutating func planBlock(_ block: Block, uses: [Int]) {
    forwardedInR5 = []
    for (index, instruction) in block.instructions.enumerated()
    where instruction.opcode == .broadcast {
      guard let result = instruction.result, uses[result.id] == 1,
        index + 1 < block.instructions.count
      else { continue }
      let next = block.instructions[index + 1]
      // Operations whose selection reads their operands without writing r5 first.
      let safe: Set<Opcode> = [.add, .sub, .mul, .min, .max, .and, .or, .xor]
      if safe.contains(next.opcode), next.operands.contains(result) {
        forwardedInR5.insert(result)
      }
    }
    guard case .branch(let target) = block.terminator,
      let targetBlock = function.blocks.first(where: { $0.id == target.block })
    else { return }
    let definitionIndex = Dictionary(
      block.instructions.enumerated().compactMap { index, instruction in
        instruction.result.map { ($0, index) }
      }, uniquingKeysWith: { first, _ in first })
    let foldable: Set<Opcode> = [.constant, .qpu, .qpus, .broadcast]
    for (slot, (parameter, argument)) in zip(targetBlock.parameters, target.arguments)
      .enumerated()
    {
      guard let index = definitionIndex[argument], uses[argument.id] == 1,
        aliases[argument] == nil, !foldable.contains(block.instructions[index].opcode),
        function.type(of: argument) == function.type(of: parameter)
      else { continue }
      let readLater = block.instructions[(index + 1)...].contains {
        $0.operands.contains(parameter)
      }
      let readByEdge = target.arguments.enumerated().contains {
        $0.offset != slot && $0.element == parameter
      }
      let definedHere = block.parameters.contains(parameter)
      if readLater || readByEdge || definedHere { continue }
      // Parameters are written only by copies on edges; the folded definition is one more.
      aliases[argument] = register(parameter)
    }
  }
}
