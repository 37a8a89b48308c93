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

  public var scheduling: Scheduling
  /// Switch threads after issuing each unmasked TMU load, so that another batch on the
  /// same QPU runs while the data arrives (worth it when a launch puts two batches on
  /// each QPU, i.e. 16 batches on the Pi 4's 8 QPUs). Values live across the switch are
  /// kept in the register file.
  public var switchThreadsOnLoads: Bool

  /// Threads per QPU the code is for: 2 (the default; 64 registers each) or 4 (32 registers
  /// each, so the allocator uses rf3–rf31 and spills sooner). Four threads hide memory
  /// latency only when the code switches threads (``switchThreadsOnLoads``) and the launch
  /// puts four batches on each QPU (32 on the Pi 4).
  public var threadsPerQPU: Int

  public init(
    scheduling: Scheduling = .list, switchThreadsOnLoads: Bool = false, threadsPerQPU: Int = 2
  ) {
    self.scheduling = scheduling
    self.switchThreadsOnLoads = switchThreadsOnLoads
    self.threadsPerQPU = threadsPerQPU
  }

  /// The register-file entries a thread may use: rf0–rf63 with two threads per QPU,
  /// rf0–rf31 with four.
  var registerFileSize: Int { threadsPerQPU == 4 ? 32 : 64 }
}

/// The QPU backend: IR → instruction selection → register allocation → scheduling →
/// encoded words, validated against every ``PipelineRule`` before they are returned.
public enum Backend {
  /// Compiles a verified IR function (normally after the -O2 passes).
  public static func compile(_ function: Function, options: BackendOptions = BackendOptions())
    throws(BackendError) -> CompiledKernel
  {
    guard options.threadsPerQPU == 2 || options.threadsPerQPU == 4 else {
      throw BackendError("a QPU runs 2 or 4 threads, not \(options.threadsPerQPU)")
    }
    // The list schedule also reorders memory accesses (stores after later loads of other
    // buffers here, loads ahead of their uses after selection); the naive one keeps them.
    let selector = try InstructionSelector.select(
      options.scheduling == .list ? StoreSinking.sink(function) : function,
      switchThreadsOnLoads: options.switchThreadsOnLoads)
    var machine = selector.machine
    machine.countResultWords()
    let originalPressure = LiveIntervals(machine).maxLive
    var (liveness, allocator, spiller): (LiveIntervals, RegisterAllocator, Spiller)
    let resultWordLimit = ListScheduler.resultWordLimit(threadsPerQPU: options.threadsPerQPU)
    var hoisted = machine
    if options.scheduling == .list,
      LoadHoisting.hoist(&hoisted, resultWordLimit: resultWordLimit),
      case let allocation? = try? allocate(
        &hoisted, name: function.name, registerFileSize: options.registerFileSize),
      allocation.2.slots.isEmpty && allocation.2.rematerialised.isEmpty
    {
      // Loads issued early; kept only when that needs no spill code (spill loads between
      // a hoisted lookup and its `ldtmu` would pop the wrong word).
      machine = hoisted
      (liveness, allocator, spiller) = allocation
    } else {
      (liveness, allocator, spiller) = try allocate(
        &machine, name: function.name, registerFileSize: options.registerFileSize)
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
    let instructions = try code.resolved()
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
    statistics.uniforms = selector.uniforms.count
    statistics.accumulatorsUsed = allocator.accumulatorsUsed.count
    statistics.registersUsed = allocator.registersUsed.count
    statistics.maxLiveValues = originalPressure
    statistics.spills = spiller.slots.count
    statistics.rematerialised = spiller.rematerialised.count
    var uniforms = selector.uniforms
    if spiller.bytesPerThread > 0 {
      uniforms.insert(.scratch(bytesPerThread: UInt32(spiller.bytesPerThread)), at: 0)
    }
    statistics.uniforms = uniforms.count
    let slots = Dictionary(
      uniforms.enumerated().compactMap { slot, use -> (Int, Int)? in
        if case .parameter(let index) = use { return (index, slot) }
        return nil
      }, uniquingKeysWith: { first, _ in first })
    let written = PointerBases(function).writtenParameters(of: function)
    var labels: [Int: String] = [:]
    for (block, start) in code.blockStarts where labels[start] == nil {
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
    kernel.threadsPerQPU = options.threadsPerQPU
    kernel.writtenParameters = written
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
