import QPUISA

/// Everything one hardware thread (one batch) owns. Accumulators, flags and
/// rtop are kept per thread, which preserves them across a `thrsw` as
/// semantics.md §1.2 requires of an emulator's default.
struct ThreadState {
  /// rf0…rf63, r0…r5, small immediates, TMU data and result words (see ``Slot``).
  var registers: UnsafeMutablePointer<Lanes>
  var flagA = Lanes()
  var flagB = Lanes()
  var rtop = Lanes()
  var pc: UInt32 = 0
  var uniformAddress: UInt32 = 0
  var unifaAddress: UInt32 = 0
  var link: UInt32 = 0
  /// The snapshot buffers each uniform stream last read from (a lookup cache).
  var uniformCache = StreamCache()
  var unifaCache = StreamCache()
  /// The index of the memory buffer this thread's last TMU access hit (a lookup hint of
  /// its own: host threads running QPUs at once share no lookup cache).
  var memoryHint = 0

  // Delayed effects: counters run down after each instruction; 0 = none. The four
  // counters are the bytes of one word, so the interpreter looks at them in one load
  // (each is 0…4: the interpreter steps them all down at once unless one of them is 1).
  var countdowns: UInt32 = 0
  var branchCountdown: Int8 {
    @inline(__always) get { countdown(0) }
    @inline(__always) set { setCountdown(0, newValue) }
  }
  var thrswCountdown: Int8 {
    @inline(__always) get { countdown(8) }
    @inline(__always) set { setCountdown(8, newValue) }
  }
  var endCountdown: Int8 {
    @inline(__always) get { countdown(16) }
    @inline(__always) set { setCountdown(16, newValue) }
  }
  var sfuCountdown: Int8 {
    @inline(__always) get { countdown(24) }
    @inline(__always) set { setCountdown(24, newValue) }
  }
  var branchTarget: UInt32 = 0
  var uniformRedirect: UInt32 = 0
  var hasUniformRedirect = false
  var sfuResult = Lanes()
  /// The program has passed its last-thrsw marker (or started single-segment).
  var pastLastThrsw = false
  /// A `syncb` write waits for the next thread switch.
  var barrierPending = false

  // TMU.
  var tmuConfig: UInt32 = ~0
  var tmuDataCount: Int = 0
  var tmuResultHead: Int = 0
  var tmuResultCount: Int = 0
  /// Stores issued since the last tmuwt or barrier.
  var outstandingStores: Int = 0
  /// Cycle at which each queued result word is ready (ring parallel to the words).
  var readyCycles: UnsafeMutablePointer<UInt64>
  /// Instructions this thread executed in its current batch.
  var executed: UInt64 = 0
  /// `executed` when the thread's current run began (for the cycle clock).
  var runStart: UInt64 = 0
  /// `executed` at the last thrsw that started a switch (or end).
  var lastThrswAt: UInt64 = 0
  var hasThrswed = false

  // Strict-mode hazard window: rules in force for the next 1, 2, 3 instructions.
  var window1: UInt64 = 0
  var window2: UInt64 = 0
  var window3: UInt64 = 0
  /// Accumulators (bits 0…5) and flags (bit 7) not written since the last real thread
  /// switch, in one byte (``DecodedInstruction/staleReads`` tests it in one AND).
  var stale: UInt8 = 0
  var staleAccumulators: UInt8 {
    @inline(__always) get { stale & 0x3F }
    @inline(__always) set { stale = stale & 0x80 | newValue & 0x3F }
  }
  var staleFlags: Bool {
    @inline(__always) get { stale & 0x80 != 0 }
    @inline(__always) set { stale = newValue ? stale | 0x80 : stale & 0x3F }
  }

  init() {
    registers = UnsafeMutablePointer<Lanes>.allocate(capacity: Slot.count)
    registers.initialize(repeating: Lanes(), count: Slot.count)
    for index in 0..<48 {
      registers[Slot.immediateBase + index] = Lanes(repeating: SmallImmediate.values[index])
    }
    readyCycles = .allocate(capacity: Slot.tmuResultCapacity)
    readyCycles.initialize(repeating: 0, count: Slot.tmuResultCapacity)
  }

  /// A state around existing storage, every other field at its start value.
  init(registers: UnsafeMutablePointer<Lanes>, readyCycles: UnsafeMutablePointer<UInt64>) {
    self.registers = registers
    self.readyCycles = readyCycles
  }

  @inline(__always)
  private func countdown(_ shift: UInt32) -> Int8 {
    Int8(truncatingIfNeeded: countdowns >> shift)
  }

  @inline(__always)
  private mutating func setCountdown(_ shift: UInt32, _ value: Int8) {
    countdowns = countdowns & ~(0xFF << shift) | UInt32(UInt8(bitPattern: value)) << shift
  }

  func release() {
    registers.deallocate()
    readyCycles.deallocate()
  }
}

/// One thread slot of a QPU and the batch it runs.
final class HardwareThread {
  /// The state, on the heap so the interpreter can work through a pointer
  /// without exclusivity checks.
  let state: UnsafeMutablePointer<ThreadState>
  let qpu: Int
  let slot: Int
  /// The value `tidx` reads.
  let threadIndex: UInt32
  @exclusivity(unchecked) var batch: UInt64 = 0
  enum Status { case idle, runnable, waitingAtBarrier, finished }
  @exclusivity(unchecked) var status: Status = .idle
  /// Timing: why the thread may have to wait before its next run.
  @exclusivity(unchecked) var resumeCause: StallCause = .dispatch
  /// Timing: the QPU clock when the thread's last run ended (timeline).
  @exclusivity(unchecked) var lastSegmentEnd: UInt64 = 0
  /// Timing: the thread has run in its current batch (timeline).
  @exclusivity(unchecked) var hasRun = false

  init(qpu: Int, slot: Int, threadsPerQPU: Int) {
    self.qpu = qpu
    self.slot = slot
    let slotBits = threadsPerQPU == 2 ? slot << 1 : slot
    threadIndex = UInt32(qpu << 2 | slotBits)
    state = .allocate(capacity: 1)
    state.initialize(to: ThreadState())
  }

  deinit {
    state.pointee.release()
    state.deinitialize(count: 1)
    state.deallocate()
  }
}

/// The memory buffer a uniform stream last read from, so the next word of the
/// stream is one bounds check away.
struct StreamCache {
  var base: UInt32 = 0
  var end: UInt64 = 0
  var pointer: UnsafeRawPointer?

  /// The word at `address` if it lies in the cached buffer.
  @inline(__always)
  func word(at address: UInt32) -> UInt32? {
    guard let pointer, address >= base, UInt64(address) + 4 <= end else { return nil }
    return UInt32(littleEndian: (pointer + Int(address &- base)).loadUnaligned(as: UInt32.self))
  }
}
