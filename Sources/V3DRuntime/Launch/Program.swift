import QPUEmulator

/// QPU code uploaded to GPU memory, ready to launch.
public final class Program: @unchecked Sendable {
  /// The instruction words.
  public let words: [UInt64]
  /// The buffer object holding them.
  public let storage: BufferObject

  init(words: [UInt64], storage: BufferObject) {
    self.words = words
    self.storage = storage
  }

  /// The GPU address of the first instruction.
  public var gpuAddress: UInt32 { storage.gpuAddress }
}

/// What a finished launch reports.
public struct LaunchResult: Sendable {
  /// Wall-clock seconds from submission to completion.
  public var seconds: Double
  /// Counters of the job: on the emulator its own counts (`instructions`,
  /// `cycles`, `dualIssued`, `tmuReads`, `tmuWrites`, `sfuOperations`,
  /// `threadSwitches`); on hardware the perfmon counters requested.
  public var counters: [String: UInt64]
  /// Strict-mode warnings (emulator only).
  public var warnings: [String]
  /// On the emulator, the timing model's report: the modelled Pi 4 time,
  /// stalls by cause, unit use, and the profile and timeline when
  /// ``EmulatorOptions`` asked for them; `nil` on hardware.
  public var timing: TimingReport?

  /// On the emulator, the timing model's estimate of how long the job takes on
  /// a Raspberry Pi 4 (docs/emulator.md, "Timing model"); `nil` on hardware.
  public var modelledSeconds: Double? {
    counters["modelledNanoseconds"].map { Double($0) / 1e9 }
  }
}
