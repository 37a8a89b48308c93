import QPUISA

/// A pipeline rule from semantics.md that the hardware does not check itself.
///
/// In strict mode an `.error` rule stops the job with an ``EmulatorError``;
/// a `.warning` rule is recorded in the ``RunStatistics`` and the job goes on.
/// Warnings are rules that come from a compiler's conservative convention and
/// that programs known to work on real hardware break. Outside strict mode no
/// rule is checked; the emulator then does what it models the hardware doing.
public enum StrictRule: Int, CaseIterable, Sendable {
  // Timing rules checked through the per-thread hazard window (bit = raw value).
  case r4ReadAfterSFU = 0
  case r4WriteAfterSFU
  case sfuAfterSFU
  case ldunifaTooSoonAfterUnifa
  case branchInBranchDelaySlot
  case thrswInBranchDelaySlot
  case uniformInBranchDelaySlot
  case unifaWriteInBranchDelaySlot
  case registerFileWriteInThreadEnd
  case payloadReadInThreadEnd
  case uniformInThreadEnd
  case tmuwtInLastInstruction
  case rotateAfterR0Write
  case rotateAfterR1Write
  case rotateAfterR2Write
  case rotateAfterR3Write
  case rotateAfterR4Write
  case rotateAfterR5Write
  case rotateAmountAfterR5Write
  case branchInThrswDelaySlot
  case sfuInThrswDelaySlot
  case branchSoonAfterUnifa
  case barrierInThrswDelaySlot
  // Rules of one instruction (checked once per executed instruction).
  case onePeripheralAccess = 32
  case tmuWriteWithLdtmu
  case oneUniformConsumer
  case ldunifWithLdunifa
  case twoWritersOfOneDestination
  case carryOfUncharacterisedOperation
  case upperRegisterFileInFourThreadMode
  // Rules on the state of a thread.
  case thrswTooClose = 48
  case threadEndTooSoonAfterThrsw
  case tmuResultFIFOOverflow
  case tmuStoreDataCount
  case accumulatorReadAfterThreadSwitch
  case flagsReadAfterThreadSwitch
  case storesNotWaitedAtEnd

  /// Whether a violation stops the job or is only reported.
  public var severity: Severity {
    switch self {
    case .unifaWriteInBranchDelaySlot, .branchSoonAfterUnifa, .tmuWriteWithLdtmu,
      .accumulatorReadAfterThreadSwitch, .flagsReadAfterThreadSwitch, .storesNotWaitedAtEnd,
      .thrswTooClose:
      return .warning
    default: return .error
    }
  }

  /// Error or warning.
  public enum Severity: String, Sendable { case error, warning }

  /// What the rule says, for messages.
  public var summary: String {
    switch self {
    case .r4ReadAfterSFU: return "r4 read in the instruction right after an SFU start"
    case .r4WriteAfterSFU: return "r4 written in the instruction right after an SFU start"
    case .sfuAfterSFU: return "SFU started in the instruction right after another SFU start"
    case .ldunifaTooSoonAfterUnifa:
      return "ldunifa/ldunifarf within 3 instructions of a unifa write"
    case .branchInBranchDelaySlot: return "branch in a branch delay slot"
    case .thrswInBranchDelaySlot: return "thrsw in a branch delay slot"
    case .uniformInBranchDelaySlot: return "uniform read in a branch delay slot"
    case .unifaWriteInBranchDelaySlot:
      return "unifa written in a branch delay slot (cancels a uniform redirect)"
    case .registerFileWriteInThreadEnd:
      return "register-file write in the thread-end thrsw or its delay slots"
    case .payloadReadInThreadEnd: return "rf0..rf2 read in the thread-end delay slots"
    case .uniformInThreadEnd: return "uniform read in the thread-end delay slots"
    case .tmuwtInLastInstruction: return "tmuwt in the last instruction (erratum GFXH-1625)"
    case .rotateAfterR0Write, .rotateAfterR1Write, .rotateAfterR2Write, .rotateAfterR3Write,
      .rotateAfterR4Write, .rotateAfterR5Write:
      return "rot of r\(rawValue - StrictRule.rotateAfterR0Write.rawValue)"
        + " written by the previous instruction"
    case .rotateAmountAfterR5Write:
      return "rot by r5 with r5 written by the previous instruction"
    case .branchInThrswDelaySlot: return "branch in a thrsw delay slot"
    case .sfuInThrswDelaySlot: return "SFU started in a thrsw delay slot"
    case .branchSoonAfterUnifa: return "branch within 3 instructions of a unifa write"
    case .barrierInThrswDelaySlot: return "barrierid in a thrsw delay slot"
    case .onePeripheralAccess:
      return "more than one peripheral access (TMU, SFU, TSY, TLB, VPM, ldtmu) in one instruction"
    case .tmuWriteWithLdtmu: return "TMU register write together with ldtmu"
    case .oneUniformConsumer: return "more than one uniform read in one instruction"
    case .ldunifWithLdunifa: return "ldunif and ldunifa in one instruction"
    case .twoWritersOfOneDestination: return "two writes to one destination in one instruction"
    case .carryOfUncharacterisedOperation:
      return "carry flag of an operation whose carry is not characterised"
    case .upperRegisterFileInFourThreadMode: return "rf32..rf63 used in 4-thread mode"
    case .thrswTooClose: return "thrsw within 2 instructions of the previous thrsw"
    case .threadEndTooSoonAfterThrsw:
      return "thread end less than 3 instructions after the previous thrsw"
    case .tmuResultFIFOOverflow:
      return "more TMU result words outstanding than the FIFO holds (deadlocks the QPU)"
    case .tmuStoreDataCount: return "number of tmud writes does not match the lookup's type"
    case .accumulatorReadAfterThreadSwitch:
      return "accumulator read after a thread switch without a new write"
    case .flagsReadAfterThreadSwitch:
      return "flags used after a thread switch without a new push"
    case .storesNotWaitedAtEnd: return "thread ended with TMU stores not waited for (tmuwt)"
    }
  }

