import QPUISA

extension Machine {
  /// Executes one ALU instruction: read every source, compute both ALUs,
  /// then write results, signal results and flags (semantics.md §2.1, §17).
  @inline(__always)
  func executeALU(
    _ thread: HardwareThread, _ ip: UnsafeMutablePointer<DecodedInstruction>,
    _ registers: UnsafeMutablePointer<Lanes>
  ) throws(EmulatorError) {
    if ip.pointee.isPure {
      executePure(ip, registers)
      return
    }
    if ip.pointee.isRotatedBroadcast {
      executeRotatedBroadcast(ip, registers)
      return
    }
    let p = thread.state
    var addA = registers[Int(ip.pointee.addA)]
    var addB = registers[Int(ip.pointee.addB)]
    if ip.pointee.addUnpackA != 0 { addA = LaneMath.unpack(addA, ip.pointee.addUnpackA) }
    if ip.pointee.addUnpackB != 0 { addB = LaneMath.unpack(addB, ip.pointee.addUnpackB) }
    var mulA = registers[Int(ip.pointee.mulA)]
    var mulB = registers[Int(ip.pointee.mulB)]
    if ip.pointee.rotation >= 0 {
      let amount =
        ip.pointee.rotation == 16
        ? Int(registers[Slot.accumulatorBase + 5][0] & 15) : Int(ip.pointee.rotation)
      mulA =
        ip.pointee.rotateMulAFully ? mulA.rotatedFully(by: amount) : mulA.rotatedInQuads(by: amount)
      if ip.pointee.mulUsesB {
        mulB =
          ip.pointee.rotateMulBFully
          ? mulB.rotatedFully(by: amount) : mulB.rotatedInQuads(by: amount)
      }
    }
    if ip.pointee.mulUnpackA != 0 { mulA = LaneMath.unpack(mulA, ip.pointee.mulUnpackA) }
    if ip.pointee.mulUnpackB != 0 { mulB = LaneMath.unpack(mulB, ip.pointee.mulUnpackB) }
    let addValue = try addResult(ip.pointee.addKind, addA, addB, thread, ip)
    let mulValue = mulResult(ip.pointee.mulKind, mulA, mulB, p)

    if !ip.pointee.needsSideEffects {
      writeSlotResults(ip, addValue, mulValue, p)
      return
    }
    if ip.pointee.r5LoadOnly != 0 {
      let word = ip.pointee.r5LoadOnly == 1 ? try readUniform(thread) : try readUnifa(thread)
      writeSlotResults(ip, addValue, mulValue, p)
      registers[Slot.accumulatorBase + 5] = Lanes(repeating: word)
      return
    }
    try executeSideEffects(thread, ip, addValue, mulValue)
    if ip.pointee.addFlagEffect | ip.pointee.mulFlagEffect != 0 {
      var flagA = p.pointee.flagA
      var flagB = p.pointee.flagB
      if ip.pointee.addFlagEffect != 0 {
        let predicates = Flags.addPredicates(ip.pointee.addKind, addValue, (addA, addB))
        Flags.apply(ip.pointee.addFlagEffect, predicates, &flagA, &flagB)
      }
      if ip.pointee.mulFlagEffect != 0 {
        let predicates = Flags.mulPredicates(ip.pointee.mulKind, mulValue, (mulA, mulB))
        Flags.apply(ip.pointee.mulFlagEffect, predicates, &flagA, &flagB)
      }
      p.pointee.flagA = flagA
      p.pointee.flagB = flagB
    }
  }

