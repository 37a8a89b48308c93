/// A broken pipeline rule at one instruction.
public struct PipelineViolation: Hashable, Sendable, CustomStringConvertible {
  public let rule: PipelineRule
  /// The instruction's index in the program.
  public let index: Int
  public let detail: String

  public var description: String {
    "instruction \(index): \(rule.identifier) (\(rule.kind.rawValue)): \(detail)"
  }
}

/// The static validator: checks a program's instructions, in layout order, against every
/// ``PipelineRule``. Like Mesa's `qpu_validate.c` it walks the list linearly (delay-slot
/// and thread-end rules are about layout); state that flows across branches (outstanding
/// TMU results, accumulators after a thread switch) is tracked along the layout too, which
/// is exact for straight-line code and approximate around loops.
public struct ProgramValidator: Sendable {
  /// TMU result words a thread may have outstanding (16 / threads per QPU).
  public var tmuResultLimit = 8
  /// Whether the program starts in the post-last-thrsw state (CFG5 single-segment).
  public var singleSegment = false

  public init(tmuResultLimit: Int = 8, singleSegment: Bool = false) {
    self.tmuResultLimit = tmuResultLimit
    self.singleSegment = singleSegment
  }

  /// Every violation in `program`, in instruction order.
  public func violations(in program: [Instruction]) -> [PipelineViolation] {
    let facts = program.map(InstructionFacts.init)
    var found: [PipelineViolation] = []
    func report(_ rule: PipelineRule, _ index: Int, _ detail: String) {
      found.append(PipelineViolation(rule: rule, index: index, detail: detail))
    }
    var lastThreadSwitch: Int?
    var lastThreadSwitchMarked = singleSegment
    var threadEnd: Int?
    var lastBranch: Int?
    var lastUnifaWrite: Int?
    var pendingMultop = false
    var outstandingResults = 0
    var storesPending = false
    var staleAccumulators: Set<UInt8> = []
    var staleFlags = false

    for (index, fact) in facts.enumerated() {
      checkInstruction(fact, index, report)
      if index > 0 {
        let previous = facts[index - 1]
        if previous.magicSFUStart
          && (fact.accumulatorReads.contains(4) || fact.writesAccumulator(4) || fact.sfuStart)
        {
          report(.sfuResultTooSoon, index, "follows an SFU start through a magic register")
        }
        let amountFromR5 = fact.rotation == .byR5
        for accumulator in fact.rotatedAccumulators where previous.writesAccumulator(accumulator) {
          report(.rotateAfterWrite, index, "rotates r\(accumulator), written just before")
        }
        if amountFromR5 && previous.writesAccumulator(5) {
          report(.rotateAfterWrite, index, "rotates by r5, written just before")
        }
      }
      if let branch = lastBranch, index - branch <= 3 {
        if fact.isBranch { report(.branchDelaySlot, index, "branch in a branch delay slot") }
        if fact.threadSwitch { report(.branchDelaySlot, index, "thrsw in a branch delay slot") }
        if fact.uniformReads > 0 {
          report(.branchDelaySlot, index, "uniform read in a branch delay slot")
        }
        if fact.writesUnifa {
          report(.unifaInBranchDelaySlot, index, "unifa write in a branch delay slot")
        }
      }
      if let unifa = lastUnifaWrite, index - unifa <= 3, fact.readsUnifaStream {
        report(.unifaTooSoon, index, "reads the unifa stream \(index - unifa) after its write")
      }
      if let switchIndex = lastThreadSwitch, index - switchIndex <= 2, index != switchIndex {
        if fact.isBranch { report(.thrswDelaySlot, index, "branch in a thrsw delay slot") }
        if fact.sfuStart {
          report(.thrswDelaySlot, index, "SFU start in a thrsw delay slot")
        }
        if fact.barrier { report(.thrswDelaySlot, index, "barrierid in a thrsw delay slot") }
      }
      // Accumulators and flags become undefined when a switch takes effect (after the two
      // delay slots of a thrsw that is not the thread end).
      if let switchIndex = lastThreadSwitch, index == switchIndex + 3, threadEnd == nil {
        staleAccumulators = [0, 1, 2, 3, 4, 5]
        staleFlags = true
        if pendingMultop {
          report(.rtopAcrossThreadSwitch, index, "rtop from a multop does not survive the switch")
        }
      }
      for accumulator in fact.accumulatorReads.intersection(staleAccumulators) {
        report(
          .accumulatorAfterThreadSwitch, index,
          "reads r\(accumulator) after a thread switch without writing it first")
      }
      if fact.usesFlags && staleFlags {
        report(.accumulatorAfterThreadSwitch, index, "uses flags set before a thread switch")
      }
      for case .magic(let register) in fact.writes where register.rawValue <= 5 {
        staleAccumulators.remove(register.rawValue)
      }
      if fact.writesFlags { staleFlags = false }
      if fact.multop { pendingMultop = true }
      if fact.umul24 { pendingMultop = false }

      if fact.threadSwitch {
        if threadEnd != nil {
          report(.programEnd, index, "thrsw after the thread end")
        } else if lastThreadSwitchMarked {
          threadEnd = index
          if let previous = lastThreadSwitch, index - previous < 3 {
            report(.programEnd, index, "thread end \(index - previous) after the last thrsw")
          }
          if storesPending {
            report(.storesNotWaited, index, "stores are not waited for (tmuwt) before the end")
          }
        } else if let previous = lastThreadSwitch, index - previous == 1 {
          lastThreadSwitchMarked = true
        } else {
          if let previous = lastThreadSwitch, index - previous <= 2 {
            report(.thrswTooClose, index, "thrsw \(index - previous) after the previous one")
          }
          lastThreadSwitch = index
        }
        if fact.barrier { storesPending = false }
      }
      if fact.isBranch { lastBranch = index }
      if fact.writesUnifa { lastUnifaWrite = index }
      if fact.tmuDataWrites > 0 { storesPending = true }
      if fact.tmuwt { storesPending = false }
      if fact.tmuLookups > 0 && fact.tmuDataWrites == 0 && !storeDataQueued(facts, before: index) {
        outstandingResults += fact.tmuLookups
        if outstandingResults > tmuResultLimit {
          report(
            .tmuFIFOOverflow, index,
            "\(outstandingResults) result words outstanding, the FIFO holds \(tmuResultLimit)")
        }
      }
      if fact.loadsTMUResult { outstandingResults = max(0, outstandingResults - 1) }
    }
    checkThreadEnd(facts, threadEnd, report)
    return found
  }

