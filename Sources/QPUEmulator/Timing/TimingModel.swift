/// The Pi 4 timing model, fed by the events of functional execution.
///
/// Each QPU has a clock. Issuing an instruction costs
/// `cyclesPerInstruction`; the model adds stalls where the hardware would
/// wait (data of a TMU lookup not back at `ldtmu`, a full TMU input FIFO,
/// `tmuwt`, the SFU, uniform fetches, barriers). The threads of a QPU share
/// its clock, so a thread that switches out lets the next one issue. Shared
/// units (each slice's TMU and SFU, DRAM) are ``CapacityCalendar``s; the TMU
/// caches and the L2T are ``CacheModel``s. Nothing here changes what a job
/// computes.
final class TimingModel {
  let parameters: TimingParameters
  /// Per QPU: the clock, less the instructions of the thread now running
  /// (``Machine/qpuClockNow(_:)`` adds those).
  let clock = WordTable(count: 8)
  /// Per QPU, per ``StallCause``: stall cycles (raw storage: a stall costs no
  /// copy-on-write checks). ``qpuStalls`` gives them as values.
  private let stallCycles = WordTable(count: 8 * StallCause.allCases.count)
  private let causeCount = StallCause.allCases.count

  private let tmu: [CapacityCalendar]
  private let sfu: [CapacityCalendar]
  private let dram: CapacityCalendar
  private let l2Port: CapacityCalendar
  private let tmuCaches: [CacheModel]
  private let l2: CacheModel
  private let lineShift: UInt32
  /// Per QPU: the TMU input FIFO's occupants in arrival order (release cycle,
  /// slots), `fifoCapacity` entries per QPU, `fifoCount` of them in use.
  @exclusivity(unchecked) private var fifoRelease: UnsafeMutablePointer<UInt64>
  @exclusivity(unchecked) private var fifoSlots: UnsafeMutablePointer<Int>
  private let fifoCount: UnsafeMutablePointer<Int>
  @exclusivity(unchecked) private var fifoCapacity: Int
  /// Per thread slot (qpu × 4 + slot): when its last store completes.
  @exclusivity(unchecked) private var storeDone: [UInt64] = Array(repeating: 0, count: 32)
  /// Per thread slot: the line each uniform stream last fetched (+1; 0 = none).
  @exclusivity(unchecked) private var uniformLine: [UInt32] = Array(repeating: 0, count: 32)
  @exclusivity(unchecked) private var unifaLine: [UInt32] = Array(repeating: 0, count: 32)
  /// Per thread slot: the cycle before which it may not issue (barrier release, dispatch).
  let notBefore = WordTable(count: 32)
  /// The latest completion of any store or write-back.
  @exclusivity(unchecked) private var memoryDone: UInt64 = 0
  /// Bytes the job's lookups asked for (loads, the read half of atomics) and stored.
  @exclusivity(unchecked) private(set) var tmuBytesRead: UInt64 = 0
  @exclusivity(unchecked) private(set) var tmuBytesWritten: UInt64 = 0
  @exclusivity(unchecked) private(set) var dramBytesRead: UInt64 = 0
  @exclusivity(unchecked) private(set) var dramBytesWritten: UInt64 = 0
  @exclusivity(unchecked) private(set) var tmuCacheHits: UInt64 = 0
  @exclusivity(unchecked) private(set) var tmuCacheMisses: UInt64 = 0
  @exclusivity(unchecked) private(set) var l2Hits: UInt64 = 0
  @exclusivity(unchecked) private(set) var l2Misses: UInt64 = 0

  /// Per code word: executions and stalls (when profiling).
  @exclusivity(unchecked) var profileCounts: UnsafeMutablePointer<UInt64>?
  @exclusivity(unchecked) var profileStalls: [StallCycles] = []
  let profileSize: Int
  @exclusivity(unchecked) var timeline: Timeline?

