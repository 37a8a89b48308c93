import QPUISA
import VCKIR

/// Uniform loads through the second uniform stream: a load whose address is the same in
/// every lane needs no TMU lookup. Writing the address to `unifa` starts the stream, and
/// each `ldunifarf` returns the next word (the same in all lanes) and advances it by 4,
/// so a run of loads from consecutive words — `a[i]`, `a[i + 1]`, … in one block — costs
/// one `unifa` write and one signal per word, which rides on an ALU instruction
/// (semantics.md §13.3).
///
/// The stream is read through the uniform cache, which does not see the TMU's stores, so a
/// load qualifies only when its buffer parameter is never written by the kernel (no store
/// or atomic goes through it, and every store's buffer is known; distinct buffer
/// parameters do not alias, lang/spec.md §9). The schedulers keep three instructions
/// between a `unifa` write and the first read, and the point where a thread switch takes
/// effect out of those instructions (Mesa's rule; the stream itself survives a switch).
struct UniformStreamPlan {
  /// Loads read from the stream, by result; `true` when the load continues the stream of
  /// the previous one (no `unifa` write), `false` when it starts one.
  var loads: [Value: Bool] = [:]
  /// Instructions of the block that only computed the addresses of continuing loads.
  var absorbed: Set<Int> = []
  /// The addresses of loads that start a stream, and the single-use arithmetic in the
  /// block they are computed from: kept in the register file, so that computing them does
  /// not wait for accumulators busy with the previous run's products and sums.
  var addressValues: Set<Value> = []
  /// Stream loads read only by the next instruction: `ldunifa` puts the word in r5, where
  /// that instruction reads it (the next `ldunifa` may share its instruction: an
  /// instruction reads r5 before its signal writes it, semantics.md §2).
  var forwarded: Set<Value> = []

  init() {}

  init(_ block: Block, in function: Function, addresses: AddressAnalysis, uses: [Int]) {
    guard !addresses.readOnlyBuffers.isEmpty else { return }
    var next: LinearAddress?
    var remaining = uses
    var positions: [Value: Int] = [:]
    for (position, instruction) in block.instructions.enumerated() {
      if let result = instruction.result { positions[result] = position }
      guard instruction.opcode == .load, instruction.mask == nil,
        instruction.vectorElement == nil, let result = instruction.result
      else { continue }
      let address = instruction.operands[0]
      guard function.type(of: address).shape == .uniform,
        let buffer = addresses.buffer(of: address), addresses.readOnlyBuffers.contains(buffer)
      else { continue }
      let form = addresses.linearForm(of: address)
      let continues = form == next
      loads[result] = continues
      next = form.advanced(by: 4)
      if continues { release(address) } else { keepInRegisterFile(address, depth: 0) }
      // Operations whose selection reads their operands without writing r5 first.
      let safe: Set<Opcode> = [.add, .sub, .mul, .min, .max, .and, .or, .xor]
      if uses[result.id] == 1, position + 1 < block.instructions.count,
        safe.contains(block.instructions[position + 1].opcode),
        block.instructions[position + 1].operands.contains(result)
      {
        forwarded.insert(result)
      }
    }
    func keepInRegisterFile(_ value: Value, depth: Int) {
      guard let position = positions[value], depth < 3 else { return }
      let instruction = block.instructions[position]
      guard [.add, .sub, .shl].contains(instruction.opcode) else { return }
      addressValues.insert(value)
      for operand in instruction.operands where uses[operand.id] == 1 {
        keepInRegisterFile(operand, depth: depth + 1)
      }
    }
    /// Drops one use of `value`; an address computation left without uses is not selected.
    func release(_ value: Value) {
      remaining[value.id] -= 1
      guard remaining[value.id] == 0, let position = positions[value] else { return }
      let instruction = block.instructions[position]
      guard [.add, .sub, .shl, .mul].contains(instruction.opcode) else { return }
      absorbed.insert(position)
      for operand in instruction.operands { release(operand) }
    }
  }
}

extension InstructionSelector {
  /// A load from the second uniform stream: a `unifa` write starts the stream unless the
  /// load continues it, then `ldunifarf` writes the word to `d`.
  mutating func selectStreamLoad(
    _ d: MachineDestination, _ instruction: IRInstruction, continuesStream: Bool
  ) {
    if !continuesStream {
      for value in streamPlan.addressValues {
        if let register = operand(value).virtualRegister {
          machine.needsRegisterFile.insert(register)
        }
      }
      emit(.mul(.mov), .fixed(.magic(.unifa)), operand(instruction.operands[0]))
    }
    if let result = instruction.result, streamPlan.forwarded.contains(result) {
      emit(.none, signals: .ldunifa)
      return
    }
    // In the register file: the word is read by the next instruction's multiply while
    // the accumulators carry the products and sums, so none of them waits for another.
    if case .virtual(let register) = d { machine.needsRegisterFile.insert(register) }
    emit(.none, signals: .ldunifarf, signalDestination: d)
  }
}
