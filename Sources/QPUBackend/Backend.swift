import QPUISA
import VCKIR

/// Options of the QPU backend.
public struct BackendOptions: Hashable, Sendable {
  /// How instructions are scheduled.
  public enum Scheduling: String, Hashable, Sendable, CaseIterable {
    /// One operation per instruction, nops in delay slots: the reference.
    case naive
    /// List scheduling: add/mul pairing, merged signals, filled delay slots.
    case list
  }

  /// Which loads switch threads while their data arrives.
  public enum ThreadSwitching: String, Hashable, Sendable, CaseIterable {
    /// Loads in loops whose address depends on a value read from memory (gathers,
    /// pointer chasing: ``DependentLoads``), where the schedule cannot keep several in
    /// flight; none in other kernels. The default.
    case automatic
    /// Every unmasked load.
    case always
    /// No load.
    case never
  }

  public var scheduling: Scheduling
  /// Which unmasked TMU loads switch threads after issuing, so that another batch on the
  /// same QPU runs while the data arrives (worth it when a launch puts two or more
  /// batches on each QPU: ``CompiledKernel/batchesPerQPU`` says how many). Values live
  /// across the switch are kept in the register file.
  public var threadSwitching: ThreadSwitching

  /// Threads per QPU the code is for: 2 (64 registers each), 4 (32 registers each, so the
  /// allocator uses rf3–rf31 and spills sooner), or nil (the default): 4 when the code
  /// switches threads on loads, has no barrier and allocates in rf3–rf31 without spilling,
  /// else 2. Four threads hide memory latency only when the code switches threads and
  /// the launch puts four batches on each QPU (32 on the Pi 4).
  public var threadsPerQPU: Int?

  public init(
    scheduling: Scheduling = .list, threadSwitching: ThreadSwitching = .automatic,
    threadsPerQPU: Int? = nil
  ) {
    self.scheduling = scheduling
    self.threadSwitching = threadSwitching
    self.threadsPerQPU = threadsPerQPU
  }

  /// The register-file entries a thread may use: rf0–rf63 with two threads per QPU,
  /// rf0–rf31 with four.
  static func registerFileSize(threadsPerQPU: Int) -> Int { threadsPerQPU == 4 ? 32 : 64 }

  /// The results of the loads that switch threads in `function`.
  func switchingLoads(in function: Function) -> Set<Value> {
    switch threadSwitching {
    case .never: return []
    case .automatic: return DependentLoads.find(in: function)
    case .always:
      var loads: Set<Value> = []
      for block in function.blocks {
        for instruction in block.instructions
        where instruction.opcode == .load && instruction.mask == nil {
          if let result = instruction.result { loads.insert(result) }
        }
      }
      return loads
    }
  }
}

/// The QPU backend: IR → instruction selection → register allocation → scheduling →
/// encoded words, validated against every ``PipelineRule`` before they are returned.
public enum Backend {
  /// Compiles a verified IR function (normally after the -O2 passes).
  public static func compile(_ function: Function, options: BackendOptions = BackendOptions())
    throws(BackendError) -> CompiledKernel
  {
    if let threads = options.threadsPerQPU, threads != 2 && threads != 4 {
      throw BackendError("a QPU runs 2 or 4 threads, not \(threads)")
    }
    // Sinking reorders stores inside their blocks only: the analysis stays valid.
    let addresses = AddressAnalysis(function)
    let function =
      options.scheduling == .list ? StoreSinking.sink(function, addresses: addresses) : function
    let switchingLoads = options.switchingLoads(in: function)
    if let threads = options.threadsPerQPU {
      return try compile(
        function, options: options, threadsPerQPU: threads, switchingLoads: switchingLoads,
        addresses: addresses)
    }
    let hasBarriers = function.blocks.contains {
      $0.instructions.contains { $0.opcode == .barrier }
    }
    // Four threads when the loads switch and the code fits in half the register file.
    if !switchingLoads.isEmpty && !hasBarriers,
      let kernel = try? compile(
        function, options: options, threadsPerQPU: 4, switchingLoads: switchingLoads,
        addresses: addresses),
      kernel.switchesThreadsOnLoads,
      kernel.statistics.spills == 0 && kernel.statistics.rematerialised == 0
    {
      return kernel
    }
    return try compile(
      function, options: options, threadsPerQPU: 2, switchingLoads: switchingLoads,
      addresses: addresses)
  }

