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
  var clock: [UInt64] = Array(repeating: 0, count: 8)
  var qpuStalls: [StallCycles] = Array(repeating: StallCycles(), count: 8)

  private var tmu: [CapacityCalendar]
  private var sfu: [CapacityCalendar]
  private var dram: CapacityCalendar
  private var l2Port: CapacityCalendar
  private var tmuCaches: [CacheModel]
  private var l2: CacheModel
  private let lineShift: UInt32
  /// Per QPU: the TMU input FIFO's occupants (release cycle, slots).
  private var inputFIFO: [[(release: UInt64, slots: Int)]] = Array(repeating: [], count: 8)
  /// Per thread slot (qpu × 4 + slot): when its last store completes.
  private var storeDone: [UInt64] = Array(repeating: 0, count: 32)
  /// Per thread slot: the line each uniform stream last fetched (+1; 0 = none).
  private var uniformLine: [UInt32] = Array(repeating: 0, count: 32)
  private var unifaLine: [UInt32] = Array(repeating: 0, count: 32)
  /// Per thread slot: the cycle before which it may not issue (barrier release, dispatch).
  var notBefore: [UInt64] = Array(repeating: 0, count: 32)
  /// The latest completion of any store or write-back.
  private var memoryDone: UInt64 = 0
  /// Bytes the job's lookups asked for (loads, the read half of atomics) and stored.
  private(set) var tmuBytesRead: UInt64 = 0
  private(set) var tmuBytesWritten: UInt64 = 0
  private(set) var dramBytesRead: UInt64 = 0
  private(set) var dramBytesWritten: UInt64 = 0
  private(set) var tmuCacheHits: UInt64 = 0
  private(set) var tmuCacheMisses: UInt64 = 0
  private(set) var l2Hits: UInt64 = 0
  private(set) var l2Misses: UInt64 = 0

  /// Per code word: executions and stalls (when profiling).
  var profileCounts: UnsafeMutablePointer<UInt64>?
  var profileStalls: [StallCycles] = []
  let profileSize: Int
  var timeline: Timeline?

  init(parameters: TimingParameters, codeCount: Int, profile: Bool, timelineCapacity: Int?) {
    self.parameters = parameters
    let tmuRate = 1 / max(parameters.tmuCyclesPerLine, 1e-6)
    tmu = Array(repeating: CapacityCalendar(unitsPerCycle: tmuRate), count: 2)
    sfu = Array(
      repeating: CapacityCalendar(unitsPerCycle: 1 / max(parameters.sfuCyclesPerOperation, 1e-6)),
      count: 2)
    dram = CapacityCalendar(unitsPerCycle: parameters.dramBytesPerCycle)
    l2Port = CapacityCalendar(unitsPerCycle: parameters.l2BytesPerCycle)
    tmuCaches = Array(
      repeating: CacheModel(
        bytes: parameters.tmuCacheBytes, ways: parameters.tmuCacheWays,
        lineBytes: parameters.lineBytes), count: 2)
    l2 = CacheModel(bytes: parameters.l2Bytes, ways: parameters.l2Ways, lineBytes: parameters.lineBytes)
    lineShift = UInt32(parameters.lineBytes.trailingZeroBitCount)
    profileSize = profile ? codeCount : 0
    if profile {
      profileCounts = .allocate(capacity: codeCount)
      profileCounts?.initialize(repeating: 0, count: codeCount)
      profileStalls = Array(repeating: StallCycles(), count: codeCount)
    }
    if let timelineCapacity { timeline = Timeline(capacity: timelineCapacity) }
  }

  deinit { profileCounts?.deallocate() }

  /// Makes QPU `qpu` wait until cycle `until` (its clock now being `now`).
  @inline(__always)
  func stall(
    qpu: Int, slot: Int, batch: UInt64, now: UInt64, until: UInt64, cause: StallCause,
    codeIndex: Int
  ) {
    guard until > now else { return }
    let cycles = until - now
    clock[qpu] &+= cycles
    qpuStalls[qpu][cause] &+= cycles
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
    var occupants = inputFIFO[qpu]
    inputFIFO[qpu] = []  // keeps `occupants` uniquely referenced (no copy on write)
    occupants.removeAll { $0.release <= issue }
    var used = occupants.reduce(0) { $0 + $1.slots }
    while used + needed > parameters.tmuInputFIFOSlots,
      let first = occupants.indices.min(by: { occupants[$0].release < occupants[$1].release })
    {
      issue = max(issue, occupants[first].release)
      used -= occupants[first].slots
      occupants.remove(at: first)
    }
    let slice = qpu >> 2
    let tmuDone = tmu[slice].book(Double(max(lines.count, 1)), at: issue)
    var done = tmuDone
    let lineBytes = Double(parameters.lineBytes)
    for line in lines {
      var ready = tmuDone &+ parameters.tmuHitLatency
      if writes {
        // Stores write through the TMU cache to the L2T, which allocates the
        // line (a fill from DRAM on a miss) and writes it back when evicted.
        tmuCaches[slice].invalidate(line: line)
        let served = l2Port.book(lineBytes * parameters.l2WriteCost, at: tmuDone)
        ready = max(ready, served) &+ parameters.l2HitLatency
        ready = l2Access(line: line, write: true, at: served, ready: ready)
      } else if reads {
        if tmuCaches[slice].access(line: line, write: false).hit {
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
    occupants.append((done, needed))
    inputFIFO[qpu] = occupants
    if writes {
      storeDone[thread] = max(storeDone[thread], done)
      memoryDone = max(memoryDone, done)
    }
    return (issue, done)
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
    return now &+ parameters.uniformMissLatency
  }

  /// Forgets a thread slot's per-batch state when a new batch starts there.
  func startBatch(thread: Int) {
    uniformLine[thread] = 0
    unifaLine[thread] = 0
  }

  /// The job's length: the last QPU, the last store reaching memory, and the
  /// kernel's L2T clean writing back every dirty line.
  func finish() -> UInt64 {
    let qpusDone = clock.max() ?? 0
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
