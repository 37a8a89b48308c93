import VCKIR

/// Moves stores down their block past later loads of *other* buffers (the aliasing rule of
/// lang/spec.md §9), so that the loads of an unrolled loop body are issued together and
/// their data can be in flight at once: `L0 S0 L1 S1 …` becomes `L0 L1 … S0 S1 …`.
///
/// A store waits (is emitted) before anything it must stay ahead of: a load or atomic of
/// the same buffer or of an unknown one, a store through an unknown address, a barrier,
/// and the end of the block. Stores keep their order, and at most ``window`` wait at once
/// (each keeps its address and value live).
enum StoreSinking {
  static let window = 8

  /// The function with each block's stores sunk; the values computed are the same.
  /// `addresses` is the function's address analysis (computed here if not given).
  static func sink(_ function: Function, addresses: AddressAnalysis? = nil) -> Function {
    let addresses = addresses ?? AddressAnalysis(function)
    var result = function
    for index in result.blocks.indices {
      result.blocks[index].instructions = sink(result.blocks[index].instructions, addresses)
    }
    return result
  }

  /// Whether two stores are elements of one vector access (``VectorElement``).
  static func sameVectorAccess(_ first: Instruction, _ second: Instruction) -> Bool {
    first.vectorElement != nil && first.vectorElement?.width == second.vectorElement?.width
      && first.operands[0] == second.operands[0] && first.mask == second.mask
  }

  static func sink(_ instructions: [Instruction], _ addresses: AddressAnalysis) -> [Instruction] {
    var output: [Instruction] = []
    var waiting: [(store: Instruction, buffer: Int)] = []
    /// Emits the waiting stores up to and including the last one that satisfies `conflicts`.
    func flush(where conflicts: (Int) -> Bool) {
      guard let last = waiting.lastIndex(where: { conflicts($0.buffer) }) else { return }
      output += waiting[...last].map(\.store)
      waiting.removeFirst(last + 1)
    }
    for instruction in instructions {
      let opcode = instruction.opcode
      let buffer =
        opcode == .load || opcode == .store || opcode.isAtomic
        ? addresses.buffer(of: instruction.operands[0]) : nil
      switch opcode {
      case .store:
        guard let buffer else {
          flush { _ in true }
          output.append(instruction)
          continue
        }
        waiting.append((instruction, buffer))
        if waiting.count > window {
          // The oldest store goes, with the rest of its vector access (the selector fuses
          // the elements of one access only when nothing comes between them).
          let first = waiting.removeFirst().store
          output.append(first)
          while let next = waiting.first?.store, sameVectorAccess(first, next) {
            output.append(waiting.removeFirst().store)
          }
        }
        continue
      case .load,
        _ where opcode.isAtomic:
        if let buffer { flush { $0 == buffer } } else { flush { _ in true } }
      case .barrier:
        flush { _ in true }
      default: break
      }
      output.append(instruction)
    }
    output += waiting.map(\.store)
    return output
  }
}
