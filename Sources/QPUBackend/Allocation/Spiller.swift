import QPUISA

/// Rewrites a machine function so that chosen virtual registers live in memory instead of
/// registers (Mesa's `v3d_spill_reg`, done our way).
///
/// - A register whose only definition is a cheap operation without register inputs
///   (`eidx`, a small immediate) is **rematerialised**: the definition is repeated into a
///   fresh temporary right before each use. So is a register read from the uniform stream
///   (a constant, parameter, QPU count or grid extent: the same word for every batch): an
///   `ldunifrf` before each use reads a copy of the word placed there in the stream
///   (``UniformStreamLayout``), which costs no instruction when the signal rides on an ALU
///   operation.
/// - Any other register gets a **slot** in a per-thread scratch area reached through the
///   TMU: after each definition `mov tmud, t` + `add tmua, S, offset` stores it, before each
///   use `add tmua, S, offset` + `ldtmu t` loads it into a fresh temporary. `S` is each
///   lane's address in its thread's area (scratch base + thread index × bytes per thread
///   + lane × 4),
///   computed at the start of the prologue from the scratch address, which is the first
///   word of the uniform stream. Slot k lies at byte offset 64 k (16 lanes × 4 bytes).
///   A `tmuwt` separates a store from later loads of the scratch area; no thread switch
///   is added, so the flags and accumulators of the surrounding code are untouched.
///
/// The temporaries are short-lived and never spilled themselves.
struct Spiller {
  /// Slots by spilled register.
  private(set) var slots: [VirtualRegister: Int] = [:]
  /// Registers rematerialised instead of spilled.
  private(set) var rematerialised: Set<VirtualRegister> = []
  /// Registers that must not be spilled: spill temporaries and the scratch address.
  private(set) var unspillable: Set<VirtualRegister> = []
  /// The scratch address register `S`, once something is spilled to memory.
  private(set) var scratchAddress: VirtualRegister?
  /// The scratch address uniform's destination (read first in the prologue).
  private var scratchBase: VirtualRegister?

  static let strideComment = "scratch: thread × bytes per thread"
  static let fillComment = "fill"
  static let fillAddress = "fill address"

  /// Bytes of scratch memory each batch needs (a power of two, 64 per slot), or 0.
  var bytesPerThread: Int {
    if slots.isEmpty { return 0 }
    var slotCount = 1
    while slotCount < slots.count { slotCount *= 2 }
    return 64 * slotCount
  }

  /// Spills `registers` in `function`.
  mutating func spill(_ registers: Set<VirtualRegister>, in function: inout MachineFunction) {
    var definitions: [VirtualRegister: [MachineOperation]] = [:]
    for block in function.blocks {
      for operation in block.operations {
        for register in operation.definitions where registers.contains(register) {
          definitions[register, default: []].append(operation)
        }
      }
    }
    var toMemory: Set<VirtualRegister> = []
    var recipes: [VirtualRegister: MachineOperation] = [:]
    for register in registers.sorted() {
      if let operations = definitions[register], operations.count == 1,
        Self.isRematerialisable(operations[0])
      {
        recipes[register] = operations[0]
        rematerialised.insert(register)
      } else {
        toMemory.insert(register)
        slots[register] = slots.count
      }
    }
    if !toMemory.isEmpty && scratchAddress == nil { addScratchAddress(&function) }
    for index in function.blocks.indices {
      var rewritten: [MachineOperation] = []
      // Where the TMU writes of the lookup being built (`tmuc`, `tmud`… before its
      // `tmua`) start: fills for any of them go before, or their own lookups would
      // take the data already queued.
      var lookupStart: Int?
      for operation in function.blocks[index].operations {
        var fills: [MachineOperation] = []
        var rest: [MachineOperation] = []
        rewrite(
          operation, memory: toMemory, recipes: recipes, function: &function, fills: &fills,
          into: &rest)
        if let start = lookupStart {
          rewritten.insert(contentsOf: fills, at: start)
          lookupStart = start + fills.count
        } else {
          rewritten += fills
        }
        if lookupStart == nil, operation.queuesLookupData { lookupStart = rewritten.count }
        rewritten += rest
        if operation.issuesLookup { lookupStart = nil }
      }
      function.blocks[index].operations = rewritten
    }
  }