  /// Whether the lookup issued at `index` carries data written to tmud since the previous
  /// lookup (a store or atomic, which returns no result word for plain stores).
  private func storeDataQueued(_ facts: [InstructionFacts], before index: Int) -> Bool {
    var position = index - 1
    while position >= 0 {
      if facts[position].tmuLookups > 0 { return false }
      if facts[position].tmuDataWrites > 0 { return true }
      position -= 1
    }
    return false
  }

  /// The rules broken by one instruction on its own (peripheral accesses, uniform reads,
  /// writers of one destination): what a scheduler checks before pairing operations.
  public func violations(inInstruction instruction: Instruction) -> [PipelineViolation] {
    var found: [PipelineViolation] = []
    checkInstruction(InstructionFacts(instruction), 0) { rule, index, detail in
      found.append(PipelineViolation(rule: rule, index: index, detail: detail))
    }
    return found
  }

  private func checkInstruction(
    _ fact: InstructionFacts, _ index: Int, _ report: (PipelineRule, Int, String) -> Void
  ) {
    let tmuWithRead = fact.tmuWrites > 0 && fact.loadsTMUResult
    let accesses = fact.peripheralWrites + (fact.loadsTMUResult && !tmuWithRead ? 1 : 0)
    if accesses > 1 || (tmuWithRead && fact.peripheralWrites > 1) {
      report(.onePeripheralAccess, index, "\(accesses) peripheral accesses")
    }
    if tmuWithRead {
      report(.tmuWriteWithLdtmu, index, "TMU register write together with ldtmu")
    }
    if fact.uniformReads > 1 {
      report(.oneUniformRead, index, "\(fact.uniformReads) uniform reads")
    }
    if fact.readsMainStream && fact.readsUnifaStream {
      report(.oneUniformRead, index, "reads both uniform streams")
    }
    var seen: Set<Destination> = []
    for destination in fact.writes {
      if !seen.insert(destination).inserted {
        report(.twoWritersOfOneDestination, index, "writes \(destination) twice")
      }
    }
  }

  private func checkThreadEnd(
    _ facts: [InstructionFacts], _ threadEnd: Int?,
    _ report: (PipelineRule, Int, String) -> Void
  ) {
    guard let end = threadEnd else {
      report(
        .programEnd, max(facts.count - 1, 0),
        singleSegment
          ? "no thread-end thrsw" : "no last-thrsw pair followed by a thread-end thrsw")
      return
    }
    if end + 2 >= facts.count {
      report(.programEnd, end, "the thread end's 2 delay slots run past the program")
    }
    for slot in end...min(end + 2, facts.count - 1) {
      let fact = facts[slot]
      if fact.writesRegisterFile {
        report(.threadEndSlot, slot, "register-file write in the thread-end sequence")
      }
      if slot > end {
        if fact.uniformReads > 0 {
          report(.threadEndSlot, slot, "uniform read in a thread-end delay slot")
        }
        if !fact.registerFileReads.isDisjoint(with: [0, 1, 2]) {
          report(.threadEndSlot, slot, "reads rf0–rf2 in a thread-end delay slot")
        }
        if fact.isBranch || fact.threadSwitch {
          report(.thrswDelaySlot, slot, "branch or thrsw in a thread-end delay slot")
        }
      }
      if slot == end + 2 && fact.tmuwt {
        report(.threadEndSlot, slot, "tmuwt in the last instruction (GFXH-1625)")
      }
    }
  }
}
