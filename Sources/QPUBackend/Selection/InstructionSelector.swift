import QPUISA
import VCKIR

/// Instruction selection: turns a verified IR function into machine operations on virtual
/// registers (one per IR value, plus temporaries).
///
/// Conventions: every value is one 16-lane register; booleans are materialised as 0/1
/// words; flags only live inside the sequence that produced them. Accumulators r4 and r5
/// are scratch registers of the selector (rotation, broadcast), never allocated.
struct InstructionSelector {
  let function: Function
  var machine = MachineFunction()
  /// The uniform stream, in prologue order.
  var uniforms: [UniformSlot] = []
  /// The machine block operations are appended to.
  var current = 0
  var blockOfIR: [BlockID: Int] = [:]
  var epilogue = 0
  /// IR values held as small immediates.
  var immediates: [Value: UInt32] = [:]
  /// IR values that are another register (constants from the pool, `qpu`, `qpus`).
  var aliases: [Value: VirtualRegister] = [:]
  /// Constants loaded from the uniform stream in the prologue, by bit pattern.
  var pool: [UInt32: VirtualRegister] = [:]
  var qpuIndex: VirtualRegister?
  var qpuCount: VirtualRegister?
  /// Workgroup ids y and z of a grid launch (from the payload), and the grid's extents
  /// (uniforms), by axis.
  var groupIndex: [Int: VirtualRegister] = [:]
  var gridExtent: [Int: VirtualRegister] = [:]
  /// Whether the function stores to memory, and the stores that may be pending here.
  var hasStores = false
  var pendingStores = PendingStores()
  /// The buffer each address points into (the aliasing rule, lang/spec.md §9) and the
  /// addresses' linear forms.
  var addresses = AddressAnalysis(Function(name: "", parameters: []))
  /// The buffer parameter the memory access being selected goes to (nil: unknown).
  var accessedParameter: Int?
  var usesBarriers = false
  /// The 0/1 value whose zero test flag A holds in every lane, while no other flag write
  /// or redefinition came in between (so repeated mask pushes are not re-emitted).
  var flagsHoldZeroTest: MachineOperand?
  /// The results of the unmasked loads that switch threads while their data arrives.
  var switchingLoads: Set<Value> = []
  /// Whether a load was selected with a thread switch.
  var switchedThreadsOnLoads = false
  /// The source offset of the IR instruction being selected (-1: none).
  var sourceOffset: Int32 = -1
  /// The vote or comparison whose only use is the current block's branch: it becomes the
  /// branch condition itself.
  var fusedCondition: IRInstruction?
  /// The comparison whose only use is the fused vote `any`/`all`: the vote branches on
  /// the comparison's flag directly (no 0/1 mask).
  var fusedComparison: IRInstruction?
  /// Broadcast results read from r5 by the next instruction.
  var forwardedInR5: Set<Value> = []
  /// The value the scratch accumulator r4 holds (for rotations and broadcasts).
  var scratchHolds: MachineOperand?
  /// The zero test flag A holds when each block ends with a conditional branch; a
  /// successor reached only from there (without edge copies) starts with it.
  var flagsAtExit: [BlockID: MachineOperand] = [:]
  /// Whether rtop may hold garbage (after a thread switch): a plain `umul24` adds it.
  var rtopMayBeStale = false
  var hasBarriers = false
  /// The block each edge block (copies of a conditional edge's arguments) leaves from.
  var edgeSources: [Int: Int] = [:]
  /// The current block's loads from the second uniform stream.
  var streamPlan = UniformStreamPlan()

  init(function: Function) {
    self.function = function
    machine.virtualRegisterCount = function.valueTypes.count
  }

  /// Selects the whole function; `addresses` is its address analysis when the caller
  /// has it already.
  static func select(
    _ function: Function, switchingLoads: Set<Value> = [], addresses: AddressAnalysis? = nil
  ) throws(BackendError) -> InstructionSelector {
    let problems = Verifier.check(function)
    if !problems.isEmpty {
      throw BackendError(
        "invalid IR for @\(function.name): " + problems.prefix(3).joined(separator: "; "))
    }
    var selector = InstructionSelector(function: function)
    selector.switchingLoads = switchingLoads
    selector.addresses = addresses ?? AddressAnalysis(function)
    try selector.run()
    return selector
  }

