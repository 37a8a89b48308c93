import QPUISA

/// What stopped a thread's run.
enum ThreadEvent {
  /// A thread switch took effect (the thread may be waiting at a barrier).
  case switched
  /// The thread ended (its batch is done).
  case ended
  /// The thread used up its quantum; it resumes where it stopped.
  case preempted
  /// In an epoch's parallel phase: the thread stopped before an instruction that only the
  /// epoch's serial phase may run (a TMU store or atomic, a word not decoded yet). It
  /// resumes at that instruction.
  case needsSerialPhase
}

extension Machine {
  /// Runs one thread until it switches or ends, or until it has executed
  /// `quantum` instructions (so that the QPUs advance in modelled-time
  /// order, which the shared units of the timing model need).
  func run(_ thread: HardwareThread, quantum: UInt64 = .max) throws(EmulatorError) -> ThreadEvent {
    let p = thread.state
    let registers = p.pointee.registers
    let qpu = thread.qpu
    let startExecuted = p.pointee.executed
    p.pointee.runStart = startExecuted
    let segmentStart = modelsTiming ? resumeClock(thread) : 0
    // In an epoch's parallel phase the epoch scheduler keeps the budget (this thread
    // shares nothing with the other host threads here).
    let parallel = epochPhase
    // In a parallel phase, a thread with no other runnable thread on its QPU would be
    // picked again right after a switch: it goes on here instead (the same instructions
    // in the same order, without leaving the loop). Only this QPU's host thread changes
    // its threads' status in the phase, so this holds for the whole run.
    let keepsRunningAtSwitches = parallel && isAloneOnItsQPU(thread)
    var dual: UInt64 = 0
    defer {
      let count = p.pointee.executed &- startExecuted
      statistics[qpu].instructions &+= count
      statistics[qpu].dualIssued &+= dual
      if modelsTiming { timing.clock[qpu] &+= count &* cyclesPerInstruction }
      if !parallel { budget &-= min(budget, count) }
      if modelsTiming && timing.timeline != nil { endSegment(thread, from: segmentStart) }
    }
    var limit = parallel ? quantum : min(firstInstructionLimit(), quantum)
    let profileCounts = timing.profileCounts
    let observed = profileCounts != nil || trace != nil
    while true {
      let ran = p.pointee.executed &- startExecuted
      if ran >= limit {
        if ran >= quantum {
          // The quantum is used up: look at the budget and the token, then yield.
          if !parallel { _ = try instructionLimitReached(thread, ran: ran) }
          return .preempted
        }
        limit = min(try instructionLimitReached(thread, ran: ran), quantum)
      }
      let pc = p.pointee.pc
      let offset = pc &- codeStart
      guard offset & 7 == 0, Int(offset >> 3) < codeCount else {
        throw fault(
          thread, .outOfBounds, "pc 0x\(hex32(pc)) is outside the code buffer or misaligned",
          address: pc)
      }
      let ip = code + Int(offset >> 3)
      if !ip.pointee.isPlain {
        if ip.pointee.kind == .notDecoded {
          if parallel { return .needsSerialPhase }
          decodeWord(at: Int(offset >> 3))
        }
        if parallel && ip.pointee.issuesLookup != 0 && mayWriteMemory(p, ip) {
          return .needsSerialPhase
        }
      }
      if observed {
        if let profileCounts { profileCounts[Int(offset >> 3)] &+= 1 }
        if let trace { trace(traceLine(thread, pc: pc)) }
      }
      if strict { try checkHazards(thread, ip) }
      p.pointee.window1 = p.pointee.window2 | ip.pointee.imposes1
      p.pointee.window2 = p.pointee.window3 | ip.pointee.imposes2
      p.pointee.window3 = ip.pointee.imposes3
      p.pointee.executed &+= 1
      switch ip.pointee.kind {
      case .alu:
        if ip.pointee.isDualIssue { dual &+= 1 }
        if ip.pointee.isPure {
          executePure(ip, registers)
        } else if ip.pointee.isRotatedBroadcast {
          executeRotatedBroadcast(ip, registers)
        } else {
          try executeALU(thread, ip, registers)
        }
      case .branch:
        try executeBranch(thread, ip, registers)
      case .invalid, .notDecoded:
        p.pointee.executed &-= 1
        throw fault(thread, .invalidInstruction, invalidReasons[Int(ip.pointee.invalidReason)])
      }
      p.pointee.pc = pc &+ 8
      let countdowns = p.pointee.countdowns
      if countdowns != 0 {
        // Every counter is 0…4. Unless one of them is 1 (its effect is due now, which
        // `advanceDelayedEffects` carries out), each non-zero counter just steps down:
        // bit 7 of byte + 0x7F is set when the byte is not zero.
        let ones = countdowns ^ 0x0101_0101
        if (ones &- 0x0101_0101) & ~ones & 0x8080_8080 == 0 {
          p.pointee.countdowns = countdowns &- ((countdowns &+ 0x7F7F_7F7F) & 0x8080_8080) >> 7
        } else if let event = try advanceDelayedEffects(thread) {
          if event == .switched && keepsRunningAtSwitches && !p.pointee.barrierPending {
            continue
          }
          return event
        }
      }
    }
  }

