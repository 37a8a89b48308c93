/// A verified function with block targets resolved to indices, ready to run.
struct LoadedProgram {
  enum LoadedTerminator {
    case branch(Int, [Value])
    case conditional(Value, Int, [Value], Int, [Value])
    case stop
  }
  struct LoadedBlock {
    var parameters: [Value]
    var instructions: [Instruction]
    /// Scalar type of the operand that decides each instruction's semantics.
    var operandTypes: [ScalarType]
    var terminator: LoadedTerminator
  }
  let blocks: [LoadedBlock]
  let entryParameters: [Value]

  init(_ function: Function) throws(InterpreterError) {
    let problems = Verifier.check(function)
    if !problems.isEmpty {
      throw InterpreterError(
        message: "cannot run invalid IR: " + problems.prefix(5).joined(separator: "; "))
    }
    let indices = function.blockIndices()
    blocks = function.blocks.map { block in
      let operandTypes = block.instructions.map { instruction -> ScalarType in
        let decisive = instruction.opcode == .select ? 1 : 0
        return instruction.operands.count > decisive
          ? function.type(of: instruction.operands[decisive]).scalar : instruction.type.scalar
      }
      let terminator: LoadedTerminator =
        switch block.terminator {
        case .branch(let target): .branch(indices[target.block] ?? 0, target.arguments)
        case .conditionalBranch(let condition, let thenTarget, let elseTarget):
          .conditional(
            condition, indices[thenTarget.block] ?? 0, thenTarget.arguments,
            indices[elseTarget.block] ?? 0, elseTarget.arguments)
        case .return: .stop
        }
      return LoadedBlock(
        parameters: block.parameters, instructions: block.instructions,
        operandTypes: operandTypes, terminator: terminator)
    }
    entryParameters = function.blocks[0].parameters
  }
}

/// The state of one QPU (16 lanes) during a launch.
struct QPUState {
  enum Status { case running, atBarrier, finished }
  static let lanes = Interpreter.laneCount

  let qpu: Int
  /// Workgroup ids y and z of a grid launch (x is `qpu`), and the grid's extents.
  var group: (y: UInt32, z: UInt32) = (0, 0)
  var grid: [UInt32] = [1, 1, 1]
  /// Every SSA value's 16 lanes, value by value.
  var values: [UInt32]
  var block = 0
  var position = 0
  var status = Status.running
  private let entryArguments: [UInt32]
  private var started = false

  init(qpu: Int, valueCount: Int, entryArguments: [UInt32]) {
    self.qpu = qpu
    self.values = [UInt32](repeating: 0, count: valueCount * Self.lanes)
    self.entryArguments = entryArguments
  }

  private func lanesOf(_ value: Value) -> ArraySlice<UInt32> {
    values[(value.id * Self.lanes)..<((value.id + 1) * Self.lanes)]
  }

  private mutating func set(_ value: Value, _ lanes: (Int) -> UInt32) {
    let computed = (0..<Self.lanes).map(lanes)
    let base = value.id * Self.lanes
    for lane in 0..<Self.lanes { values[base + lane] = computed[lane] }
  }

  /// Runs until the QPU finishes or reaches a barrier.
  mutating func run(
    _ program: LoadedProgram, qpuCount: Int, memory: inout LaunchMemory, steps: inout Int,
    stepLimit: Int
  ) throws(InterpreterError) {
    if !started {
      started = true
      for (parameter, bits) in zip(program.entryParameters, entryArguments) {
        set(parameter) { _ in bits }
      }
    }
    while true {
      let current = program.blocks[block]
      while position < current.instructions.count {
        steps += 1
        if steps > stepLimit {
          throw InterpreterError(message: "step limit of \(stepLimit) exceeded (QPU \(qpu))")
        }
        let instruction = current.instructions[position]
        position += 1
        if instruction.opcode == .barrier {
          status = .atBarrier
          return
        }
        try execute(
          instruction, operandType: current.operandTypes[position - 1], qpuCount: qpuCount,
          memory: &memory)
      }
      switch current.terminator {
      case .stop:
        status = .finished
        return
      case .branch(let target, let arguments):
        jump(to: target, arguments, program)
      case .conditional(
        let condition, let thenBlock, let thenArguments, let elseBlock, let elseArguments):
        let lanes = lanesOf(condition)
        guard let first = lanes.first, lanes.allSatisfy({ $0 == first }) else {
          throw InterpreterError(
            message: "QPU \(qpu): branch condition \(condition) differs between lanes")
        }
        if first != 0 {
          jump(to: thenBlock, thenArguments, program)
        } else {
          jump(to: elseBlock, elseArguments, program)
        }
      }
    }
  }

  private mutating func jump(to target: Int, _ arguments: [Value], _ program: LoadedProgram) {
    let copies = arguments.map { Array(lanesOf($0)) }
    for (parameter, lanes) in zip(program.blocks[target].parameters, copies) {
      set(parameter) { lanes[$0] }
    }
    block = target
    position = 0
  }

  private func describe(_ instruction: Instruction) -> String {
    Printer.text(of: instruction) { $0.description }
  }

