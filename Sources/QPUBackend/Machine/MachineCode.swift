import QPUISA

/// A virtual register: one 16-lane value before register allocation.
struct VirtualRegister: Hashable, Comparable, Sendable, CustomStringConvertible {
  var id: Int
  static func < (lhs: Self, rhs: Self) -> Bool { lhs.id < rhs.id }
  var description: String { "%v\(id)" }
}

/// An input of a machine operation.
enum MachineOperand: Hashable, Sendable {
  /// A value in a virtual register.
  case virtual(VirtualRegister)
  /// A small immediate (one of the 48 encodable patterns).
  case immediate(UInt32)
  /// A physical operand fixed by instruction selection (the scratch accumulators r4/r5,
  /// the payload register rf0).
  case fixed(Operand)

  var virtualRegister: VirtualRegister? {
    if case .virtual(let register) = self { return register }
    return nil
  }
}

/// Where a machine operation (or its signal) writes.
enum MachineDestination: Hashable, Sendable {
  case virtual(VirtualRegister)
  /// A magic register or a fixed physical register.
  case fixed(Destination)

  var virtualRegister: VirtualRegister? {
    if case .virtual(let register) = self { return register }
    return nil
  }

  static let discard = MachineDestination.fixed(.discard)
}

/// The ALU operation of a machine operation.
enum ALUOpcode: Hashable, Sendable {
  case add(AddOpcode)
  case mul(MulOpcode)
  /// No ALU operation: the instruction only carries signals.
  case none
}

/// One QPU operation on virtual registers: one ALU operation and/or signals. The scheduler
/// places each in an instruction, possibly together with another operation.
struct MachineOperation: Hashable, Sendable {
  var opcode: ALUOpcode
  var destination: MachineDestination?
  var a: MachineOperand?
  var b: MachineOperand?
  var unpackA: Unpack = .none
  var unpackB: Unpack = .none
  var flags: ALUFlags = .none
  /// ldunif, ldunifrf, ldtmu, thrsw (rot and smimm follow from the operands).
  var signals: Signals = []
  var signalDestination: MachineDestination?
  var rotation: Rotation?
  /// What the operation is for, shown in listings.
  var comment: String = ""
  /// The source offset of the statement it comes from (-1: none).
  var sourceOffset: Int32 = -1
  /// For a lookup (a `tmua` write): the words per lane it puts in the TMU result FIFO,
  /// i.e. the `ldtmu`s that pop them (``MachineFunction/countResultWords()``); 0 otherwise.
  var resultWords = 0
  /// For a read of the main uniform stream (`ldunif`, `ldunifrf`): the word it reads. The
  /// stream is laid out from the final code in program order (``UniformStreamLayout``).
  var uniform: UniformSlot?

  init(
    _ opcode: ALUOpcode, _ destination: MachineDestination? = nil, _ a: MachineOperand? = nil,
    _ b: MachineOperand? = nil, flags: ALUFlags = .none, signals: Signals = [],
    signalDestination: MachineDestination? = nil, rotation: Rotation? = nil
  ) {
    self.opcode = opcode
    self.destination = destination
    self.a = a
    self.b = b
    self.flags = flags
    self.signals = signals
    self.signalDestination = signalDestination
    self.rotation = rotation
  }

  /// The virtual registers read (a conditionally written destination counts as read: the
  /// lanes that fail keep its old value).
  var uses: [VirtualRegister] {
    var result = [a, b].compactMap { $0?.virtualRegister }
    if flags.condition != nil, let register = destination?.virtualRegister {
      result.append(register)
    }
    return result
  }

  /// The virtual registers written.
  var definitions: [VirtualRegister] {
    [destination?.virtualRegister, signalDestination?.virtualRegister].compactMap { $0 }
  }

  /// Whether the operation writes or tests the flags.
  var touchesFlags: Bool { !flags.isEmpty }
}

/// How a machine block ends.
enum MachineTerminator: Hashable, Sendable {
  /// Continue at a block.
  case jump(Int)
  /// Branch to `taken` when the flags (set by the block's last operation) satisfy
  /// `condition`, else continue at `notTaken`.
  case branch(BranchCondition, taken: Int, notTaken: Int)
  /// The end of the program (the thread-end sequence follows).
  case end
}

/// A basic block of machine operations.
struct MachineBlock: Hashable, Sendable {
  var operations: [MachineOperation] = []
  var terminator: MachineTerminator = .end
  /// The IR block it came from, for listings.
  var name: String
}

/// A kernel as machine operations on virtual registers, in layout order.
struct MachineFunction: Sendable {
  var blocks: [MachineBlock] = []
  var virtualRegisterCount = 0
  /// Virtual registers that must live in the register file (SFU results).
  var needsRegisterFile: Set<VirtualRegister> = []

  mutating func makeRegister() -> VirtualRegister {
    virtualRegisterCount += 1
    return VirtualRegister(id: virtualRegisterCount - 1)
  }

  /// Puts the blocks in `order` (a permutation of their indices) and renumbers the
  /// terminators' targets.
  mutating func reorder(_ order: [Int]) {
    var newIndex = [Int](repeating: 0, count: blocks.count)
    for (position, old) in order.enumerated() { newIndex[old] = position }
    blocks = order.map { old in
      var block = blocks[old]
      switch block.terminator {
      case .jump(let target): block.terminator = .jump(newIndex[target])
      case .branch(let condition, let taken, let notTaken):
        block.terminator = .branch(
          condition, taken: newIndex[taken], notTaken: newIndex[notTaken])
      case .end: break
      }
      return block
    }
  }

  /// The successors of a block.
  func successors(of index: Int) -> [Int] {
    switch blocks[index].terminator {
    case .jump(let target): return [target]
    case .branch(_, let taken, let notTaken): return [taken, notTaken]
    case .end: return []
    }
  }
}