  /// Executes a pure instruction (``DecodedInstruction/isPure``): both results from the
  /// operands before either write (the add result may overwrite a mul operand). The
  /// interpreter's loop runs it without a call.
  @inline(__always)
  func executePure(
    _ ip: UnsafeMutablePointer<DecodedInstruction>, _ registers: UnsafeMutablePointer<Lanes>
  ) {
    let addValue = pureAddResult(
      ip.pointee.addKind, registers[Int(ip.pointee.addA)], registers[Int(ip.pointee.addB)])
    let mulValue = pureMulResult(
      ip.pointee.mulKind, registers[Int(ip.pointee.mulA)], registers[Int(ip.pointee.mulB)])
    let addDestination = ip.pointee.addDestination
    if addDestination < DestinationCode.r5 { registers[Int(addDestination)] = addValue }
    let mulDestination = ip.pointee.mulDestination
    if mulDestination < DestinationCode.r5 { registers[Int(mulDestination)] = mulValue }
  }

  /// Executes a rotated broadcast (``DecodedInstruction/isRotatedBroadcast``): lane 0 of
  /// the rotated operand, to every lane of r5, which is the operand's lane
  /// (0 − amount) mod 16 (full rotation) or (0 − amount) mod 4 (quad rotation). The
  /// interpreter's loop runs it without a call.
  @inline(__always)
  func executeRotatedBroadcast(
    _ ip: UnsafeMutablePointer<DecodedInstruction>, _ registers: UnsafeMutablePointer<Lanes>
  ) {
    let amount =
      ip.pointee.rotation == 16
      ? Int(registers[Slot.accumulatorBase + 5][0] & 15) : Int(ip.pointee.rotation)
    let lane = (0 &- amount) & (ip.pointee.rotateMulAFully ? 15 : 3)
    registers[Slot.accumulatorBase + 5] = Lanes(repeating: registers[Int(ip.pointee.mulA)][lane])
  }

  /// Writes both ALUs' results whose destinations are plain slots (register file,
  /// r0–r4, r5 with its quad broadcast, r5rep), for instructions whose other effects
  /// are handled separately. Other destinations are left alone.
  @inline(__always)
  func writeSlotResults(
    _ ip: UnsafeMutablePointer<DecodedInstruction>, _ addValue: Lanes, _ mulValue: Lanes,
    _ p: UnsafeMutablePointer<ThreadState>
  ) {
    writePlain(
      ip.pointee.addDestination, addValue, condition: ip.pointee.addCondition,
      pack: ip.pointee.addPack, p)
    writePlain(
      ip.pointee.mulDestination, mulValue, condition: ip.pointee.mulCondition,
      pack: ip.pointee.mulPack, p)
  }

  /// One write of ``writeSlotResults(_:_:_:_:)``: as ``write(_:_:condition:pack:_:)``
  /// does it for these destinations.
  @inline(__always)
  func writePlain(
    _ code: UInt8, _ value: Lanes, condition: UInt8, pack: UInt8,
    _ p: UnsafeMutablePointer<ThreadState>
  ) {
    if code < DestinationCode.r5 {
      writeSlot(Int(code), value, condition: condition, pack: pack, p)
    } else if code == DestinationCode.r5 {
      writeSlot(Slot.accumulatorBase + 5, value.quadBroadcast, condition: condition, pack: pack, p)
    } else if code == DestinationCode.magicBase + MagicRegister.r5rep.rawValue {
      writeSlot(
        Slot.accumulatorBase + 5, Lanes(repeating: value[0]), condition: condition, pack: pack, p)
    }
  }