  private mutating func run() throws(BackendError) {
    hasStores = function.blocks.contains {
      $0.instructions.contains { $0.opcode == .store || $0.opcode.isAtomic }
    }
    hasBarriers = function.blocks.contains {
      $0.instructions.contains { $0.opcode == .barrier }
    }
    machine.blocks.append(MachineBlock(name: "prologue"))
    for block in function.blocks {
      blockOfIR[block.id] = machine.blocks.count
      machine.blocks.append(MachineBlock(name: "b\(block.id.id)"))
    }
    for block in function.blocks {
      for instruction in block.instructions where instruction.opcode == .constant {
        if let result = instruction.result, SmallImmediate.index(of: instruction.immediate) != nil {
          immediates[result] = instruction.immediate
        }
      }
    }
    epilogue = machine.blocks.count
    machine.blocks.append(MachineBlock(name: "end"))
    let uses = function.useCounts()
    let pendingAtEntry = storesPendingAtEntry()
    let predecessors = function.predecessors()
    for block in function.blocks {
      current = blockOfIR[block.id] ?? 0
      pendingStores = pendingAtEntry[block.id] ?? PendingStores(unknown: true)
      flagsHoldZeroTest = incomingFlags(block.id, predecessors: predecessors)
      scratchHolds = nil
      // A thread switch anywhere (barriers, or loads when they switch) may have
      // poisoned rtop before this block starts.
      rtopMayBeStale = hasBarriers || !switchingLoads.isEmpty
      fusedCondition = conditionFeedingBranch(block, uses: uses)
      fusedComparison = comparisonFeedingVote(fusedCondition, in: block, uses: uses)
      planBlock(block, uses: uses)
      let vectorAccesses = VectorAccessPlan(block)
      streamPlan = UniformStreamPlan(block, in: function, addresses: addresses, uses: uses)
      forwardedInR5.formUnion(streamPlan.forwarded)
      for (position, instruction) in block.instructions.enumerated()
      where instruction != fusedCondition && instruction != fusedComparison
        && !vectorAccesses.absorbed.contains(position) && !streamPlan.absorbed.contains(position)
      {
        sourceOffset = instruction.sourceOffset
        accessedParameter = accessedBuffer(instruction)
        if let group = vectorAccesses.groups[position] {
          selectVectorAccess(group)
        } else {
          try selectInstruction(instruction)
        }
      }
      sourceOffset = fusedCondition?.sourceOffset ?? -1
      try selectTerminator(block.terminator)
      if case .conditionalBranch = block.terminator { flagsAtExit[block.id] = flagsHoldZeroTest }
    }
    current = epilogue
    sourceOffset = -1
    if hasStores { emit(.add(.tmuwt), comment: "stores complete before the end") }
    machine.blocks[epilogue].terminator = .end
    buildPrologue()
    placeEdgeBlocks()
  }

  /// Lays each edge block out right after the block it leaves from (they were appended
  /// after the end), so that the values it copies are not live over the code in between
  /// (live intervals follow the layout).
  private mutating func placeEdgeBlocks() {
    guard !edgeSources.isEmpty else { return }
    var edgesBySource: [Int: [Int]] = [:]
    for (edge, source) in edgeSources.sorted(by: { $0.key < $1.key }) {
      edgesBySource[source, default: []].append(edge)
    }
    var order: [Int] = []
    for index in 0..<epilogue {
      order.append(index)
      order += edgesBySource[index] ?? []
    }
    order.append(epilogue)
    precondition(order.count == machine.blocks.count, "every block is placed once")
    machine.reorder(order)
    epilogue = machine.blocks.count - 1
  }

  // MARK: Operands

  /// The virtual register of an IR value.
  mutating func register(_ value: Value) -> VirtualRegister {
    if let alias = aliases[value] { return alias }
    if let bits = immediates[value] { return constantRegister(bits) }
    return VirtualRegister(id: value.id)
  }

  /// How an operation reads an IR value.
  mutating func operand(_ value: Value) -> MachineOperand {
    if let bits = immediates[value] { return .immediate(bits) }
    if forwardedInR5.contains(value) { return .fixed(.accumulator(5)) }
    return .virtual(register(value))
  }

  /// A constant as an operand: a small immediate, or a register loaded in the prologue.
  mutating func constant(_ bits: UInt32) -> MachineOperand {
    if SmallImmediate.index(of: bits) != nil { return .immediate(bits) }
    return .virtual(constantRegister(bits))
  }