  /// The registers with a single definition that ``isRematerialisable(_:)``.
  static func rematerialisableRegisters(in function: MachineFunction) -> Set<VirtualRegister> {
    var definitions: [VirtualRegister: Int] = [:]
    var candidates: Set<VirtualRegister> = []
    for block in function.blocks {
      for operation in block.operations {
        for register in operation.definitions {
          definitions[register, default: 0] += 1
          if isRematerialisable(operation) { candidates.insert(register) }
        }
      }
    }
    return candidates.filter { definitions[$0] == 1 }
  }

  /// A definition that can be repeated anywhere: one unconditional ALU operation whose
  /// inputs are immediates (or none), no signals, no flags; or a read of a uniform word
  /// that every batch reads alike (a parameter, constant, QPU count or grid extent), which
  /// is repeated by reading a copy of the word placed at the use (``UniformStreamLayout``).
  static func isRematerialisable(_ operation: MachineOperation) -> Bool {
    if isUniformRead(operation) { return true }
    guard operation.signals.isEmpty, operation.flags.isEmpty, operation.rotation == nil,
      operation.signalDestination == nil, operation.destination?.virtualRegister != nil
    else { return false }
    for operand in [operation.a, operation.b] {
      switch operand {
      case nil, .immediate?: continue
      default: return false
      }
    }
    switch operation.opcode {
    case .add(let opcode): return opcode == .eidx || opcode == .add || opcode == .or
    case .mul(let opcode): return opcode == .mov
    case .none: return false
    }
  }

  /// Whether the operation only reads a launch-wide uniform word into a virtual register.
  static func isUniformRead(_ operation: MachineOperation) -> Bool {
    guard operation.opcode == .none, operation.signals == .ldunifrf, operation.flags.isEmpty,
      operation.signalDestination?.virtualRegister != nil, let uniform = operation.uniform
    else { return false }
    if case .scratch = uniform { return false }
    return true
  }

  private mutating func rewrite(
    _ operation: MachineOperation, memory: Set<VirtualRegister>,
    recipes: [VirtualRegister: MachineOperation], function: inout MachineFunction,
    fills: inout [MachineOperation], into output: inout [MachineOperation]
  ) {
    var operation = operation
    // The definition of a rematerialised register is dropped (it is repeated at uses).
    if let defined = operation.destination?.virtualRegister, recipes[defined] != nil,
      operation.flags.condition == nil
    {
      return
    }
    if Self.isUniformRead(operation), let defined = operation.signalDestination?.virtualRegister,
      recipes[defined] != nil
    {
      return
    }
    var replacement: [VirtualRegister: VirtualRegister] = [:]
    func temporary(for register: VirtualRegister) -> VirtualRegister {
      if let existing = replacement[register] { return existing }
      let temporary = function.makeRegister()
      unspillable.insert(temporary)
      if function.needsRegisterFile.contains(register) {
        function.needsRegisterFile.insert(temporary)
      }
      replacement[register] = temporary
      return temporary
    }
    for register in Set(operation.uses).sorted() {
      if let recipe = recipes[register] {
        var copy = recipe
        if Self.isUniformRead(recipe) {
          copy.signalDestination = .virtual(temporary(for: register))
        } else {
          copy.destination = .virtual(temporary(for: register))
        }
        copy.sourceOffset = operation.sourceOffset
        copy.comment = "rematerialise"
        fills.append(copy)
      } else if memory.contains(register), let slot = slots[register] {
        let target = temporary(for: register)
        fills.append(
          contentsOf: addressing(slot, function: &function, operation, comment: Self.fillAddress))
        var load = MachineOperation(.none, signals: .ldtmu, signalDestination: .virtual(target))
        load.comment = Self.fillComment
        load.sourceOffset = operation.sourceOffset
        fills.append(load)
      }
    }
    var stores: [(VirtualRegister, Int)] = []
    for register in Set(operation.definitions).sorted() {
      if memory.contains(register), let slot = slots[register] {
        stores.append((temporary(for: register), slot))
      } else if recipes[register] != nil {
        // A conditional definition of a rematerialised register cannot happen (it has a
        // single unconditional definition); keep the register as it is.
        continue
      }
    }
    func renamed(_ operand: MachineOperand?) -> MachineOperand? {
      if let register = operand?.virtualRegister, let new = replacement[register] {
        return .virtual(new)
      }
      return operand
    }
    func renamed(_ destination: MachineDestination?) -> MachineDestination? {
      if let register = destination?.virtualRegister, let new = replacement[register] {
        return .virtual(new)
      }
      return destination
    }
    operation.a = renamed(operation.a)
    operation.b = renamed(operation.b)
    operation.destination = renamed(operation.destination)
    operation.signalDestination = renamed(operation.signalDestination)
    output.append(operation)
    for (value, slot) in stores.sorted(by: { $0.1 < $1.1 }) {
      var data = MachineOperation(.mul(.mov), .fixed(.magic(.tmud)), .virtual(value))
      data.comment = "spill"
      data.sourceOffset = operation.sourceOffset
      output.append(data)
      output.append(
        contentsOf: addressing(slot, function: &function, operation, comment: "spill address"))
    }
  }

