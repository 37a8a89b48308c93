/// How binding a pipeline rule is.
public enum PipelineRuleKind: String, Hashable, Sendable {
  /// Breaking it gives wrong results, hangs or undefined behaviour on hardware (or Mesa's
  /// validator aborts on it).
  case hardwareRule = "hardware rule"
  /// A safe convention of Mesa's compiler that some hand-written programs break and still
  /// work on hardware; generated code keeps it.
  case convention
}

/// One pipeline rule that no encoder can check on a single word: what the hardware needs
/// from sequences of instructions (semantics.md §16). The table ``PipelineRule/all`` is
/// the single place these rules live; the backend's validator checks them and the
/// emulator's strict mode can adopt the same identifiers.
public struct PipelineRule: Hashable, Sendable, CustomStringConvertible {
  /// A stable identifier, e.g. `sfu-r4-too-soon`.
  public let identifier: String
  public let kind: PipelineRuleKind
  /// The rule in one sentence.
  public let summary: String
  /// Where it comes from: semantics.md section, Mesa file, py-videocore6 test.
  public let source: String

  public var description: String { "\(identifier) (\(kind.rawValue)): \(summary)" }
}

extension PipelineRule {
  private static func hardware(_ id: String, _ summary: String, _ source: String) -> Self {
    PipelineRule(identifier: id, kind: .hardwareRule, summary: summary, source: source)
  }
  private static func convention(_ id: String, _ summary: String, _ source: String) -> Self {
    PipelineRule(identifier: id, kind: .convention, summary: summary, source: source)
  }

  public static let onePeripheralAccess = hardware(
    "one-peripheral-access",
    "at most one of TMU write, SFU start, TSY, TLB, VPM and ldtmu per instruction "
      + "(a TMU register write together with ldtmu is the separate tmu-write-with-ldtmu)",
    "semantics.md §9, §16.7; Mesa qpu_validate.c")
  public static let tmuWriteWithLdtmu = convention(
    "tmu-write-with-ldtmu", "a TMU register write and ldtmu in one instruction",
    "semantics.md §9: Mesa forbids it; py-videocore6 scopy/summation do it on hardware")
  public static let oneUniformRead = hardware(
    "one-uniform-read",
    "at most one uniform-consuming action per instruction, and never ldunif with ldunifa",
    "semantics.md §9, §16.8; Mesa qpu_schedule.c")
  public static let twoWritersOfOneDestination = hardware(
    "two-writers-of-one-destination",
    "two writes to one register (add, mul, signal) in one instruction",
    "semantics.md §2.4 (not characterised)")
  public static let sfuResultTooSoon = hardware(
    "sfu-r4-too-soon",
    "the instruction after an SFU start through a magic register reads or writes r4 or "
      + "starts another SFU operation",
    "semantics.md §2.2, §12.2; HW test_sfu_regs; Mesa qpu_validate.c")
  public static let branchDelaySlot = hardware(
    "branch-delay-slot",
    "a branch, thrsw or uniform read in the 3 delay slots of a branch",
    "semantics.md §10, §16.1; Mesa qpu_validate.c, qpu_schedule.c")
  public static let unifaInBranchDelaySlot = convention(
    "unifa-in-branch-delay-slot",
    "a unifa write in a branch's delay slots (cancels a ub branch's redirect)",
    "semantics.md §10.1; Mesa never does it; HW test_unifa")
  public static let thrswDelaySlot = hardware(
    "thrsw-delay-slot",
    "a branch, an SFU start or barrierid in the 2 delay slots of a thrsw",
    "semantics.md §8.1, §16.2; Mesa qpu_validate.c")
  public static let thrswTooClose = hardware(
    "thrsw-too-close",
    "a thrsw within 2 instructions of the previous one, other than the last-thrsw pair",
    "semantics.md §8.1; Mesa qpu_validate.c")
  public static let programEnd = hardware(
    "program-end",
    "the program ends with the last-thrsw pair, then a thread-end thrsw at least 3 "
      + "instructions later with its 2 delay slots inside the program",
    "semantics.md §8.2, §16.3; Mesa qpu_validate.c, py-videocore6 driver (single_seg = 0)")
  public static let threadEndSlot = hardware(
    "thread-end-slot",
    "a register-file write in the thread end or its delay slots, a uniform read or an "
      + "rf0–rf2 read in its delay slots, or tmuwt in the last instruction",
    "semantics.md §8.2; Mesa qpu_validate.c (GFXH-1625), qpu_schedule.c")
  public static let rotateAfterWrite = hardware(
    "rotate-after-write",
    "a rot of an accumulator (or by r5) written by the previous instruction",
    "semantics.md §6.8; HW test_full_rotate ('nop required before rotate')")
  public static let unifaTooSoon = hardware(
    "unifa-too-soon", "ldunifa/ldunifarf within 3 instructions of a unifa write",
    "semantics.md §13.3; HW test_unifa; Mesa qpu_schedule.c")
  public static let rtopAcrossThreadSwitch = hardware(
    "rtop-across-thrsw", "a thread switch between multop and the umul24 that uses rtop",
    "semantics.md §4.1, §8.1; Mesa qpu_validate.c")
  public static let tmuFIFOOverflow = hardware(
    "tmu-fifo-overflow",
    "more TMU result words outstanding than the output FIFO holds (8 per thread at 2 "
      + "threads): the QPU deadlocks",
    "semantics.md §11.5, §16.9; Mesa ntq_tmu_fifo_overflow")
  public static let accumulatorAfterThreadSwitch = convention(
    "accumulator-after-thrsw",
    "an accumulator or the flags read after a thread switch before being written again",
    "semantics.md §1.2, §8.1: Mesa's convention; single-batch py-videocore6 tests break it")
  public static let storesNotWaited = convention(
    "stores-not-waited", "TMU stores not followed by tmuwt (or a barrier) before the end",
    "semantics.md §8.2, §16.11; py-videocore6 examples")

  /// Every rule, in the order the validator reports them.
  public static let all: [PipelineRule] = [
    onePeripheralAccess, tmuWriteWithLdtmu, oneUniformRead, twoWritersOfOneDestination,
    sfuResultTooSoon, branchDelaySlot, unifaInBranchDelaySlot, thrswDelaySlot, thrswTooClose,
    programEnd, threadEndSlot, rotateAfterWrite, unifaTooSoon, rtopAcrossThreadSwitch,
    tmuFIFOOverflow, accumulatorAfterThreadSwitch, storesNotWaited,
  ]
}
