import QPUISA

/// A functional model of one V3D 4.2 core (Raspberry Pi 4): 8 QPUs of 16
/// lanes, running compute jobs the way the CSD dispatches them.
///
/// ```swift
/// let memory = GPUMemory()
/// try memory.addBuffer(at: 0x1000, contents: bytes)
/// let emulator = Emulator(memory: memory)
/// let stats = try emulator.run(try CSDConfiguration([w0, w1, w2, w3, w4, w5, w6]))
/// ```
///
/// A job reads its code and both uniform streams from the memory as it was
/// when the job started, and loads and stores through the TMU on the live
/// memory, which holds the job's results when `run` returns. On an error the
/// memory holds whatever the job had stored up to the fault.
public final class Emulator {
  /// The GPU memory jobs run against.
  public let memory: GPUMemory

  /// Stops a running job from another thread, when given.
  public let cancellation: JobCancellation?

  /// An emulator over `memory`; `cancellation` lets another thread stop its jobs.
  public init(memory: GPUMemory, cancellation: JobCancellation? = nil) {
    self.memory = memory
    self.cancellation = cancellation
  }

  /// Runs one compute job to its end.
  ///
  /// - Parameters:
  ///   - configuration: the seven CSD configuration words.
  ///   - maxInstructions: total instructions (all QPUs) after which the job is
  ///     taken to hang and stopped with `.instructionBudgetExceeded`.
  ///   - strict: check the pipeline rules of semantics.md (``StrictRule``).
  ///   - poisonAtThreadSwitch: overwrite r0…r5, both flags and rtop with
  ///     garbage at every thread switch, as a lint for code that must not rely
  ///     on them surviving (semantics.md §1.2: the hardware keeps them only
  ///     while no other thread runs on the QPU). Off by default.
  ///   - trace: called with one line per executed instruction, when given.
  ///   - timing: the parameters of the timing model (a Pi 4 by default), or nil to run
  ///     without it: results, counts and warnings only (``TimingReport/isModelled`` is
  ///     false), the QPUs scheduled in deterministic epochs that can use several host
  ///     threads (docs/emulator.md, "Host threads").
  ///   - profile: count executions and stalls per instruction
  ///     (``TimingReport/profile``; with the timing model only).
  ///   - timelineCapacity: record up to this many intervals of what each
  ///     thread did (``TimingReport/timeline``; with the timing model only).
  ///   - hostThreads: without the timing model, the host threads that run QPUs at once
  ///     (1…8; 1 when tracing). Results, statistics and warnings do not depend on it.
  /// - Returns: per-QPU and total statistics, the timing model's report, and
  ///   any strict-mode warnings.
  /// - Throws: ``EmulatorError`` on a fault, a rule violation (strict mode),
  ///   a hang, a deadlock or a cancellation.
  public func run(
    _ configuration: CSDConfiguration, maxInstructions: UInt64 = 1_000_000_000,
    strict: Bool = true, poisonAtThreadSwitch: Bool = false, trace: ((String) -> Void)? = nil,
    timing: TimingParameters? = .pi4, profile: Bool = false, timelineCapacity: Int? = nil,
    hostThreads: Int = 1
  ) throws(EmulatorError) -> RunStatistics {
    let machine = try Machine(
      memory: memory, configuration: configuration, strict: strict,
      poisonAtThreadSwitch: poisonAtThreadSwitch,
      maxInstructions: maxInstructions, trace: trace, timingParameters: timing, profile: profile,
      timelineCapacity: timelineCapacity, hostThreads: hostThreads)
    machine.cancellation = cancellation
    return try machine.runJob()
  }
}