  /// Signals and magic writes of an ALU instruction (flags are applied by the caller,
  /// after every write, so conditions see the flags from before the instruction).
  func executeSideEffects(
    _ thread: HardwareThread, _ ip: UnsafeMutablePointer<DecodedInstruction>,
    _ addValue: Lanes, _ mulValue: Lanes
  ) throws(EmulatorError) {
    let p = thread.state
    let signals = ip.pointee.signals
    if signals & SignalBit.graphics != 0 {
      throw fault(
        thread, .unsupported,
        "signal ldvary, ldtlb, ldtlbu or ucb is not modelled for compute jobs")
    }
    // Read phase: signal sources see the state before this instruction's writes. (Flags
    // and plain values rather than optionals: an optional 64-byte vector is copied about.)
    var signalValue = Lanes()
    var hasSignalValue = false
    var r5Word: UInt32 = 0
    var hasR5Word = false
    if signals & SignalBit.ldunif != 0 {
      r5Word = try readUniform(thread)
      hasR5Word = true
    }
    if signals & SignalBit.ldunifa != 0 {
      r5Word = try readUnifa(thread)
      hasR5Word = true
    }
    if signals & SignalBit.ldunifrf != 0 {
      signalValue = Lanes(repeating: try readUniform(thread))
      hasSignalValue = true
    }
    if signals & SignalBit.ldunifarf != 0 {
      signalValue = Lanes(repeating: try readUnifa(thread))
      hasSignalValue = true
    }
    if signals & SignalBit.wrtmuc != 0 { _ = try readUniform(thread) }
    if signals & SignalBit.ldtmu != 0 {
      signalValue = try popTMUResult(thread)
      hasSignalValue = true
    }

    if ip.pointee.addDestination < DestinationCode.r5 {
      writeSlot(
        Int(ip.pointee.addDestination), addValue, condition: ip.pointee.addCondition,
        pack: ip.pointee.addPack, p)
    } else if ip.pointee.addDestination != DestinationCode.none {
      try write(
        ip.pointee.addDestination, addValue, condition: ip.pointee.addCondition,
        pack: ip.pointee.addPack, thread)
    }
    if ip.pointee.mulDestination < DestinationCode.r5 {
      writeSlot(
        Int(ip.pointee.mulDestination), mulValue, condition: ip.pointee.mulCondition,
        pack: ip.pointee.mulPack, p)
    } else if ip.pointee.mulDestination != DestinationCode.none {
      try write(
        ip.pointee.mulDestination, mulValue, condition: ip.pointee.mulCondition,
        pack: ip.pointee.mulPack, thread)
    }
    if hasR5Word { p.pointee.registers[Slot.accumulatorBase + 5] = Lanes(repeating: r5Word) }
    if hasSignalValue {
      try write(ip.pointee.signalDestination, signalValue, condition: 0, pack: 0, thread)
    }
    if signals & SignalBit.thrsw != 0 { try signalThreadSwitch(thread, ip) }
  }

  /// Handles a thrsw signal: a switch after two delay slots, the last-thrsw
  /// marker pair, or the thread end (semantics.md §8).
  func signalThreadSwitch(_ thread: HardwareThread, _ ip: UnsafeMutablePointer<DecodedInstruction>)
    throws(EmulatorError)
  {
    let p = thread.state
    let pc = p.pointee.pc
    let since = p.pointee.executed &- p.pointee.lastThrswAt
    let hadThrsw = p.pointee.hasThrswed
    if p.pointee.pastLastThrsw {
      if hadThrsw && since < 3 { try violate(.threadEndTooSoonAfterThrsw, thread, pc: pc) }
      if ip.pointee.hazards & StrictRule.registerFileWriteInThreadEnd.bit != 0 {
        try violate(.registerFileWriteInThreadEnd, thread, pc: pc)
      }
      p.pointee.endCountdown = 3
      p.pointee.window1 |= HazardBits.threadEndSlots
      p.pointee.window2 |= HazardBits.threadEndSlots | StrictRule.tmuwtInLastInstruction.bit
    } else if hadThrsw && since == 1 && p.pointee.thrswCountdown > 0 {
      p.pointee.pastLastThrsw = true
    } else {
      if hadThrsw && since <= 2 { try violate(.thrswTooClose, thread, pc: pc) }
      p.pointee.thrswCountdown = 3
      p.pointee.window1 |= HazardBits.thrswSlots
      p.pointee.window2 |= HazardBits.thrswSlots
      p.pointee.lastThrswAt = p.pointee.executed
      p.pointee.hasThrswed = true
    }
  }
}