  /// Compiles for a thread count, switching threads on `switchingLoads`.
  static func compile(
    _ function: Function, options: BackendOptions, threadsPerQPU: Int,
    switchingLoads: Set<Value>, addresses: AddressAnalysis
  ) throws(BackendError) -> CompiledKernel {
    let registerFileSize = BackendOptions.registerFileSize(threadsPerQPU: threadsPerQPU)
    // The list schedule also reorders memory accesses (stores after later loads of other
    // buffers here, loads ahead of their uses after selection); the naive one keeps them.
    let selector = try InstructionSelector.select(
      function, switchingLoads: switchingLoads, addresses: addresses)
    var machine = selector.machine
    machine.countResultWords()
    let originalPressure = LiveIntervals(machine).maxLive
    var (liveness, allocator, spiller): (LiveIntervals, RegisterAllocator, Spiller)
    let resultWordLimit = ListScheduler.resultWordLimit(threadsPerQPU: threadsPerQPU)
    var hoisted = machine
    if options.scheduling == .list,
      LoadHoisting.hoist(&hoisted, resultWordLimit: resultWordLimit),
      case let allocation? = try? allocate(
        &hoisted, name: function.name, registerFileSize: registerFileSize),
      allocation.2.slots.isEmpty && allocation.2.rematerialised.isEmpty
    {
      // Loads issued early; kept only when that needs no spill code (spill loads between
      // a hoisted lookup and its `ldtmu` would pop the wrong word).
      machine = hoisted
      (liveness, allocator, spiller) = allocation
    } else {
      (liveness, allocator, spiller) = try allocate(
        &machine, name: function.name, registerFileSize: registerFileSize)
      machine.countResultWords()  // the spiller's lookups
    }
    let blocks = machine.blocks.map { block in
      block.operations.map { PhysicalOperation($0, allocator.assignment) }
        .filter { !$0.isSelfMove }
    }
    let code: CodeBuffer
    switch options.scheduling {
    case .naive: code = NaiveScheduler.schedule(blocks, machine)
    case .list:
      let liveIn = { (block: Int) -> Set<Operand> in
        Set(liveness.liveIn[block].members.compactMap { allocator.assignment[$0] })
      }
      code = ListScheduler.schedule(
        blocks, machine, liveIn: liveIn, resultWordLimit: resultWordLimit)
    }
    let layout = try UniformStreamLayout(
      code.resolved(), reads: code.uniformReads,
      scratchBytesPerThread: spiller.bytesPerThread)
    let instructions = layout.instructions
    var words: [UInt64] = []
    for (index, instruction) in instructions.enumerated() {
      do {
        words.append(try instruction.encoded())
      } catch {
        throw BackendError("internal error: instruction \(index) cannot be encoded: \(error)")
      }
    }
    let violations = ProgramValidator(tmuResultLimit: resultWordLimit).violations(
      in: instructions)
    var statistics = KernelStatistics.measure(instructions)
    statistics.accumulatorsUsed = allocator.accumulatorsUsed.count
    statistics.registersUsed = allocator.registersUsed.count
    statistics.maxLiveValues = originalPressure
    statistics.spills = spiller.slots.count
    statistics.rematerialised = spiller.rematerialised.count
    let uniforms = layout.slots
    statistics.uniforms = uniforms.count
    let slots = Dictionary(
      uniforms.enumerated().compactMap { slot, use -> (Int, Int)? in
        if case .parameter(let index) = use { return (index, slot) }
        return nil
      }, uniquingKeysWith: { first, _ in first })
    var labels: [Int: String] = [:]
    for (block, start) in code.blockStarts.sorted(by: { $0.key < $1.key })
    where labels[start] == nil {
      labels[start] = code.blockNames[block]
    }
    var kernel = CompiledKernel(
      name: function.name, words: words,
      parameters: function.parameters.enumerated().map { index, parameter in
        KernelParameter(name: parameter.name, kind: parameter.kind, uniformSlot: slots[index])
      },
      uniforms: uniforms, usesBarriers: selector.usesBarriers, statistics: statistics,
      comments: code.comments, sourceOffsets: code.sourceOffsets, labels: labels)
    kernel.gridDimensions = function.gridDimensions
    kernel.threadsPerQPU = threadsPerQPU
    kernel.switchesThreadsOnLoads = selector.switchedThreadsOnLoads
    kernel.writtenParameters = addresses.writtenBuffers
    if !violations.isEmpty {
      var error = BackendError(
        "internal error: the generated code breaks pipeline rules:\n"
          + violations.prefix(8).map(\.description).joined(separator: "\n"))
      error.rejectedKernel = kernel
      for violation in violations {
        error.rejectedInstructions[violation.index, default: ""] +=
          (error.rejectedInstructions[violation.index] == nil ? "" : "; ")
          + "\(violation.rule.identifier): \(violation.detail)"
      }
      throw error
    }
    return kernel
  }
}