  /// A register holding a constant, loaded from the uniform stream in the prologue.
  mutating func constantRegister(_ bits: UInt32) -> VirtualRegister {
    if let register = pool[bits] { return register }
    let register = machine.makeRegister()
    pool[bits] = register
    return register
  }

  /// The destination for an IR result.
  func destination(_ value: Value) -> MachineDestination {
    .virtual(aliases[value] ?? VirtualRegister(id: value.id))
  }

  mutating func temporary() -> VirtualRegister { machine.makeRegister() }

  // MARK: Emission helpers

  mutating func emit(_ operation: MachineOperation) {
    if operation.flags.push != nil || operation.flags.update != nil
      || operation.signals.contains(.thrsw)
    {
      flagsHoldZeroTest = nil
    }
    if let held = flagsHoldZeroTest?.virtualRegister, operation.definitions.contains(held) {
      flagsHoldZeroTest = nil
    }
    if let held = scratchHolds?.virtualRegister, operation.definitions.contains(held) {
      scratchHolds = nil
    }
    if operation.destination == .fixed(.magic(.r4)) || operation.signals.contains(.thrsw) {
      scratchHolds = nil
    }
    if operation.signals.contains(.thrsw) { rtopMayBeStale = true }
    if operation.opcode == .mul(.umul24) { rtopMayBeStale = false }
    var operation = operation
    if operation.sourceOffset < 0 { operation.sourceOffset = sourceOffset }
    machine.blocks[current].operations.append(operation)
  }

  /// The flags a block starts with: those its only predecessor left before branching
  /// here without edge copies (branches and delay slots keep the flags).
  ///
  /// Flags do not survive a thread switch, and the pipeline rules are checked along the
  /// layout: so when a block that switches threads (a barrier, or a load that switches)
  /// lies between the branch and its target in the layout, the target pushes its mask
  /// again rather than relying on flags the layout says a thread switch destroyed.
  private func incomingFlags(_ block: BlockID, predecessors: [BlockID: [BlockID]])
    -> MachineOperand?
  {
    guard let sources = predecessors[block], sources.count == 1,
      let sourceIndex = function.blocks.firstIndex(where: { $0.id == sources[0] }),
      let targetIndex = function.blocks.firstIndex(where: { $0.id == block }),
      case .conditionalBranch = function.blocks[sourceIndex].terminator,
      function.blocks[sourceIndex].terminator.targets.allSatisfy({
        $0.block != block || $0.arguments.isEmpty
      })
    else { return nil }
    if sourceIndex >= targetIndex { return nil }
    let between = function.blocks[(sourceIndex + 1)..<targetIndex]
    if between.contains(where: switchesThreads) { return nil }
    return flagsAtExit[sources[0]]
  }

  /// Whether a load switches threads after its lookup.
  func switchesThreads(on load: IRInstruction) -> Bool {
    load.mask == nil && load.result.map(switchingLoads.contains) == true
  }

  /// Whether selecting the block emits a thread switch.
  private func switchesThreads(_ block: Block) -> Bool {
    block.instructions.contains { instruction in
      instruction.opcode == .barrier
        || (instruction.opcode == .load && switchesThreads(on: instruction))
    }
  }

  /// The vote or comparison of `block` whose result is used only by its branch.
  private func conditionFeedingBranch(_ block: Block, uses: [Int]) -> IRInstruction? {
    guard case .conditionalBranch(let condition, _, _) = block.terminator,
      uses[condition.id] == 1
    else { return nil }
    let fusable: Set<Opcode> = [.any, .all, .eq, .ne, .lt, .le, .gt, .ge]
    return block.instructions.last {
      $0.result == condition && fusable.contains($0.opcode)
    }
  }

  /// The comparison of `block` used only by `vote` (an `any`/`all` fused into the branch).
  private func comparisonFeedingVote(_ vote: IRInstruction?, in block: Block, uses: [Int])
    -> IRInstruction?
  {
    guard let vote, vote.opcode == .any || vote.opcode == .all,
      let lanes = vote.operands.first, uses[lanes.id] == 1
    else { return nil }
    let comparisons: Set<Opcode> = [.eq, .ne, .lt, .le, .gt, .ge]
    return block.instructions.last {
      $0.result == lanes && comparisons.contains($0.opcode)
    }
  }