  private mutating func execute(
    _ instruction: Instruction, operandType: ScalarType, qpuCount: Int,
    memory: inout LaunchMemory
  ) throws(InterpreterError) {
    let operands = instruction.operands
    let lanes = Self.lanes
    func lane(_ operand: Int, _ index: Int) -> UInt32 {
      values[operands[operand].id * lanes + index]
    }
    func active(_ index: Int) -> Bool {
      guard let mask = instruction.mask else { return true }
      return values[mask.id * lanes + index] != 0
    }
    guard let result = instruction.result else {
      // store (barrier is handled by the caller)
      for index in 0..<lanes where active(index) {
        let address = try elementAddress(instruction, lane(0, index), lane: index)
        guard let (buffer, word) = memory.locate(address) else {
          throw outOfBounds(instruction, lane: index, address: address)
        }
        memory.buffers[buffer][word] = lane(1, index)
      }
      return
    }
    switch instruction.opcode {
    case .constant: set(result) { _ in instruction.immediate }
    case .lane: set(result) { UInt32($0) }
    case .qpu:
      let qpu = UInt32(self.qpu)
      set(result) { _ in qpu }
    case .qpus: set(result) { _ in UInt32(qpuCount) }
    case .groupY, .groupZ:
      let id = instruction.opcode == .groupY ? group.y : group.z
      set(result) { _ in id }
    case .gridX, .gridY, .gridZ:
      let extent = grid[instruction.opcode == .gridX ? 0 : instruction.opcode == .gridY ? 1 : 2]
      set(result) { _ in extent }
    case .rotate:
      let amount = Int(lane(1, 0) % UInt32(lanes))
      let source = Array(lanesOf(operands[0]))
      set(result) { source[($0 - amount + lanes) % lanes] }
    case .broadcast:
      let bits = lane(0, Int(lane(1, 0) % UInt32(lanes)))
      set(result) { _ in bits }
    case .reduceAdd, .reduceMin, .reduceMax:
      let scalar = instruction.type.scalar
      let identity = LaneSemantics.reductionIdentity(instruction.opcode, scalar)
      let combine: Opcode =
        switch instruction.opcode {
        case .reduceAdd: .add
        case .reduceMin: .min
        default: .max
        }
      // The rotate tree a QPU computes: v = op(v, rotate(v, s)) for s = 1, 2, 4, 8;
      // the result is lane 0's (so float rounding is the same on every device).
      var tree = (0..<lanes).map { active($0) ? lane(0, $0) : identity }
      for shift in [1, 2, 4, 8] {
        tree = (0..<lanes).map {
          LaneSemantics.evaluate(
            combine, operandType: scalar, resultType: scalar, tree[$0],
            tree[($0 - shift + lanes) % lanes])
        }
      }
      let reduced = tree[0]
      set(result) { _ in reduced }
    case .any:
      let bits: UInt32 = (0..<lanes).contains { lane(0, $0) != 0 } ? 1 : 0
      set(result) { _ in bits }
    case .all:
      let bits: UInt32 = (0..<lanes).allSatisfy { lane(0, $0) != 0 } ? 1 : 0
      set(result) { _ in bits }
    case .load:
      for index in 0..<lanes {
        var bits: UInt32 = 0
        if active(index) {
          let address = try elementAddress(instruction, lane(0, index), lane: index)
          guard let (buffer, word) = memory.locate(address) else {
            throw outOfBounds(instruction, lane: index, address: address)
          }
          bits = memory.buffers[buffer][word]
        }
        values[result.id * lanes + index] = bits
      }
    case _ where instruction.opcode.isAtomic:
      // Lane by lane in ascending order: each lane sees what the lower lanes stored.
      let scalar = instruction.type.scalar
      let second = instruction.opcode.atomicDataCount > 1
      for index in 0..<lanes {
        var old: UInt32 = 0
        if active(index) {
          let address = lane(0, index)
          guard let (buffer, word) = memory.locate(address) else {
            throw outOfBounds(instruction, lane: index, address: address)
          }
          old = memory.buffers[buffer][word]
          memory.buffers[buffer][word] = AtomicSemantics.newValue(
            instruction.opcode, scalar, old: old, lane(1, index), second ? lane(2, index) : 0)
        }
        values[result.id * lanes + index] = old
      }
    default:
      let count = operands.count
      let resultType = instruction.type.scalar
      for index in 0..<lanes {
        let a = count > 0 ? lane(0, index) : 0
        let b = count > 1 ? lane(1, index) : 0
        let c = count > 2 ? lane(2, index) : 0
        values[result.id * lanes + index] = LaneSemantics.evaluate(
          instruction.opcode, operandType: operandType, resultType: resultType, a, b, c)
      }
    }
  }

  /// The address a load or store moves: for an element of a vector access, the access's
  /// address (which must be aligned to the whole vector) plus 4 bytes per element.
  private func elementAddress(_ instruction: Instruction, _ address: UInt32, lane: Int)
    throws(InterpreterError) -> UInt32
  {
    guard let element = instruction.vectorElement else { return address }
    guard address % element.alignment == 0 else {
      throw InterpreterError(
        message: "QPU \(qpu) lane \(lane): vec\(element.width) access at 0x"
          + String(address, radix: 16) + " is not aligned to \(element.alignment) bytes ("
          + describe(instruction) + ")")
    }
    return address &+ UInt32(4 * element.index)
  }

  private func outOfBounds(_ instruction: Instruction, lane: Int, address: UInt32)
    -> InterpreterError
  {
    InterpreterError(
      message: "QPU \(qpu) lane \(lane): address 0x\(String(address, radix: 16)) is outside "
        + "every buffer (\(describe(instruction)))")
  }
}
