import QPUISA

/// What one QPU did during a job.
public struct QPUStatistics: Sendable, Equatable, Codable {
  /// Instructions executed (all threads of this QPU).
  public var instructions: UInt64 = 0
  /// Instructions whose add and mul ALUs both did work.
  public var dualIssued: UInt64 = 0
  /// TMU lookups that return data (loads, atomics).
  public var tmuReads: UInt64 = 0
  /// TMU lookups that store data.
  public var tmuWrites: UInt64 = 0
  /// SFU operations (magic-register and add-ALU forms).
  public var sfuOperations: UInt64 = 0
  /// Thread switches that took effect (not counting thread ends).
  public var threadSwitches: UInt64 = 0
  /// Batches (threads) that ran to their end on this QPU.
  public var batches: UInt64 = 0
  /// Modelled cycles: per QPU, its clock when its last thread ended; in
  /// ``RunStatistics/total``, the job's length (see ``TimingReport/cycles``).
  public var cycles: UInt64 = 0

  public init() {}

  mutating func add(_ other: QPUStatistics) {
    instructions += other.instructions
    dualIssued += other.dualIssued
    tmuReads += other.tmuReads
    tmuWrites += other.tmuWrites
    sfuOperations += other.sfuOperations
    threadSwitches += other.threadSwitches
    batches += other.batches
    cycles = max(cycles, other.cycles)
  }
}

/// A strict-mode warning: a rule that working hardware programs break.
public struct RuleWarning: Sendable, Equatable, CustomStringConvertible {
  public var rule: StrictRule
  public var qpu: Int
  public var pc: UInt32
  public var disassembly: String
  /// How many times the rule fired at this pc.
  public var count: Int

  public var description: String {
    "warning: QPU \(qpu) pc 0x\(hex32(pc)) `\(disassembly)`: \(rule.summary)"
      + " [\(rule.source)]" + (count > 1 ? " (\(count) times)" : "")
  }
}

/// The result of a completed job.
public struct RunStatistics: Sendable {
  /// One entry per QPU, index = QPU number.
  public var qpus: [QPUStatistics]
  /// Sums over the QPUs; `cycles` is the largest QPU estimate (the job's length).
  public var total: QPUStatistics
  /// Strict-mode warnings, one per (rule, pc), in the order first seen.
  public var warnings: [RuleWarning]
  /// The timing model's account of the job: its length on a Pi 4, stalls,
  /// unit use, and the profile or timeline when asked for.
  public var timing: TimingReport

  /// The timing model's estimate of the job's length on a Raspberry Pi 4, in
  /// seconds, launch overhead included (docs/emulator.md, "Timing model").
  public var modelledSeconds: Double { timing.seconds }
}
