/// What a TMU access does, for out-of-bounds messages.
enum TMUAccess: String {
  case load, store, atomic
}

/// The TMU as a general memory port (semantics.md §11). Lookups complete at
/// the tmua write; results queue per thread in issue order.
extension Machine {
  /// Issues one lookup with the per-lane addresses written to tmua/tmuau.
  func tmuLookup(_ thread: HardwareThread, address: Lanes, mask: LaneMask) throws(EmulatorError) {
    let p = thread.state
    let config = p.pointee.tmuConfig & 0xFF
    p.pointee.tmuConfig = (p.pointee.tmuConfig >> 8) | 0xFF00_0000
    let type = Int(config & 7)
    let operation = Int((config >> 3) & 15)
    let dataCount = p.pointee.tmuDataCount
    p.pointee.tmuDataCount = 0
    let words = (2...4).contains(type) ? type : 1
    let registers = p.pointee.registers
    let pc = p.pointee.pc

    if dataCount == 0 {
      switch operation {
      case 15:
        statistics[thread.qpu].tmuReads += 1
        try reserveResults(thread, words)
        let ready = modelLookup(
          thread, address, mask, type: type, words: words, dataWords: 0, writes: false)
        for element in 0..<words {
          // Each lane's word goes straight into the result FIFO's next slot (a
          // vector built lane by lane in a local would be stored and reloaded).
          let index = (p.pointee.tmuResultHead + p.pointee.tmuResultCount) % Slot.tmuResultCapacity
          let slot = registers + Slot.tmuResultBase + index
          slot.pointee = Lanes()
          let out = UnsafeMutableRawPointer(slot).assumingMemoryBound(to: UInt32.self)
          let addresses = Machine.elementAddresses(address, element, type)
          if let span = memory.span(
            addresses, mask, Machine.byteCount(type), hint: &p.pointee.memoryHint)
          {
            Machine.load(span, addresses, mask, type: type, into: out)
          } else {
            for lane in 0..<16 where mask[lane] != 0 {
              out[lane] = try load(thread, addresses[lane], type: type, lane: lane)
            }
          }
          p.pointee.readyCycles[index] = ready
          p.pointee.tmuResultCount += 1
        }
      case 0...4:
        // Prefetch and cache operations: no data, no result.
        _ = modelLookup(thread, address, mask, type: type, words: 1, dataWords: 0, writes: false)
        return
      case 8...10:
        statistics[thread.qpu].tmuReads += 1
        try reserveResults(thread, 1)
        let ready = modelLookup(
          thread, address, mask, type: 7, words: 1, dataWords: 0, writes: true)
        var old = Lanes()
        for lane in 0..<16 where mask[lane] != 0 {
          let value = try load(thread, address[lane], type: 7, lane: lane, access: .atomic)
          old[lane] = value
          let new = operation == 8 ? value &+ 1 : operation == 9 ? value &- 1 : ~value
          try store(thread, address[lane], new, type: 7, lane: lane, access: .atomic)
        }
        pushResult(thread, old, ready: ready)
      default:
        throw fault(thread, .unsupported, "TMU operation \(operation) without data is not modelled")
      }
      return
    }

    if operation == 15 {
      if dataCount != words { try violate(.tmuStoreDataCount, thread, pc: pc) }
      statistics[thread.qpu].tmuWrites += 1
      p.pointee.outstandingStores += 1
      _ = modelLookup(
        thread, address, mask, type: type, words: min(words, dataCount), dataWords: dataCount,
        writes: true)
      for element in 0..<min(words, dataCount) {
        let data = registers[Slot.tmuDataBase + element]
        let addresses = Machine.elementAddresses(address, element, type)
        let size = Machine.byteCount(type)
        if let span = memory.span(addresses, mask, size, hint: &p.pointee.memoryHint) {
          if sharedWithSnapshot[span.index] { detachSnapshot(span.index) }
          Machine.store(span, addresses, data, mask, size: size)
          continue
        }
        for lane in 0..<16 where mask[lane] != 0 {
          try store(thread, addresses[lane], data[lane], type: type, lane: lane)
        }
      }
      return
    }
    guard operation <= 10 else {
      throw fault(thread, .unsupported, "TMU operation \(operation) with data is not modelled")
    }
    // Atomics: one data word (compare-exchange: compare value, then new value).
    let needed = operation == 3 ? 2 : 1
    if dataCount != needed { try violate(.tmuStoreDataCount, thread, pc: pc) }
    statistics[thread.qpu].tmuReads += 1
    statistics[thread.qpu].tmuWrites += 1
    p.pointee.outstandingStores += 1
    try reserveResults(thread, 1)
    let ready = modelLookup(
      thread, address, mask, type: 7, words: 1, dataWords: dataCount, writes: true)
    let data = registers[Slot.tmuDataBase]
    let second = registers[Slot.tmuDataBase + 1]
    var old = Lanes()
    for lane in 0..<16 where mask[lane] != 0 {
      let value = try load(thread, address[lane], type: 7, lane: lane, access: .atomic)
      old[lane] = value
      let d = data[lane]
      let new: UInt32
      switch operation {
      case 0: new = value &+ d
      case 1: new = value &- d
      case 2: new = d
      case 3: new = value == d ? second[lane] : value
      case 4: new = min(value, d)
      case 5: new = max(value, d)
      case 6: new = UInt32(bitPattern: min(Int32(bitPattern: value), Int32(bitPattern: d)))
      case 7: new = UInt32(bitPattern: max(Int32(bitPattern: value), Int32(bitPattern: d)))
      case 8: new = value & d
      case 9: new = value | d
      default: new = value ^ d
      }
      try store(thread, address[lane], new, type: 7, lane: lane, access: .atomic)
    }
    pushResult(thread, old, ready: ready)
  }

