import QPUEmulator

/// Runs a compute job on the QPU emulator over host buffer objects: the job
/// sees each buffer at its GPU address (the host memory itself, no copy), and
/// its stores land in the buffers.
enum EmulatorJobRunner {
  /// Runs the job; returns the emulator's counters and warnings. Each
  /// buffer's `bytes` are all the job may touch; `name` says what it is in
  /// out-of-bounds messages.
  static func run(
    configuration words: [UInt32],
    buffers: [(gpuAddress: UInt32, bytes: UnsafeMutableRawBufferPointer, name: String?)],
    options: EmulatorOptions, cancellation: JobCancellation? = nil
  ) throws(RuntimeError) -> EmulatorJobResult {
    let memory = GPUMemory()
    do {
      for buffer in buffers {
        try memory.addBuffer(at: buffer.gpuAddress, mapping: buffer.bytes, name: buffer.name)
      }
    } catch {
      throw .invalidConfiguration(error.description)
    }
    let statistics: RunStatistics
    do {
      let configuration = try CSDConfiguration(words)
      statistics = try Emulator(memory: memory, cancellation: cancellation).run(
        configuration, maxInstructions: options.maxInstructions, strict: options.strict,
        timing: options.timing, profile: options.profile,
        timelineCapacity: options.timelineCapacity)
    } catch {
      throw .jobFailed("emulator: \(error)")
    }
    let total = statistics.total
    return EmulatorJobResult(
      counters: [
        "instructions": total.instructions, "cycles": total.cycles, "dualIssued": total.dualIssued,
        "tmuReads": total.tmuReads, "tmuWrites": total.tmuWrites,
        "sfuOperations": total.sfuOperations, "threadSwitches": total.threadSwitches,
        "batches": total.batches, PerformanceCounter.cycleCount.key: total.cycles,
        "modelledNanoseconds": UInt64((statistics.modelledSeconds * 1e9).rounded()),
      ],
      warnings: statistics.warnings.map(\.description), timing: statistics.timing)
  }
}

/// What an emulated job reports.
struct EmulatorJobResult: Sendable {
  var counters: [String: UInt64]
  var warnings: [String]
  var timing: TimingReport
}

/// Settings of the emulator device.
public struct EmulatorOptions: Hashable, Sendable {
  /// Check the pipeline rules (strict mode); on by default.
  public var strict: Bool
  /// Total instructions after which a job counts as hung.
  public var maxInstructions: UInt64
  /// The timing model's parameters (a Raspberry Pi 4 by default).
  public var timing: TimingParameters
  /// Count executions and stalls per instruction (``LaunchResult/timing``'s profile).
  public var profile: Bool
  /// Record up to this many intervals of what each thread did (the timeline).
  public var timelineCapacity: Int?

  public init(
    strict: Bool = true, maxInstructions: UInt64 = 20_000_000_000,
    timing: TimingParameters = .pi4, profile: Bool = false, timelineCapacity: Int? = nil
  ) {
    self.strict = strict
    self.maxInstructions = maxInstructions
    self.timing = timing
    self.profile = profile
    self.timelineCapacity = timelineCapacity
  }
}
