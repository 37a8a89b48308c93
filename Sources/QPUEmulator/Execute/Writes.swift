import QPUISA

extension Machine {
  /// The lane mask of a write condition (1 ifa, 2 ifb, 3 ifna, 4 ifnb) from
  /// the flags as they were before the instruction.
  @inline(__always)
  func conditionMask(_ condition: UInt8, _ p: UnsafeMutablePointer<ThreadState>) -> LaneMask {
    switch condition {
    case 1: return p.pointee.flagA
    case 2: return p.pointee.flagB
    case 3: return ~p.pointee.flagA
    case 4: return ~p.pointee.flagB
    default: return allLanes
    }
  }

  /// Writes an accumulator or register-file slot (r5 without its broadcast).
  @inline(__always)
  func writeSlot(
    _ slot: Int, _ value: Lanes, condition: UInt8, pack: UInt8,
    _ p: UnsafeMutablePointer<ThreadState>
  ) {
    let registers = p.pointee.registers
    var result = value
    if pack != 0 { result = LaneMath.pack(result, into: registers[slot], pack) }
    if condition != 0 {
      result = registers[slot].merging(result, where: conditionMask(condition, p))
    }
    registers[slot] = result
  }

  /// Writes any destination code, with the side effects of magic registers.
  func write(
    _ code: UInt8, _ value: Lanes, condition: UInt8, pack: UInt8, _ thread: HardwareThread
  ) throws(EmulatorError) {
    let p = thread.state
    if code < DestinationCode.r5 {
      writeSlot(Int(code), value, condition: condition, pack: pack, p)
      return
    }
    if code == DestinationCode.none { return }
    if code == DestinationCode.r5 {
      writeSlot(Slot.accumulatorBase + 5, value.quadBroadcast, condition: condition, pack: pack, p)
      return
    }
    let mask = conditionMask(condition, p)
    let magic = MagicRegister(rawValue: code &- DestinationCode.magicBase) ?? .tmul
    // A packed result written to a peripheral: the f16 in its half, zero in the other.
    let value = pack != 0 && magic != .r5rep ? LaneMath.pack(value, into: Lanes(), pack) : value
    switch magic {
    case .r5rep:
      writeSlot(
        Slot.accumulatorBase + 5, Lanes(repeating: value[0]), condition: condition, pack: pack, p)
    case .unifa:
      p.pointee.unifaAddress = value[0]
      if p.pointee.branchCountdown != 0 && p.pointee.hasUniformRedirect {
        p.pointee.hasUniformRedirect = false
      }
    case .tmud:
      if p.pointee.tmuDataCount >= 4 {
        try violate(.tmuStoreDataCount, thread, pc: p.pointee.pc)
        return
      }
      p.pointee.registers[Slot.tmuDataBase + p.pointee.tmuDataCount] = value
      p.pointee.tmuDataCount += 1
    case .tmua:
      try tmuLookup(thread, address: value, mask: mask)
    case .tmuau:
      p.pointee.tmuConfig = try readUniform(thread)
      try tmuLookup(thread, address: value, mask: mask)
    case .tmuc:
      p.pointee.tmuConfig = value[0]
    case .syncb:
      p.pointee.barrierPending = true
    case .recip, .rsqrt, .exp, .log, .sin, .rsqrt2:
      statistics[thread.qpu].sfuOperations += 1
      if modelsTiming {
        stall(thread, until: timing.sfuAccept(qpu: thread.qpu, now: qpuClockNow(thread)), .sfu)
      }
      let function = SFUFunction(rawValue: magic.rawValue - MagicRegister.recip.rawValue) ?? .recip
      p.pointee.sfuResult = SFU.compute(function, value)
      p.pointee.sfuCountdown = 2
    default:
      throw fault(
        thread, .unsupported,
        "write to magic register \(magic) is not modelled for compute jobs")
    }
  }

  /// Reads the next word of the main uniform stream.
  @inline(__always)
  func readUniform(_ thread: HardwareThread) throws(EmulatorError) -> UInt32 {
    let p = thread.state
    let address = p.pointee.uniformAddress
    modelUniformFetch(thread, address, secondStream: false)
    if let word = p.pointee.uniformCache.word(at: address) {
      p.pointee.uniformAddress = address &+ 4
      return word
    }
    p.pointee.uniformCache = try streamCache(thread, address, "uniform stream")
    p.pointee.uniformAddress = address &+ 4
    return p.pointee.uniformCache.word(at: address) ?? 0
  }

  /// Reads the next word of the unifa stream.
  @inline(__always)
  func readUnifa(_ thread: HardwareThread) throws(EmulatorError) -> UInt32 {
    let p = thread.state
    let address = p.pointee.unifaAddress
    modelUniformFetch(thread, address, secondStream: true)
    if let word = p.pointee.unifaCache.word(at: address) {
      p.pointee.unifaAddress = address &+ 4
      return word
    }
    p.pointee.unifaCache = try streamCache(thread, address, "unifa stream")
    p.pointee.unifaAddress = address &+ 4
    return p.pointee.unifaCache.word(at: address) ?? 0
  }

  /// Charges the wait for a uniform word whose line the stream has not fetched yet.
  @inline(__always)
  func modelUniformFetch(_ thread: HardwareThread, _ address: UInt32, secondStream: Bool) {
    guard modelsTiming else { return }
    let now = qpuClockNow(thread)
    let ready = timing.uniformRead(
      thread: thread.qpu << 2 | thread.slot, address: address, now: now, secondStream: secondStream)
    if ready > now { stall(thread, until: ready, .uniform) }
  }

  /// A stream cache for the snapshot buffer holding `address`, or a fault.
  func streamCache(_ thread: HardwareThread, _ address: UInt32, _ name: String)
    throws(EmulatorError) -> StreamCache
  {
    var hint = 0
    guard let index = snapshot.bufferIndex(address, 4, hint: &hint) else {
      throw fault(
        thread, .outOfBounds,
        "\(name) read at 0x\(hex32(address)) " + snapshot.outOfBoundsDescription(address, 4),
        lane: 0, address: address)
    }
    let buffer = snapshot.buffers[index]
    return StreamCache(
      base: buffer.base, end: UInt64(buffer.base) + UInt64(buffer.size),
      pointer: UnsafeRawPointer(buffer.bytes))
  }
}