  mutating func emit(
    _ opcode: ALUOpcode, _ destination: MachineDestination? = nil, _ a: MachineOperand? = nil,
    _ b: MachineOperand? = nil, flags: ALUFlags = .none, signals: Signals = [],
    signalDestination: MachineDestination? = nil, rotation: Rotation? = nil,
    unpackA: Unpack = .none, comment: String = "", uniform: UniformSlot? = nil
  ) {
    var operation = MachineOperation(
      opcode, destination, a, b, flags: flags, signals: signals,
      signalDestination: signalDestination, rotation: rotation)
    operation.unpackA = unpackA
    operation.comment = comment
    operation.uniform = uniform
    emit(operation)
  }

  /// Emits a binary operation, moving one operand to a register when both are different
  /// small immediates (an instruction holds one).
  mutating func binary(
    _ opcode: ALUOpcode, _ destination: MachineDestination, _ a: MachineOperand,
    _ b: MachineOperand, flags: ALUFlags = .none
  ) {
    var b = b
    if case .immediate(let x) = a, case .immediate(let y) = b, x != y {
      let copy = temporary()
      emit(.mul(.mov), .virtual(copy), b)
      b = .virtual(copy)
    }
    emit(opcode, destination, a, b, flags: flags)
  }

  /// Copies a value.
  mutating func move(_ destination: MachineDestination, _ source: MachineOperand) {
    emit(.mul(.mov), destination, source)
  }

  /// Sets flag A of each lane to whether the 0/1 value `bool` is zero (so `ifna` selects
  /// the lanes where it is true).
  mutating func pushIsZero(_ bool: MachineOperand) {
    if flagsHoldZeroTest == bool { return }
    emit(.add(.or), .discard, bool, bool, flags: ALUFlags(push: .pushz))
    flagsHoldZeroTest = bool
  }

  /// Writes 1 where flag A is set (or clear, with `negated`) and 0 elsewhere.
  mutating func materialise(_ destination: MachineDestination, negated: Bool) {
    move(destination, .immediate(0))
    emit(
      .mul(.mov), destination, .immediate(1),
      flags: ALUFlags(condition: negated ? .ifna : .ifa))
  }

  // MARK: Control flow

  private mutating func selectTerminator(_ terminator: Terminator) throws(BackendError) {
    switch terminator {
    case .return:
      machine.blocks[current].terminator = .jump(epilogue)
    case .branch(let target):
      copyArguments(target)
      machine.blocks[current].terminator = .jump(blockOfIR[target.block] ?? epilogue)
    case .conditionalBranch(let condition, let thenTarget, let elseTarget):
      let source = current
      let flags = flagsHoldZeroTest
      let taken = edgeBlock(thenTarget, from: source)
      let notTaken = edgeBlock(elseTarget, from: source)
      current = source
      flagsHoldZeroTest = flags
      // A = (value == 0) per lane; `any` branches when some lane has A clear, `all` and a
      // uniform bool when every lane has.
      var branchCondition = BranchCondition.allna
      if let vote = fusedCondition, let comparison = fusedComparison {
        // Flag A holds the comparison (or its negation) per lane: no 0/1 mask.
        let scalar = function.type(of: comparison.operands[0]).scalar
        let negated = compareIntoFlags(
          comparison.opcode, scalar, operand(comparison.operands[0]),
          operand(comparison.operands[1]))
        switch (vote.opcode, negated) {
        case (.all, false): branchCondition = .alla
        case (.all, true): branchCondition = .allna
        case (_, false): branchCondition = .anya
        case (_, true): branchCondition = .anyna
        }
      } else if let vote = fusedCondition, vote.opcode == .any || vote.opcode == .all,
        let lanes = vote.operands.first
      {
        pushIsZero(operand(lanes))
        branchCondition = vote.opcode == .any ? .anyna : .allna
      } else if let comparison = fusedCondition, comparison.operands.count == 2 {
        // The condition is uniform: every lane's flag agrees.
        let scalar = function.type(of: comparison.operands[0]).scalar
        let negated = compareIntoFlags(
          comparison.opcode, scalar, operand(comparison.operands[0]),
          operand(comparison.operands[1]))
        branchCondition = negated ? .allna : .alla
      } else {
        pushIsZero(operand(condition))
      }
      machine.blocks[current].terminator = .branch(
        branchCondition, taken: taken, notTaken: notTaken)
    }
  }

