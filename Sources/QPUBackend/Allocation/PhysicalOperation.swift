import QPUISA

/// A machine operation after register allocation: one half of an instruction (add or
/// mul operation, or neither) plus the signals it needs.
struct PhysicalOperation: Hashable, Sendable {
  var add: SymbolicAddOperation?
  var mul: SymbolicMulOperation?
  var signals: Signals
  var signalDestination: Destination?
  var rotation: Rotation?
  var comment: String
  /// The source offset of the statement it comes from (-1: none).
  var sourceOffset: Int32 = -1
  /// Words the lookup puts in the TMU result FIFO (``MachineOperation/resultWords``).
  var resultWords = 0
  /// The uniform word it reads (``MachineOperation/uniform``).
  var uniform: UniformSlot?

  /// The operation alone in an instruction.
  var instruction: SymbolicALUInstruction {
    SymbolicALUInstruction(
      add: add ?? .nop, mul: mul ?? .nop, signals: signals,
      signalDestination: signalDestination, rotation: rotation)
  }

  init(
    add: SymbolicAddOperation?, mul: SymbolicMulOperation?, signals: Signals,
    signalDestination: Destination?, rotation: Rotation?, comment: String
  ) {
    self.add = add
    self.mul = mul
    self.signals = signals
    self.signalDestination = signalDestination
    self.rotation = rotation
    self.comment = comment
  }

  /// Rewrites a machine operation with the allocator's assignment.
  init(_ operation: MachineOperation, _ assignment: [VirtualRegister: Operand]) {
    func source(_ operand: MachineOperand?, _ unpack: Unpack) -> SymbolicSource? {
      guard let operand else { return nil }
      switch operand {
      case .virtual(let register):
        return SymbolicSource(assignment[register] ?? .register(63), unpack)
      case .immediate(let bits): return SymbolicSource(.immediate(bits), unpack)
      case .fixed(let fixed): return SymbolicSource(fixed, unpack)
      }
    }
    func destination(_ destination: MachineDestination?) -> Destination? {
      guard let destination else { return nil }
      switch destination {
      case .fixed(let fixed): return fixed
      case .virtual(let register):
        switch assignment[register] {
        case .accumulator(let n)?: return .magic(MagicRegister(rawValue: n) ?? .nop)
        case .register(let n)?: return .register(n)
        default: return .discard
        }
      }
    }
    let a = source(operation.a, operation.unpackA)
    let b = source(operation.b, operation.unpackB)
    var written = destination(operation.destination)
    switch operation.opcode {
    case .add(let opcode):
      if written == nil && opcode.hasDestination { written = .discard }
      add = SymbolicAddOperation(opcode, destination: written, a: a, b: b, flags: operation.flags)
    case .mul(let opcode):
      if written == nil && opcode.hasDestination { written = .discard }
      mul = SymbolicMulOperation(opcode, destination: written, a: a, b: b, flags: operation.flags)
    case .none: break
    }
    signals = operation.signals
    signalDestination = destination(operation.signalDestination)
    rotation = operation.rotation
    comment = operation.comment
    sourceOffset = operation.sourceOffset
    resultWords = operation.resultWords
    uniform = operation.uniform
  }

  /// An unconditional copy of a register to itself (the allocator gave both the same).
  var isSelfMove: Bool {
    guard add == nil, let mul, mul.opcode == .mov, mul.flags.isEmpty, signals.isEmpty,
      rotation == nil, let source = mul.a, source.unpack == .none, let destination = mul.destination
    else { return false }
    switch (source.operand, destination) {
    case (.accumulator(let n), .magic(let register)): return register.rawValue == n && n < 5
    case (.register(let n), .register(let m)): return n == m
    default: return false
    }
  }
}