  /// Whether no other thread of the thread's QPU is runnable.
  func isAloneOnItsQPU(_ thread: HardwareThread) -> Bool {
    for slot in 0..<configuration.threadsPerQPU where slot != thread.slot {
      if threads[slot * 8 + thread.qpu].status == .runnable { return false }
    }
    return true
  }

  /// Runs down the branch, SFU and thread-switch counters after an instruction.
  func advanceDelayedEffects(_ thread: HardwareThread) throws(EmulatorError) -> ThreadEvent? {
    let p = thread.state
    if p.pointee.sfuCountdown != 0 {
      p.pointee.sfuCountdown -= 1
      if p.pointee.sfuCountdown == 0 {
        p.pointee.registers[Slot.accumulatorBase + 4] = p.pointee.sfuResult
      }
    }
    if p.pointee.branchCountdown != 0 {
      p.pointee.branchCountdown -= 1
      if p.pointee.branchCountdown == 0 {
        p.pointee.pc = p.pointee.branchTarget
        if p.pointee.hasUniformRedirect {
          p.pointee.uniformAddress = p.pointee.uniformRedirect
          p.pointee.hasUniformRedirect = false
        }
      }
    }
    if p.pointee.endCountdown != 0 {
      p.pointee.endCountdown -= 1
      if p.pointee.endCountdown == 0 {
        if p.pointee.outstandingStores > 0 {
          try violate(.storesNotWaitedAtEnd, thread, pc: p.pointee.pc &- 8)
        }
        return .ended
      }
    }
    if p.pointee.thrswCountdown != 0 {
      p.pointee.thrswCountdown -= 1
      if p.pointee.thrswCountdown == 0 {
        statistics[thread.qpu].threadSwitches += 1
        p.pointee.staleAccumulators = 0x3F
        p.pointee.staleFlags = true
        if poisonAtThreadSwitch { poison(p) }
        return .switched
      }
    }
    return nil
  }

  /// Fills the state a thread switch does not preserve on a shared QPU with a
  /// recognisable pattern (lane-dependent, so even broadcast reads go wrong).
  func poison(_ p: UnsafeMutablePointer<ThreadState>) {
    let garbage =
      Lanes(repeating: 0xDEAD_BEEF) &+ Lanes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
    for index in 0..<6 {
      p.pointee.registers[Slot.accumulatorBase + index] = garbage &+ UInt32(index)
    }
    p.pointee.flagA = Lanes(0, ~0, 0, ~0, ~0, 0, 0, ~0, 0, ~0, ~0, 0, ~0, 0, 0, ~0)
    p.pointee.flagB = ~p.pointee.flagA
    p.pointee.rtop = garbage
  }

  /// The strict-mode checks of one instruction before it executes.
  @inline(__always)
  func checkHazards(_ thread: HardwareThread, _ ip: UnsafeMutablePointer<DecodedInstruction>)
    throws(EmulatorError)
  {
    let p = thread.state
    let hits = ip.pointee.hazards & p.pointee.window1
    if hits != 0 || ip.pointee.staticViolations != 0 || ip.pointee.staleReads & p.pointee.stale != 0
    {
      try reportHazards(thread, ip, hits: hits)
    }
    p.pointee.stale &= ~ip.pointee.staleWrites
  }

