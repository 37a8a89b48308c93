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

  init(
    _ block: Block, in function: Function, readOnly: Set<Int>, uses: [Int],
    definitions: [Value: (block: Int, instruction: Int)]
  ) {
    guard !readOnly.isEmpty else { return }
    let analysis = AddressAnalysis(function: function, definitions: definitions)
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
        let base = analysis.buffer(of: address), readOnly.contains(base)
      else { continue }
      let form = analysis.linear(address)
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

  /// The buffer parameters (entry parameter indices) that no store or atomic may write.
  static func readOnlyBuffers(
    of function: Function, definitions: [Value: (block: Int, instruction: Int)]
  ) -> Set<Int> {
    guard let entry = function.blocks.first else { return [] }
    var buffers = Set<Int>()
    for index in entry.parameters.indices where index < function.parameters.count {
      if case .buffer = function.parameters[index].kind { buffers.insert(index) }
    }
    let analysis = AddressAnalysis(function: function, definitions: definitions)
    for block in function.blocks {
      for instruction in block.instructions
      where instruction.opcode == .store || instruction.opcode.isAtomic {
        let roots = analysis.buffers(reaching: instruction.operands[0])
        if roots.count != 1 { return [] }  // an address the analysis cannot place
        buffers.subtract(roots)
      }
    }
    return buffers
  }
}

/// An address as a sum of IR values with constant coefficients plus a constant, modulo
/// 2^32: two addresses with the same terms are a constant distance apart.
struct LinearAddress: Hashable {
  var terms: [Value: UInt32] = [:]
  var constant: UInt32 = 0

  func advanced(by bytes: UInt32) -> LinearAddress {
    var copy = self
    copy.constant &+= bytes
    return copy
  }

  func scaled(by factor: UInt32) -> LinearAddress {
    var result = LinearAddress(constant: constant &* factor)
    for (value, coefficient) in terms where coefficient &* factor != 0 {
      result.terms[value] = coefficient &* factor
    }
    return result
  }

  func adding(_ other: LinearAddress) -> LinearAddress {
    var result = self
    result.constant &+= other.constant
    for (value, coefficient) in other.terms {
      let sum = (result.terms[value] ?? 0) &+ coefficient
      result.terms[value] = sum == 0 ? nil : sum
    }
    return result
  }
}

/// What addresses are made of: the buffer parameters behind a value, and its linear form.
struct AddressAnalysis {
  let function: Function
  let definitions: [Value: (block: Int, instruction: Int)]
  /// Block parameters with the values their incoming edges pass.
  let incoming: [Value: [Value]]

  init(function: Function, definitions: [Value: (block: Int, instruction: Int)]) {
    self.function = function
    self.definitions = definitions
    var incoming: [Value: [Value]] = [:]
    let blocks = Dictionary(function.blocks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    for block in function.blocks {
      for target in block.terminator.targets {
        guard let parameters = blocks[target.block]?.parameters else { continue }
        for (parameter, argument) in zip(parameters, target.arguments) {
          incoming[parameter, default: []].append(argument)
        }
      }
    }
    self.incoming = incoming
  }

  private func definition(_ value: Value) -> IRInstruction? {
    definitions[value].map { function.blocks[$0.block].instructions[$0.instruction] }
  }

  /// The buffer parameters `value` is computed from (through arithmetic and block
  /// parameters; a loaded word is never an address).
  func buffers(reaching value: Value) -> Set<Int> {
    let entry = function.blocks.first?.parameters ?? []
    var result = Set<Int>()
    var seen = Set<Value>()
    var worklist = [value]
    while let current = worklist.popLast() {
      guard seen.insert(current).inserted else { continue }
      if let index = entry.firstIndex(of: current) {
        if index < function.parameters.count, case .buffer = function.parameters[index].kind {
          result.insert(index)
        }
      } else if let instruction = definition(current) {
        if instruction.opcode != .load { worklist += instruction.operands }
      } else {
        worklist += incoming[current] ?? []
      }
    }
    return result
  }

  /// The one buffer parameter `value` points into, or nil.
  func buffer(of value: Value) -> Int? {
    let roots = buffers(reaching: value)
    return roots.count == 1 ? roots.first : nil
  }

  /// `value` as a linear form over the values it is added up from.
  func linear(_ value: Value, depth: Int = 0) -> LinearAddress {
    let leaf = LinearAddress(terms: [value: 1])
    guard depth < 8, let instruction = definition(value) else { return leaf }
    let operands = instruction.operands
    func constant(_ operand: Value) -> UInt32? {
      guard let definition = definition(operand), definition.opcode == .constant else {
        return nil
      }
      return definition.immediate
    }
    switch instruction.opcode {
    case .constant:
      return LinearAddress(constant: instruction.immediate)
    case .add:
      return linear(operands[0], depth: depth + 1).adding(linear(operands[1], depth: depth + 1))
    case .sub:
      return linear(operands[0], depth: depth + 1).adding(
        linear(operands[1], depth: depth + 1).scaled(by: UInt32.max))
    case .shl:
      guard let amount = constant(operands[1]), amount < 32 else { return leaf }
      return linear(operands[0], depth: depth + 1).scaled(by: 1 << amount)
    case .mul:
      if let factor = constant(operands[1]) {
        return linear(operands[0], depth: depth + 1).scaled(by: factor)
      }
      if let factor = constant(operands[0]) {
        return linear(operands[1], depth: depth + 1).scaled(by: factor)
      }
      return leaf
    default:
      return leaf
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