  init(parameters: TimingParameters, codeCount: Int, profile: Bool, timelineCapacity: Int?) {
    self.parameters = parameters
    let tmuRate = 1 / max(parameters.tmuCyclesPerLine, 1e-6)
    // One instance per slice (they are classes).
    tmu = (0..<2).map { _ in CapacityCalendar(unitsPerCycle: tmuRate) }
    sfu = (0..<2).map { _ in
      CapacityCalendar(unitsPerCycle: 1 / max(parameters.sfuCyclesPerOperation, 1e-6))
    }
    dram = CapacityCalendar(unitsPerCycle: parameters.dramBytesPerCycle)
    l2Port = CapacityCalendar(unitsPerCycle: parameters.l2BytesPerCycle)
    tmuCaches = (0..<2).map { _ in
      CacheModel(
        bytes: parameters.tmuCacheBytes, ways: parameters.tmuCacheWays,
        lineBytes: parameters.lineBytes)
    }
    fifoCapacity = min(max(parameters.tmuInputFIFOSlots, 1), 64) + 1
    fifoRelease = .allocate(capacity: 8 * fifoCapacity)
    fifoRelease.initialize(repeating: 0, count: 8 * fifoCapacity)
    fifoSlots = .allocate(capacity: 8 * fifoCapacity)
    fifoSlots.initialize(repeating: 0, count: 8 * fifoCapacity)
    fifoCount = .allocate(capacity: 8)
    fifoCount.initialize(repeating: 0, count: 8)
    l2 = CacheModel(
      bytes: parameters.l2Bytes, ways: parameters.l2Ways, lineBytes: parameters.lineBytes)
    lineShift = UInt32(parameters.lineBytes.trailingZeroBitCount)
    profileSize = profile ? codeCount : 0
    if profile {
      profileCounts = .allocate(capacity: codeCount)
      profileCounts?.initialize(repeating: 0, count: codeCount)
      profileStalls = Array(repeating: StallCycles(), count: codeCount)
    }
    if let timelineCapacity { timeline = Timeline(capacity: timelineCapacity) }
  }

  /// Per QPU: its stall cycles by cause.
  var qpuStalls: [StallCycles] {
    (0..<8).map { qpu in
      var stalls = StallCycles()
      for cause in StallCause.allCases {
        stalls[cause] = stallCycles[qpu * causeCount + cause.rawValue]
      }
      return stalls
    }
  }

  deinit {
    profileCounts?.deallocate()
    fifoRelease.deallocate()
    fifoSlots.deallocate()
    fifoCount.deallocate()
  }

  /// Makes QPU `qpu` wait until cycle `until` (its clock now being `now`).
  @inline(__always)
  func stall(
    qpu: Int, slot: Int, batch: UInt64, now: UInt64, until: UInt64, cause: StallCause,
    codeIndex: Int
  ) {
    guard until > now else { return }
    let cycles = until - now
    clock[qpu] &+= cycles
    stallCycles[qpu &* causeCount &+ cause.rawValue] &+= cycles
    if codeIndex >= 0 && codeIndex < profileSize { profileStalls[codeIndex][cause] &+= cycles }
    if timeline != nil {
      let state: Timeline.Interval.State
      switch cause {
      case .tmuData, .tmuQueue, .tmuStoreWait: state = .waitingOnTMU
      case .sfu: state = .waitingOnSFU
      case .uniform: state = .waitingForUniforms
      case .barrier, .dispatch: return  // drawn from the thread's arrival (Machine.resumeClock)
      }
      timeline?.append(
        .init(qpu: qpu, slot: slot, batch: batch, state: state, start: now, end: until))
    }
  }