  /// Whether the lookup `ip` issues may write memory (a store, an atomic, or an
  /// instruction the epoch scheduler does not look into), given the thread's TMU state.
  @inline(__always)
  func mayWriteMemory(
    _ p: UnsafeMutablePointer<ThreadState>, _ ip: UnsafeMutablePointer<DecodedInstruction>
  ) -> Bool {
    if ip.pointee.issuesLookup != 1 || p.pointee.tmuDataCount != 0 { return true }
    // The operation of the lookup's configuration byte: 15 loads, 0…4 prefetch.
    let operation = (p.pointee.tmuConfig >> 3) & 15
    return operation != 15 && operation > 4
  }

  /// Feeds one lookup to the timing model: the distinct lines its active
  /// lanes touch. Stalls the QPU while its TMU input FIFO is full; returns the
  /// cycle the lookup's data (or write acknowledgement) is back.
  @inline(__always)
  func modelLookup(
    _ thread: HardwareThread, _ address: Lanes, _ mask: LaneMask, type: Int, words: Int,
    dataWords: Int, writes: Bool
  ) -> UInt64 {
    guard modelsTiming else { return 0 }
    return modelTimedLookup(
      thread, address, mask, type: type, words: words, dataWords: dataWords, writes: writes)
  }

  /// ``modelLookup(_:_:_:type:words:dataWords:writes:)`` with the model running.
  func modelTimedLookup(
    _ thread: HardwareThread, _ address: Lanes, _ mask: LaneMask, type: Int, words: Int,
    dataWords: Int, writes: Bool
  ) -> UInt64 {
    let shift = UInt32(timing.parameters.lineBytes.trailingZeroBitCount)
    let size = Machine.byteCount(type)
    return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 128) { lines in
      var count = 0
      var bytes = 0
      // The distinct lines in the order the lanes first touch them (the
      // caches and the L2T see them in this order).
      // A 64-bit filter of the lines noted so far: a line whose bit is clear is new
      // without a search (a 16-lane gather touches 16 lines).
      var seen: UInt64 = 0
      func note(_ line: UInt32) {
        if count > 0 && lines[count - 1] == line { return }
        let bit = UInt64(1) << UInt64((line &* 0x9E37_79B1) >> 26)
        if seen & bit != 0 {
          for index in 0..<count where lines[index] == line { return }
        }
        seen |= bit
        if count < 128 {
          lines[count] = line
          count += 1
        }
      }
      for lane in 0..<16 where mask[lane] != 0 {
        bytes += words * Int(size)
        for element in 0..<words {
          let first = Machine.elementAddress(address[lane], element, type)
          let firstLine = first >> shift
          let lastLine = (first &+ size &- 1) >> shift
          note(firstLine)
          if lastLine != firstLine { note(lastLine) }
        }
      }
      let now = qpuClockNow(thread)
      let result = timing.lookup(
        qpu: thread.qpu, thread: thread.qpu << 2 | thread.slot, now: now,
        lines: UnsafeBufferPointer(rebasing: lines[0..<count]), dataWords: dataWords,
        reads: !writes || dataWords == 0, writes: writes, bytes: bytes)
      stall(thread, until: result.issued, .tmuQueue)
      return result.done
    }
  }

  /// Element k of a vector lookup wraps inside the lane's aligned 16-byte block.
  @inline(__always)
  static func elementAddress(_ address: UInt32, _ element: Int, _ type: Int) -> UInt32 {
    guard (2...4).contains(type) else { return address }
    return (address & ~15) | ((address &+ UInt32(element * 4)) & 15)
  }

  /// Element k's address in every lane (``elementAddress(_:_:_:)`` lane-wise).
  @inline(__always)
  static func elementAddresses(_ address: Lanes, _ element: Int, _ type: Int) -> Lanes {
    guard (2...4).contains(type) else { return address }
    return (address & ~15) | ((address &+ UInt32(element * 4)) & 15)
  }

  /// The loads of one element in the active lanes, all inside `span` (checked),
  /// into `words` (one per lane).
  @inline(__always)
  static func load(
    _ span: GPUMemory.Span, _ addresses: Lanes, _ mask: LaneMask, type: Int,
    into words: UnsafeMutablePointer<UInt32>
  ) {
    let offsets = addresses &- span.low
    let base = span.pointer
    if type == 7 || (2...4).contains(type), mask.isAllOnes {
      // 32-bit words in every lane: the common case, without a test per lane; one copy
      // when the lanes read 16 consecutive words.
      if (offsets ^ Machine.consecutiveWordOffsets).isAllZero && UInt32(1).littleEndian == 1 {
        UnsafeMutableRawPointer(words).copyMemory(from: base, byteCount: 64)
        return
      }
      for lane in 0..<16 {
        words[lane] = UInt32(
          littleEndian: base.loadUnaligned(
            fromByteOffset: Int(offsets.lane(lane)), as: UInt32.self))
      }
      return
    }
    switch type {
    case 0:
      for lane in 0..<16 where mask[lane] != 0 {
        words[lane] = UInt32(
          bitPattern: Int32(base.load(fromByteOffset: Int(offsets[lane]), as: Int8.self)))
      }
    case 5:
      for lane in 0..<16 where mask[lane] != 0 {
        words[lane] = UInt32(base.load(fromByteOffset: Int(offsets[lane]), as: UInt8.self))
      }
    case 1:
      for lane in 0..<16 where mask[lane] != 0 {
        let half = base.loadUnaligned(fromByteOffset: Int(offsets[lane]), as: Int16.self)
        words[lane] = UInt32(bitPattern: Int32(Int16(littleEndian: half)))
      }
    case 6:
      for lane in 0..<16 where mask[lane] != 0 {
        let half = base.loadUnaligned(fromByteOffset: Int(offsets[lane]), as: UInt16.self)
        words[lane] = UInt32(UInt16(littleEndian: half))
      }
    default:
      for lane in 0..<16 where mask[lane] != 0 {
        words[lane] = UInt32(
          littleEndian: base.loadUnaligned(fromByteOffset: Int(offsets[lane]), as: UInt32.self))
      }
    }
  }

  /// Byte offsets of 16 consecutive 32-bit words, lane by lane (computed where used: a
  /// static constant costs a `swift_once` check on every use).
  static var consecutiveWordOffsets: Lanes {
    @inline(__always) get { Lanes(0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60) }
  }

  /// The stores of one element in the active lanes, in lane order, all inside
  /// `span` (checked).
  @inline(__always)
  static func store(
    _ span: GPUMemory.Span, _ addresses: Lanes, _ data: Lanes, _ mask: LaneMask, size: UInt32
  ) {
    let offsets = addresses &- span.low
    for lane in 0..<16 where mask[lane] != 0 {
      let pointer = span.pointer + Int(offsets[lane])
      switch size {
      case 1: pointer.storeBytes(of: UInt8(truncatingIfNeeded: data[lane]), as: UInt8.self)
      case 2:
        pointer.storeBytes(
          of: UInt16(truncatingIfNeeded: data[lane]).littleEndian, as: UInt16.self)
      default: pointer.storeBytes(of: data[lane].littleEndian, as: UInt32.self)
      }
    }
  }

  /// Bytes a lookup of a data type moves per element.
  @inline(__always)
  static func byteCount(_ type: Int) -> UInt32 {
    switch type {
    case 0, 5: return 1
    case 1, 6: return 2
    default: return 4
    }
  }

  func load(
    _ thread: HardwareThread, _ address: UInt32, type: Int, lane: Int,
    access: TMUAccess = .load
  ) throws(EmulatorError) -> UInt32 {
    let size = Machine.byteCount(type)
    guard let pointer = memory.pointer(address, size, hint: &thread.state.pointee.memoryHint)
    else {
      throw outOfBounds(thread, access, address, size, lane: lane)
    }
    switch type {
    case 0: return UInt32(bitPattern: Int32(pointer.load(as: Int8.self)))
    case 5: return UInt32(pointer.load(as: UInt8.self))
    case 1:
      return UInt32(bitPattern: Int32(Int16(littleEndian: pointer.loadUnaligned(as: Int16.self))))
    case 6: return UInt32(UInt16(littleEndian: pointer.loadUnaligned(as: UInt16.self)))
    default: return UInt32(littleEndian: pointer.loadUnaligned(as: UInt32.self))
    }
  }

  func store(
    _ thread: HardwareThread, _ address: UInt32, _ value: UInt32, type: Int, lane: Int,
    access: TMUAccess = .store
  ) throws(EmulatorError) {
    let size = Machine.byteCount(type)
    guard let index = memory.bufferIndex(address, size, hint: &thread.state.pointee.memoryHint)
    else {
      throw outOfBounds(thread, access, address, size, lane: lane)
    }
    if sharedWithSnapshot[index] { detachSnapshot(index) }
    let buffer = memory.buffers[index]
    let pointer = buffer.bytes + Int(address &- buffer.base)
    switch size {
    case 1: pointer.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
    case 2: pointer.storeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian, as: UInt16.self)
    default: pointer.storeBytes(of: value.littleEndian, as: UInt32.self)
    }
  }

  /// The fault of a TMU access of `size` bytes at `address` that fits in no
  /// buffer: which buffer it overran (or started before) and by how many bytes.
  @inline(never)
  func outOfBounds(
    _ thread: HardwareThread, _ access: TMUAccess, _ address: UInt32, _ size: UInt32, lane: Int
  ) -> EmulatorError {
    fault(
      thread, .outOfBounds,
      "TMU \(access.rawValue) of \(size) byte\(size == 1 ? "" : "s") at 0x\(hex32(address)) "
        + memory.outOfBoundsDescription(address, size), lane: lane, address: address)
  }

  /// Checks that `words` more result words fit in this thread's share of the
  /// result FIFO (16 words per lane per QPU, divided among its threads).
  func reserveResults(_ thread: HardwareThread, _ words: Int) throws(EmulatorError) {
    let p = thread.state
    let total = p.pointee.tmuResultCount + words
    if total > tmuResultLimit { try violate(.tmuResultFIFOOverflow, thread, pc: p.pointee.pc) }
    if total > Slot.tmuResultCapacity {
      throw fault(
        thread, .deadlock,
        "\(total) TMU result words outstanding: the result FIFO overflows and the QPU deadlocks")
    }
  }

  func pushResult(_ thread: HardwareThread, _ value: Lanes, ready: UInt64) {
    let p = thread.state
    let index = (p.pointee.tmuResultHead + p.pointee.tmuResultCount) % Slot.tmuResultCapacity
    p.pointee.registers[Slot.tmuResultBase + index] = value
    p.pointee.readyCycles[index] = ready
    p.pointee.tmuResultCount += 1
  }

  /// Pops the oldest result word for ldtmu, stalling the QPU clock until it is ready.
  func popTMUResult(_ thread: HardwareThread) throws(EmulatorError) -> Lanes {
    let p = thread.state
    guard p.pointee.tmuResultCount > 0 else {
      throw fault(
        thread, .deadlock, "ldtmu with no TMU result outstanding (the QPU would wait forever)")
    }
    let index = p.pointee.tmuResultHead
    stall(thread, until: p.pointee.readyCycles[index], .tmuData)
    p.pointee.tmuResultHead = (index + 1) % Slot.tmuResultCapacity
    p.pointee.tmuResultCount -= 1
    return p.pointee.registers[Slot.tmuResultBase + index]
  }
}