  /// The block a conditional edge goes to: the target itself, or a new block that copies
  /// the edge's arguments first.
  private mutating func edgeBlock(_ target: BlockTarget, from source: Int) -> Int {
    let destination = blockOfIR[target.block] ?? epilogue
    if target.arguments.isEmpty { return destination }
    edgeSources[machine.blocks.count] = source
    current = machine.blocks.count
    flagsHoldZeroTest = nil
    machine.blocks.append(MachineBlock(name: "edge to b\(target.block.id)"))
    copyArguments(target)
    machine.blocks[current].terminator = .jump(destination)
    return current
  }

  /// The parallel copy of an edge's arguments into the target's parameters.
  private mutating func copyArguments(_ target: BlockTarget) {
    guard let block = function.blocks.first(where: { $0.id == target.block }) else { return }
    var pairs: [(Value, Value)] = []
    for (parameter, argument) in zip(block.parameters, target.arguments)
    where operand(argument) != .virtual(register(parameter)) {
      pairs.append((parameter, argument))
    }
    let parameters = Set(pairs.map { register($0.0) })
    let overlapping = pairs.contains { pair in
      operand(pair.1).virtualRegister.map { parameters.contains($0) } ?? false
    }
    if !overlapping {
      for (parameter, argument) in pairs {
        move(.virtual(register(parameter)), operand(argument))
      }
      return
    }
    var staged: [(VirtualRegister, VirtualRegister)] = []
    for (parameter, argument) in pairs {
      let copy = temporary()
      move(.virtual(copy), operand(argument))
      staged.append((register(parameter), copy))
    }
    for (parameter, copy) in staged { move(.virtual(parameter), .virtual(copy)) }
  }

  // MARK: Prologue

  /// Reads the payload and the uniform stream: parameters, the QPU count, constants.
  private mutating func buildPrologue() {
    current = 0
    if let qpuIndex {
      // rf0 = workgroup id x | y << 16; y is 0 in a flat dispatch, masked all the same.
      let shifted = temporary()
      emit(.add(.shl), .virtual(shifted), .fixed(.register(0)), .immediate(16 &- 32))
      emit(.add(.shr), .virtual(qpuIndex), .virtual(shifted), .immediate(16 &- 32))
    }
    if let groupY = groupIndex[1] {
      emit(.add(.shr), .virtual(groupY), .fixed(.register(0)), .immediate(16 &- 32))
    }
    if let groupZ = groupIndex[2] {
      // rf2 = workgroup id z | the local index and supergroup slot in the high half.
      let shifted = temporary()
      emit(.add(.shl), .virtual(shifted), .fixed(.register(2)), .immediate(16 &- 32))
      emit(.add(.shr), .virtual(groupZ), .virtual(shifted), .immediate(16 &- 32))
    }
    let uses = function.useCounts()
    let entry = function.blocks[0]
    var lastRead = -1
    for (index, parameter) in entry.parameters.enumerated() where uses[parameter.id] > 0 {
      lastRead = index
    }
    if lastRead >= 0 {
      for index in 0...lastRead {
        let parameter = entry.parameters[index]
        uniforms.append(.parameter(index))
        if uses[parameter.id] > 0 {
          emit(
            .none, signals: .ldunifrf, signalDestination: .virtual(register(parameter)),
            comment: "parameter \(function.parameters[index].name)", uniform: .parameter(index))
        } else {
          emit(
            .none, signals: .ldunif, comment: "skip parameter \(function.parameters[index].name)",
            uniform: .parameter(index))
        }
      }
    }
    if let qpuCount {
      uniforms.append(.qpuCount)
      emit(
        .none, signals: .ldunifrf, signalDestination: .virtual(qpuCount), comment: "qpus",
        uniform: .qpuCount)
    }
    for (axis, register) in gridExtent.sorted(by: { $0.key < $1.key }) {
      uniforms.append(.gridExtent(axis))
      emit(
        .none, signals: .ldunifrf, signalDestination: .virtual(register),
        comment: "grid extent \(["x", "y", "z"][axis])", uniform: .gridExtent(axis))
    }
    for (bits, register) in pool.sorted(by: { $0.value < $1.value }) {
      uniforms.append(.constant(bits))
      emit(
        .none, signals: .ldunifrf, signalDestination: .virtual(register),
        comment: "constant 0x" + String(bits, radix: 16), uniform: .constant(bits))
    }
    machine.blocks[0].terminator = .jump(1)
  }
}

extension MachineDestination {
  static func register(_ register: VirtualRegister) -> MachineDestination { .virtual(register) }
}