  /// A TMU lookup touching `lines` (distinct line numbers) issued at `now`
  /// by thread slot `thread` of QPU `qpu`. Returns the cycle its data (or
  /// its write acknowledgement) is back, and the cycle the lookup could be
  /// issued (later than `now` when the input FIFO was full).
  func lookup(
    qpu: Int, thread: Int, now: UInt64, lines: UnsafeBufferPointer<UInt32>, dataWords: Int,
    reads: Bool, writes: Bool, bytes: Int
  ) -> (issued: UInt64, done: UInt64) {
    if reads { tmuBytesRead &+= UInt64(bytes) }
    if writes { tmuBytesWritten &+= UInt64(bytes) }
    // Room in the input FIFO: a lookup holds 1 + data slots until it completes.
    let needed = min(1 + dataWords, parameters.tmuInputFIFOSlots)
    var issue = now
    let release = fifoRelease + qpu * fifoCapacity
    let slots = fifoSlots + qpu * fifoCapacity
    // Drop the occupants gone by `now`, keeping the others in order.
    var count = 0
    var used = 0
    for index in 0..<fifoCount[qpu] where release[index] > issue {
      release[count] = release[index]
      slots[count] = slots[index]
      used += slots[index]
      count += 1
    }
    // While full, wait for the earliest release (the first of equals).
    while used + needed > parameters.tmuInputFIFOSlots, count > 0 {
      var first = 0
      for index in 1..<count where release[index] < release[first] { first = index }
      issue = max(issue, release[first])
      used -= slots[first]
      for index in first..<(count - 1) {
        release[index] = release[index + 1]
        slots[index] = slots[index + 1]
      }
      count -= 1
    }
    let slice = qpu >> 2
    let tmuDone = tmu[slice].book(Double(max(lines.count, 1)), at: issue)
    var done = tmuDone
    let lineBytes = Double(parameters.lineBytes)
    let tmuCache = tmuCaches[slice]
    for line in lines {
      var ready = tmuDone &+ parameters.tmuHitLatency
      if writes {
        // Stores write through the TMU cache to the L2T, which allocates the
        // line (a fill from DRAM on a miss) and writes it back when evicted.
        tmuCache.invalidate(line: line)
        let served = l2Port.book(lineBytes * parameters.l2WriteCost, at: tmuDone)
        ready = max(ready, served) &+ parameters.l2HitLatency
        ready = l2Access(line: line, write: true, at: served, ready: ready)
      } else if reads {
        if tmuCache.access(line: line, write: false).hit {
          tmuCacheHits += 1
        } else {
          tmuCacheMisses += 1
          let served = l2Port.book(lineBytes, at: tmuDone)
          ready = max(ready, served) &+ parameters.l2HitLatency
          ready = l2Access(line: line, write: false, at: served, ready: ready)
        }
      }
      done = max(done, ready)
    }
    fifoCount[qpu] = count
    if count == fifoCapacity { growInputFIFOs() }
    fifoRelease[qpu * fifoCapacity + count] = done
    fifoSlots[qpu * fifoCapacity + count] = needed
    fifoCount[qpu] = count + 1
    if writes {
      storeDone[thread] = max(storeDone[thread], done)
      memoryDone = max(memoryDone, done)
    }
    return (issue, done)
  }

  /// Doubles the room of every QPU's input FIFO list (only with parameters
  /// that let a FIFO hold more than 64 lookups).
  private func growInputFIFOs() {
    let capacity = fifoCapacity * 2
    let release = UnsafeMutablePointer<UInt64>.allocate(capacity: 8 * capacity)
    release.initialize(repeating: 0, count: 8 * capacity)
    let slots = UnsafeMutablePointer<Int>.allocate(capacity: 8 * capacity)
    slots.initialize(repeating: 0, count: 8 * capacity)
    for qpu in 0..<8 {
      (release + qpu * capacity).update(
        from: fifoRelease + qpu * fifoCapacity, count: fifoCount[qpu])
      (slots + qpu * capacity).update(from: fifoSlots + qpu * fifoCapacity, count: fifoCount[qpu])
    }
    fifoRelease.deallocate()
    fifoSlots.deallocate()
    fifoRelease = release
    fifoSlots = slots
    fifoCapacity = capacity
  }

