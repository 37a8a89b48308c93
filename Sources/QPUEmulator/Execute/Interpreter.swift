import QPUISA

/// What stopped a thread's run.
enum ThreadEvent {
  /// A thread switch took effect (the thread may be waiting at a barrier).
  case switched
  /// The thread ended (its batch is done).
  case ended
}

extension Machine {
  /// Runs one thread until it switches or ends.
  func run(_ thread: HardwareThread) throws(EmulatorError) -> ThreadEvent {
    let p = thread.state
    let registers = p.pointee.registers
    let qpu = thread.qpu
    let startExecuted = p.pointee.executed
    p.pointee.runStart = startExecuted
    var dual: UInt64 = 0
    defer {
      let count = p.pointee.executed &- startExecuted
      statistics[qpu].instructions &+= count
      statistics[qpu].dualIssued &+= dual
      qpuClock[qpu] &+= count &* Machine.cyclesPerInstruction
      budget &-= min(budget, count)
    }
    var limit = firstInstructionLimit()
    while true {
      if p.pointee.executed &- startExecuted >= limit {
        limit = try instructionLimitReached(thread, ran: p.pointee.executed &- startExecuted)
      }
      let pc = p.pointee.pc
      let offset = pc &- codeStart
      guard offset & 7 == 0, Int(offset >> 3) < codeCount else {
        throw fault(
          thread, .outOfBounds, "pc 0x\(hex32(pc)) is outside the code buffer or misaligned",
          address: pc)
      }
      let ip = code + Int(offset >> 3)
      if ip.pointee.kind == .notDecoded { decodeWord(at: Int(offset >> 3)) }
      if let trace { trace(traceLine(thread, pc: pc)) }
      if strict { try checkHazards(thread, ip) }
      p.pointee.window1 = p.pointee.window2 | ip.pointee.imposes1
      p.pointee.window2 = p.pointee.window3 | ip.pointee.imposes2
      p.pointee.window3 = ip.pointee.imposes3
      p.pointee.executed &+= 1
      switch ip.pointee.kind {
      case .alu:
        if ip.pointee.isDualIssue { dual &+= 1 }
        try executeALU(thread, ip, registers)
      case .branch:
        try executeBranch(thread, ip, registers)
      case .invalid, .notDecoded:
        p.pointee.executed &-= 1
        throw fault(thread, .invalidInstruction, invalidReasons[Int(ip.pointee.invalidReason)])
      }
      p.pointee.pc = pc &+ 8
      let pending =
        p.pointee.branchCountdown | p.pointee.sfuCountdown | p.pointee.thrswCountdown
        | p.pointee.endCountdown
      if pending != 0, let event = try advanceDelayedEffects(thread) { return event }
    }
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
    let stale =
      ip.pointee.accumulatorReads & p.pointee.staleAccumulators != 0
      || ip.pointee.readsFlags && p.pointee.staleFlags
    if hits != 0 || ip.pointee.staticViolations != 0 || stale {
      try reportHazards(thread, ip, hits: hits)
    }
    p.pointee.staleAccumulators &= ~ip.pointee.accumulatorWrites
    if ip.pointee.writesFlags { p.pointee.staleFlags = false }
  }

  /// The slow path of ``checkHazards``: names every broken rule.
  func reportHazards(
    _ thread: HardwareThread, _ ip: UnsafeMutablePointer<DecodedInstruction>, hits: UInt64
  ) throws(EmulatorError) {
    let p = thread.state
    let pc = p.pointee.pc
    var rules: [StrictRule] = []
    for rule in StrictRule.allCases where rule.rawValue < 32 && hits & rule.bit != 0 {
      rules.append(rule)
    }
    for rule in StrictRule.allCases where rule.rawValue >= 32 && rule.rawValue < 48 {
      if ip.pointee.staticViolations & (1 << UInt32(rule.rawValue - 32)) != 0 { rules.append(rule) }
    }
    if ip.pointee.accumulatorReads & p.pointee.staleAccumulators != 0 {
      rules.append(.accumulatorReadAfterThreadSwitch)
      p.pointee.staleAccumulators &= ~ip.pointee.accumulatorReads
    }
    if ip.pointee.readsFlags && p.pointee.staleFlags {
      rules.append(.flagsReadAfterThreadSwitch)
      p.pointee.staleFlags = false
    }
    for rule in rules.sorted(by: { $0.severity == .error && $1.severity != .error }) {
      try violate(rule, thread, pc: pc)
    }
  }

  /// The QPU's cycle clock at the current instruction of a running thread.
  func qpuClockNow(_ thread: HardwareThread) -> UInt64 {
    let p = thread.state
    return qpuClock[thread.qpu]
      &+ (p.pointee.executed &- p.pointee.runStart) &* Machine.cyclesPerInstruction
  }

  func traceLine(_ thread: HardwareThread, pc: UInt32) -> String {
    "qpu\(thread.qpu).\(thread.slot) b\(thread.batch) 0x\(hex32(pc)): \(disassembly(at: pc))"
  }
}