  /// The slow path of ``checkHazards``: names every broken rule, errors
  /// first (each group in rule order). Allocates nothing: it runs for every
  /// instruction that earns a warning.
  func reportHazards(
    _ thread: HardwareThread, _ ip: UnsafeMutablePointer<DecodedInstruction>, hits: UInt64
  ) throws(EmulatorError) {
    let p = thread.state
    let pc = p.pointee.pc
    let statics = ip.pointee.staticViolations
    let staleAccumulator = ip.pointee.accumulatorReads & p.pointee.staleAccumulators != 0
    if staleAccumulator { p.pointee.staleAccumulators &= ~ip.pointee.accumulatorReads }
    let staleFlags = ip.pointee.readsFlags && p.pointee.staleFlags
    if staleFlags { p.pointee.staleFlags = false }
    // Bit n: rule n is broken (n < 48; window rules below 32, static ones above).
    let broken = hits & 0xFFFF_FFFF | UInt64(statics & 0xFFFF) << 32
    if broken == 0 && !staleFlags {
      // The common case (a loop that reads an accumulator across its thread switch):
      // the one stale-accumulator warning, as the passes below would report it.
      if staleAccumulator { try violate(.accumulatorReadAfterThreadSwitch, thread, pc: pc) }
      return
    }
    let errorRules = Machine.errorRuleBits
    for pass in 0..<2 {
      let errors = pass == 0
      var bits = broken & (errors ? errorRules : ~errorRules)
      while bits != 0 {
        let raw = bits.trailingZeroBitCount
        bits &= bits &- 1
        guard let rule = StrictRule(rawValue: raw) else { continue }
        try violate(rule, thread, pc: pc)
      }
      if staleAccumulator
        && (StrictRule.accumulatorReadAfterThreadSwitch.severity == .error) == errors
      {
        try violate(.accumulatorReadAfterThreadSwitch, thread, pc: pc)
      }
      if staleFlags && (StrictRule.flagsReadAfterThreadSwitch.severity == .error) == errors {
        try violate(.flagsReadAfterThreadSwitch, thread, pc: pc)
      }
    }
  }

  /// Bit n: rule n (n < 48) is an error (the others are warnings).
  static let errorRuleBits: UInt64 = (0..<48).reduce(0) { bits, raw in
    StrictRule(rawValue: raw)?.severity == .error ? bits | 1 << UInt64(raw) : bits
  }

  /// The QPU's cycle clock at the current instruction of a running thread.
  @inline(__always)
  func qpuClockNow(_ thread: HardwareThread) -> UInt64 {
    let p = thread.state
    return timing.clock[thread.qpu]
      &+ (p.pointee.executed &- p.pointee.runStart) &* cyclesPerInstruction
  }

  /// Index of the current instruction in the code buffer (for the profile).
  @inline(__always)
  func codeIndex(_ thread: HardwareThread) -> Int {
    Int((thread.state.pointee.pc &- codeStart) >> 3)
  }

  /// Stalls the running thread's QPU until `cycle`, charged to `cause` and
  /// the current instruction.
  @inline(__always)
  func stall(_ thread: HardwareThread, until cycle: UInt64, _ cause: StallCause) {
    guard modelsTiming else { return }
    let now = qpuClockNow(thread)
    guard cycle > now else { return }
    timing.stall(
      qpu: thread.qpu, slot: thread.slot, batch: thread.batch, now: now, until: cycle,
      cause: cause, codeIndex: codeIndex(thread))
  }

  /// Starts a run of a thread: waits for a barrier release or the batch's
  /// dispatch if those are later than the QPU's clock. Returns the clock.
  func resumeClock(_ thread: HardwareThread) -> UInt64 {
    let index = thread.qpu << 2 | thread.slot
    let now = timing.clock[thread.qpu]
    let notBefore = timing.notBefore[index]
    if notBefore > now {
      let cause = thread.resumeCause
      timing.stall(
        qpu: thread.qpu, slot: thread.slot, batch: thread.batch, now: now, until: notBefore,
        cause: cause, codeIndex: -1)
    }
    let start = timing.clock[thread.qpu]
    if timing.timeline != nil, thread.lastSegmentEnd < start, thread.hasRun {
      let state: Timeline.Interval.State =
        thread.resumeCause == .barrier ? .waitingAtBarrier : .switchedOut
      timing.timeline?.append(
        .init(
          qpu: thread.qpu, slot: thread.slot, batch: thread.batch, state: state,
          start: thread.lastSegmentEnd, end: start))
    }
    thread.hasRun = true
    thread.resumeCause = .dispatch
    return start
  }

  /// Records a finished run of a thread in the timeline.
  func endSegment(_ thread: HardwareThread, from start: UInt64) {
    let end = timing.clock[thread.qpu]
    timing.timeline?.append(
      .init(
        qpu: thread.qpu, slot: thread.slot, batch: thread.batch, state: .running, start: start,
        end: end))
    thread.lastSegmentEnd = end
  }

  func traceLine(_ thread: HardwareThread, pc: UInt32) -> String {
    "qpu\(thread.qpu).\(thread.slot) b\(thread.batch) 0x\(hex32(pc)): \(disassembly(at: pc))"
  }
}