  /// Operations that write slot `slot`'s address for this lane to `tmua`.
  private mutating func addressing(
    _ slot: Int, function: inout MachineFunction, _ context: MachineOperation, comment: String
  ) -> [MachineOperation] {
    guard let scratchAddress else { return [] }
    var operations: [MachineOperation] = []
    let offset = UInt32(slot * 64)
    if offset == 0 {
      operations.append(
        MachineOperation(.mul(.mov), .fixed(.magic(.tmua)), .virtual(scratchAddress)))
    } else {
      let register = function.makeRegister()
      unspillable.insert(register)
      operations += Self.materialise(offset, into: register)
      operations.append(
        MachineOperation(
          .add(.add), .fixed(.magic(.tmua)), .virtual(scratchAddress), .virtual(register)))
    }
    return operations.map { operation in
      var operation = operation
      operation.sourceOffset = context.sourceOffset
      operation.comment = comment
      return operation
    }
  }

  /// Operations that build a 32-bit constant in `register` from small immediates: its
  /// hexadecimal digits, most significant first, shifted in four bits at a time (trailing
  /// zero bits by one shift at the end).
  static func materialise(_ value: UInt32, into register: VirtualRegister)
    -> [MachineOperation]
  {
    let destination = MachineDestination.virtual(register)
    if value == 0 { return [MachineOperation(.mul(.mov), destination, .immediate(0))] }
    let zeros = value.trailingZeroBitCount
    let significant = value >> UInt32(zeros)
    var digits: [UInt32] = []
    var rest = significant
    while rest != 0 {
      digits.insert(rest & 15, at: 0)
      rest >>= 4
    }
    var operations = [MachineOperation(.mul(.mov), destination, .immediate(digits[0]))]
    for digit in digits.dropFirst() {
      operations.append(
        MachineOperation(.add(.shl), destination, .virtual(register), .immediate(4)))
      if digit != 0 {
        operations.append(
          MachineOperation(.add(.or), destination, .virtual(register), .immediate(digit)))
      }
    }
    if zeros > 0 {
      operations.append(
        MachineOperation(
          .add(.shl), destination, .virtual(register), .immediate(shiftImmediate(zeros))))
    }
    return operations
  }

  /// A shift amount 0…31 as a small immediate (16…31 through the negative integers: the
  /// shifter uses the low five bits).
  static func shiftImmediate(_ amount: Int) -> UInt32 {
    amount < 16 ? UInt32(amount) : UInt32(bitPattern: Int32(amount - 32))
  }