extension Backend {
  /// Most rounds of spilling before allocation gives up.
  static let spillRounds = 24

  /// Allocates registers, spilling (``Spiller``) until the values fit.
  static func allocate(_ machine: inout MachineFunction, name: String, registerFileSize: Int = 64)
    throws(BackendError) -> (LiveIntervals, RegisterAllocator, Spiller)
  {
    var spiller = Spiller()
    var exhaustedOffset: Int32 = -1
    for _ in 0..<spillRounds {
      let liveness = LiveIntervals(machine)
      let allocator = RegisterAllocator(
        machine, liveness, unspillable: spiller.unspillable,
        cheap: Spiller.rematerialisableRegisters(in: machine),
        registerFile: Array(RegisterAllocator.firstRegister..<UInt8(registerFileSize)))
      if allocator.spillCandidates.isEmpty && !allocator.failed {
        // The waits `finish` adds use no register and do not change which intervals
        // overlap or cross a thread switch, so the allocation stays valid.
        spiller.finish(&machine)
        return (liveness, allocator, spiller)
      }
      if let position = allocator.exhaustedAt?.position {
        exhaustedOffset = sourceOffset(atPosition: position, machine, liveness)
      }
      if allocator.failed || allocator.spillCandidates.isEmpty { break }
      spiller.spill(allocator.spillCandidates, in: &machine)
    }
    var error = BackendError(
      "kernel \(name) needs more registers than the QPU has at one point, even after "
        + "spilling \(spiller.slots.count) values to memory")
    error.sourceOffset = exhaustedOffset >= 0 ? Int(exhaustedOffset) : nil
    throw error
  }

  /// The source offset of the operation at a live-interval position (or the nearest one
  /// before it that has one), or -1.
  static func sourceOffset(
    atPosition position: Int, _ machine: MachineFunction, _ liveness: LiveIntervals
  ) -> Int32 {
    var best: Int32 = -1
    for (block, positions) in liveness.positions.enumerated() {
      for (index, operationPosition) in positions.enumerated()
      where 2 * operationPosition <= position {
        let offset = machine.blocks[block].operations[index].sourceOffset
        if offset >= 0 { best = offset }
      }
    }
    return best
  }
}

extension KernelStatistics {
  /// Counts instructions, pairs, nops, branches and thread switches.
  static func measure(_ instructions: [QPUInstruction]) -> KernelStatistics {
    var statistics = KernelStatistics()
    statistics.instructions = instructions.count
    var threadSwitches = 0
    for instruction in instructions {
      switch instruction {
      case .branch: statistics.branches += 1
      case .alu(let alu):
        if alu.isDualIssued { statistics.dualIssued += 1 }
        if alu.isNop { statistics.nops += 1 }
        if alu.signals.contains(.thrsw) { threadSwitches += 1 }
      }
    }
    // The thread-end sequence holds three of them.
    statistics.threadSwitches = max(0, threadSwitches - 3)
    return statistics
  }
}