  /// Looks a line up in the L2T at `cycle`; on a miss the data come from
  /// DRAM. Returns when the line's data are at the TMU (`ready` on a hit).
  private func l2Access(line: UInt32, write: Bool, at cycle: UInt64, ready: UInt64) -> UInt64 {
    let outcome = l2.access(line: line, write: write)
    if outcome.wroteBack { writeBack(at: cycle) }
    if outcome.hit {
      l2Hits += 1
      return ready
    }
    l2Misses += 1
    dramBytesRead += UInt64(parameters.lineBytes)
    let filled = dram.book(Double(parameters.lineBytes), at: cycle)
    return max(ready, filled) &+ parameters.dramLatency
  }

  private func writeBack(at cycle: UInt64) {
    dramBytesWritten += UInt64(parameters.lineBytes)
    memoryDone = max(memoryDone, dram.book(Double(parameters.lineBytes), at: cycle))
  }

  /// When thread slot `thread`'s stores are all complete.
  func storesComplete(thread: Int) -> UInt64 { storeDone[thread] }

  /// An SFU operation started at `now` on QPU `qpu`: the cycle the SFU accepts it.
  func sfuAccept(qpu: Int, now: UInt64) -> UInt64 {
    let done = sfu[qpu >> 2].book(1, at: now)
    let cost = UInt64(parameters.sfuCyclesPerOperation.rounded(.up))
    return done > cost ? max(now, done - cost) : now
  }

  /// A uniform-stream read at `address`: the cycle the word is there.
  ///
  /// A stream entering a new line fetches it through the L2T like a TMU cache miss: it
  /// takes a line of the L2T's transfer rate, and a line the L2T does not hold comes from
  /// DRAM. It waits at least `uniformMissLatency`.
  @inline(__always)
  func uniformRead(thread: Int, address: UInt32, now: UInt64, secondStream: Bool) -> UInt64 {
    let line = (address >> lineShift) &+ 1
    if secondStream {
      if unifaLine[thread] == line { return now }
      unifaLine[thread] = line
    } else {
      if uniformLine[thread] == line { return now }
      uniformLine[thread] = line
    }
    let served = l2Port.book(Double(parameters.lineBytes), at: now)
    let ready = max(now &+ parameters.uniformMissLatency, served &+ parameters.l2HitLatency)
    return l2Access(line: line &- 1, write: false, at: served, ready: ready)
  }

  /// Forgets a thread slot's per-batch state when a new batch starts there.
  func startBatch(thread: Int) {
    uniformLine[thread] = 0
    unifaLine[thread] = 0
  }

  /// The job's length: the last QPU, the last store reaching memory, and the
  /// kernel's L2T clean writing back every dirty line.
  func finish() -> UInt64 {
    let qpusDone = clock.maximum
    var end = max(qpusDone, memoryDone)
    let dirty = l2.dirtyLines
    if dirty > 0 {
      dramBytesWritten += UInt64(dirty * parameters.lineBytes)
      end = max(end, dram.book(Double(dirty * parameters.lineBytes), at: qpusDone))
    }
    return end
  }

  var tmuBusyCycles: [Double] { tmu.map(\.busyCycles) }
  var dramBusyCycles: Double { dram.busyCycles }
  var l2BusyCycles: Double { l2Port.busyCycles }
}

/// A fixed number of 64-bit words in raw storage (zero at the start), for the
/// per-QPU and per-thread figures the interpreter updates all the time: an
/// access costs no exclusivity or copy-on-write checks.
final class WordTable {
  let count: Int
  private let words: UnsafeMutablePointer<UInt64>

  init(count: Int) {
    self.count = count
    words = .allocate(capacity: count)
    words.initialize(repeating: 0, count: count)
  }

  deinit { words.deallocate() }

  subscript(index: Int) -> UInt64 {
    @inline(__always) get { words[index] }
    @inline(__always) set { words[index] = newValue }
  }

  /// The largest word.
  var maximum: UInt64 { UnsafeBufferPointer(start: words, count: count).max() ?? 0 }
}