  /// Computes `S` at the start of the prologue: the scratch base (the first uniform) +
  /// thread index × bytes per thread + lane × 4, where the thread index is `tidx`'s low six
  /// bits (QPU number × 4 + thread slot: unique among the threads running at once, as
  /// Mesa indexes its spill area). The stride is patched by ``finish(_:)`` once the
  /// number of slots is known.
  private mutating func addScratchAddress(_ function: inout MachineFunction) {
    let base = function.makeRegister()
    let thread = function.makeRegister()
    let lane = function.makeRegister()
    let address = function.makeRegister()
    unspillable.formUnion([base, thread, lane, address])
    scratchBase = base
    scratchAddress = address
    let low6 = Self.shiftImmediate(26)
    var operations = [
      MachineOperation(.none, signals: .ldunifrf, signalDestination: .virtual(base)),
      MachineOperation(.add(.tidx), .virtual(thread)),
      MachineOperation(.add(.shl), .virtual(thread), .virtual(thread), .immediate(low6)),
      MachineOperation(.add(.shr), .virtual(thread), .virtual(thread), .immediate(low6)),
      MachineOperation(.add(.shl), .virtual(thread), .virtual(thread), .immediate(0)),
      MachineOperation(.add(.eidx), .virtual(lane)),
      MachineOperation(.add(.shl), .virtual(lane), .virtual(lane), .immediate(2)),
      MachineOperation(.add(.add), .virtual(lane), .virtual(lane), .virtual(thread)),
      MachineOperation(.add(.add), .virtual(address), .virtual(base), .virtual(lane)),
    ]
    operations[0].comment = "scratch address"
    // The bytes per thread are filled in by the stream layout.
    operations[0].uniform = .scratch(bytesPerThread: 0)
    operations[4].comment = Self.strideComment
    function.blocks[0].operations.insert(contentsOf: operations, at: 0)
  }

  /// Final touches once allocation succeeded: the stride shift, `tmuwt` before loads of
  /// the scratch area that may follow a store to it, and before the end.
  func finish(_ function: inout MachineFunction) {
    guard scratchAddress != nil else { return }
    let shift = bytesPerThread.trailingZeroBitCount
    for (index, operation) in function.blocks[0].operations.enumerated()
    where operation.comment == Self.strideComment {
      function.blocks[0].operations[index].b = .immediate(Self.shiftImmediate(shift))
    }
    insertWaits(&function)
  }

  /// Whether an operation is the `tmud` write of a spill store.
  private static func isSpillStore(_ operation: MachineOperation) -> Bool {
    operation.destination == .fixed(.magic(.tmud)) && operation.comment == "spill"
  }

  /// Inserts `tmuwt` before each fill that a spill store may precede without one in
  /// between (a forward data-flow over the blocks), and before the end.
  private func insertWaits(_ function: inout MachineFunction) {
    let count = function.blocks.count
    var predecessors = [[Int]](repeating: [], count: count)
    for index in 0..<count {
      for successor in function.successors(of: index) { predecessors[successor].append(index) }
    }
    func transfer(_ pending: Bool, _ operations: [MachineOperation]) -> Bool {
      var pending = pending
      for operation in operations {
        if Self.isSpillStore(operation) { pending = true }
        if operation.opcode == .add(.tmuwt) { pending = false }
        if operation.comment == Self.fillComment { pending = false }  // a wait precedes it
      }
      return pending
    }
    var pendingOut = [Bool](repeating: false, count: count)
    var changed = true
    while changed {
      changed = false
      for index in 0..<count {
        let incoming = predecessors[index].contains { pendingOut[$0] }
        let out = transfer(incoming, function.blocks[index].operations)
        if out != pendingOut[index] {
          pendingOut[index] = out
          changed = true
        }
      }
    }
    for index in 0..<count {
      var pending = predecessors[index].contains { pendingOut[$0] }
      var rewritten: [MachineOperation] = []
      var previousComment = ""
      for operation in function.blocks[index].operations {
        if pending, operation.comment == Self.fillAddress, previousComment != Self.fillAddress {
          var wait = MachineOperation(.add(.tmuwt))
          wait.comment = "spills complete"
          wait.sourceOffset = operation.sourceOffset
          rewritten.append(wait)
          pending = false
        }
        if Self.isSpillStore(operation) { pending = true }
        if operation.opcode == .add(.tmuwt) { pending = false }
        rewritten.append(operation)
        previousComment = operation.comment
      }
      if case .end = function.blocks[index].terminator, pending {
        var wait = MachineOperation(.add(.tmuwt))
        wait.comment = "spills complete"
        rewritten.append(wait)
      }
      function.blocks[index].operations = rewritten
    }
  }
}