  /// Where the rule comes from (semantics.md section and its source).
  public var source: String {
    switch self {
    case .r4ReadAfterSFU, .r4WriteAfterSFU, .sfuAfterSFU:
      return "semantics.md §2.2/§12.2 (HW test_sfu_regs; Mesa qpu_validate.c)"
    case .ldunifaTooSoonAfterUnifa: return "semantics.md §13.3 (HW test_unifa; Mesa)"
    case .branchInBranchDelaySlot, .thrswInBranchDelaySlot, .uniformInBranchDelaySlot:
      return "semantics.md §10, §16.1 (Mesa qpu_validate.c)"
    case .unifaWriteInBranchDelaySlot:
      return "semantics.md §10.1: Mesa never does it; HW test_unifa does and works"
    case .registerFileWriteInThreadEnd, .payloadReadInThreadEnd, .uniformInThreadEnd,
      .tmuwtInLastInstruction, .threadEndTooSoonAfterThrsw:
      return "semantics.md §8.2 (Mesa qpu_validate.c, qpu_schedule.c)"
    case .rotateAfterR0Write, .rotateAfterR1Write, .rotateAfterR2Write, .rotateAfterR3Write,
      .rotateAfterR4Write, .rotateAfterR5Write, .rotateAmountAfterR5Write:
      return "semantics.md §6.8 (HW test_full_rotate: nop 'required before rotate')"
    case .branchInThrswDelaySlot, .sfuInThrswDelaySlot, .barrierInThrswDelaySlot:
      return "semantics.md §8.1, §14.5 (Mesa qpu_validate.c)"
    case .thrswTooClose:
      return "semantics.md §8.1: Mesa's 'THRSW too close'; py-videocore6's sgemm example and "
        + "test_binary_ops, test_cond_flx, test_parallel_16 do it and run correctly on HW"

    case .branchSoonAfterUnifa:
      return "semantics.md §10: Mesa's scheduling choice; HW test_unifa branches right after"
    case .onePeripheralAccess, .oneUniformConsumer, .ldunifWithLdunifa:
      return "semantics.md §9 (Mesa qpu_validate.c, qpu_schedule.c)"
    case .tmuWriteWithLdtmu:
      return "semantics.md §9: Mesa forbids it; py-videocore6 scopy/summation do it on HW"
    case .twoWritersOfOneDestination: return "semantics.md §2.4 (not characterised)"
    case .carryOfUncharacterisedOperation: return "semantics.md §3.1 (C unknown)"
    case .upperRegisterFileInFourThreadMode: return "semantics.md §1.2, open question 9"
    case .tmuResultFIFOOverflow: return "semantics.md §11.5 (Mesa ntq_tmu_fifo_overflow)"
    case .tmuStoreDataCount: return "semantics.md §11.2/§11.3"
    case .accumulatorReadAfterThreadSwitch, .flagsReadAfterThreadSwitch:
      return "semantics.md §1.2/§8.1: Mesa's convention; py-videocore6 tests rely on it on HW"
    case .storesNotWaitedAtEnd:
      return "semantics.md §8.2/§16.11 (convention; the kernel's cache clean follows the job)"
    }
  }

  /// The hazard-window bit of a timing rule.
  var bit: UInt64 { UInt64(1) << UInt64(rawValue & 63) }
}

/// Bit masks of the hazard-window rules, for the pre-decoder.
enum HazardBits {
  static func of(_ rules: StrictRule...) -> UInt64 { rules.reduce(0) { $0 | $1.bit } }

  /// Rules imposed on the instruction after an SFU start.
  static let afterSFU = of(.r4ReadAfterSFU, .r4WriteAfterSFU, .sfuAfterSFU)
  /// Rules imposed on the three branch delay slots.
  static let branchSlots = of(
    .branchInBranchDelaySlot, .thrswInBranchDelaySlot, .uniformInBranchDelaySlot,
    .unifaWriteInBranchDelaySlot)
  /// Rules imposed on the two thrsw delay slots.
  static let thrswSlots = of(
    .branchInThrswDelaySlot, .sfuInThrswDelaySlot, .barrierInThrswDelaySlot)
  /// Rules imposed on the three instructions after a unifa write.
  static let afterUnifa = of(.ldunifaTooSoonAfterUnifa, .branchSoonAfterUnifa)
  /// Rules imposed on the thread-end delay slots.
  static let threadEndSlots = of(
    .registerFileWriteInThreadEnd, .payloadReadInThreadEnd, .uniformInThreadEnd)
}
