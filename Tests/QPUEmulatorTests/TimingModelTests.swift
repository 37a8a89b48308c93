import QPUISA
import Testing

@testable import QPUEmulator

/// The timing model's behaviour on small programs: what it charges, when it
/// overlaps, and that its bookkeeping adds up (docs/emulator.md, "Timing model").
@Suite struct TimingModelTests {
  let parameters = TimingParameters.pi4

  /// `count` loads of consecutive 64-byte rows from inputA's page; each
  /// `ldtmu` right after its `tmua` (serial) or all issued first (pipelined).
  func loads(_ count: Int, pipelined: Bool) -> String {
    var text =
      "eidx r1 ; nop ; ldunif\nshl r1, r1, 2\nadd rf10, r5, r1\nmov rf11, 8\nshl rf11, rf11, 3\n"
    let issue = "mov tmua, rf10\nadd rf10, rf10, rf11\n"
    if pipelined {
      text += String(repeating: issue, count: count)
      text += String(repeating: "nop ; nop ; ldtmu.r2\n", count: count)
    } else {
      text += String(repeating: issue + "nop ; nop ; ldtmu.r2\n", count: count)
    }
    return text + Harness.end
  }

  @Test func issueOnlyCostsFourCyclesPerInstruction() throws {
    let body = String(repeating: "add rf1, rf1, rf3 ; mov rf2, rf3\n", count: 40)
    let result = try Harness.run(body + Harness.end)
    let timing = result.statistics.timing
    #expect(timing.stalls.total == 0)
    #expect(timing.cycles == result.statistics.total.instructions * 4)
    #expect(timing.limit == .issue)
    #expect(result.statistics.modelledSeconds == timing.seconds)
    #expect(
      timing.seconds
        == Double(timing.cycles) / parameters.clockHz + parameters.launchOverheadSeconds)
  }

  @Test func aLoadMissingEveryCacheWaitsForDRAM() throws {
    let result = try Harness.run(loads(1, pipelined: false), uniforms: [Harness.inputA])
    let timing = result.statistics.timing
    // One line: TMU (1 cycle), L2T transfer, then the three latencies.
    let minimum = parameters.tmuHitLatency + parameters.l2HitLatency + parameters.dramLatency
    #expect(timing.stalls[.tmuData] >= minimum - 8)
    #expect(timing.stalls[.tmuData] <= minimum + 16)
    // The uniform stream's line comes through the L2T too: a second miss and line.
    #expect(timing.l2Misses == 2)
    #expect(timing.dramBytesRead == 128)
    #expect(timing.tmuBytesRead == 64)
  }

  @Test func aUniformStreamEnteringANewLineWaitsForTheL2TAndDRAM() throws {
    // 16 words fit one line; 17 uniform reads cross into a second one.
    let reads = String(repeating: "nop ; nop ; ldunifrf.rf1\n", count: 17)
    let result = try Harness.run(reads + Harness.end, uniforms: [UInt32](repeating: 7, count: 17))
    let timing = result.statistics.timing
    let miss = parameters.l2HitLatency + parameters.dramLatency
    // The code's uniforms start in a fresh line (one miss at the start, one at the 17th
    // word, the first may overlap the start of the batch).
    #expect(timing.stalls[.uniform] >= miss)
    #expect(timing.stalls[.uniform] <= 2 * miss + 16)
    #expect(timing.l2Misses == 2)
  }

  @Test func loadsInFlightOverlapTheirLatency() throws {
    let serial = try Harness.run(loads(6, pipelined: false), uniforms: [Harness.inputA])
    let pipelined = try Harness.run(loads(6, pipelined: true), uniforms: [Harness.inputA])
    #expect(serial.statistics.total.instructions == pipelined.statistics.total.instructions)
    #expect(pipelined.statistics.timing.cycles * 2 < serial.statistics.timing.cycles)
  }

  @Test func aSecondReadOfALineHitsTheTMUCache() throws {
    // Two loads of the same 16 words: the second hits the slice's TMU cache.
    let text = """
      eidx r1 ; nop ; ldunif
      shl r1, r1, 2
      add rf10, r5, r1
      mov tmua, rf10
      nop ; nop ; ldtmu.r2
      mov tmua, rf10
      nop ; nop ; ldtmu.r2

      """
    let result = try Harness.run(text + Harness.end, uniforms: [Harness.inputA])
    let timing = result.statistics.timing
    #expect(timing.tmuCacheMisses == 1)
    #expect(timing.tmuCacheHits == 1)
  }

  @Test func tmuwtWaitsForTheStore() throws {
    let text = """
      eidx r1 ; nop ; ldunif
      shl r1, r1, 2
      add rf10, r5, r1
      mov tmud, r1
      mov tmua, rf10
      tmuwt -

      """
    let result = try Harness.run(text + Harness.end)
    let timing = result.statistics.timing
    #expect(timing.stalls[.tmuStoreWait] > 0)
    #expect(timing.tmuBytesWritten == 64)
    // The stored line is dirty in the L2T until the clean after the job.
    #expect(timing.dramBytesWritten == 64)
  }

  @Test func twoThreadsOfAQPUTakeTurnsAndHideLatency() throws {
    // Each batch: a load, a thread switch, the data. 16 batches put two
    // threads on every QPU; 8 batches one.
    let text = """
      eidx r1 ; nop ; ldunif
      shl r1, r1, 2
      add rf10, r5, r1
      mov tmua, rf10 ; nop ; thrsw
      nop
      nop
      nop ; nop ; ldtmu.r2

      """
    let one = try Harness.run(
      text + Harness.end, uniforms: [Harness.inputA],
      configuration: Harness.configuration(batches: 8))
    let two = try Harness.run(
      text + Harness.end, uniforms: [Harness.inputA],
      configuration: Harness.configuration(batches: 16))
    // Twice the work in well under twice the time: the second thread's load
    // is in flight while the first waits.
    #expect(two.statistics.timing.cycles < one.statistics.timing.cycles * 3 / 2)
  }

  @Test func profileAndTimelineAddUp() throws {
    let memory = GPUMemory()
    let program = try Assembler.assemble(loads(4, pipelined: true))
    try memory.addBuffer(at: Harness.codeBase, contents: Harness.bytes(program.words + [0, 0]))
    try memory.addBuffer(
      at: Harness.uniformBase, contents: Harness.bytes([Harness.inputA, 0]))
    try memory.addBuffer(at: Harness.dataBase, contents: [UInt8](repeating: 0, count: 0x8000))
    let statistics = try Emulator(memory: memory).run(
      Harness.configuration(batches: 16), profile: true, timelineCapacity: 10_000)
    let timing = statistics.timing
    let profile = try #require(timing.profile)
    #expect(profile.counts.reduce(0, +) == statistics.total.instructions)
    let charged = profile.stalls.reduce(UInt64(0)) { $0 + $1.total }
    #expect(charged == timing.stalls.total - timing.stalls[.barrier] - timing.stalls[.dispatch])
    let timeline = try #require(timing.timeline)
    #expect(timeline.dropped == 0)
    // The two threads of a QPU never run at the same time.
    for qpu in 0..<8 {
      let runs = timeline.intervals.filter { $0.qpu == qpu && $0.state == .running }
      #expect(Set(runs.map(\.slot)).count == 2)
      let sorted = runs.sorted { $0.start < $1.start }
      for (first, second) in zip(sorted, sorted.dropFirst()) { #expect(first.end <= second.start) }
    }
  }

  @Test func calendarServesItsCapacity() {
    var calendar = CapacityCalendar(unitsPerCycle: 2)
    // 1,000 units booked out of time order still finish by ~500 cycles.
    var last: UInt64 = 0
    for start in stride(from: 400, through: 0, by: -100) {
      last = max(last, calendar.book(200, at: UInt64(start)))
    }
    #expect(last >= 500 && last <= 500 + CapacityCalendar.bucketCycles)
    #expect(calendar.busyCycles == 500)
    // A request never completes before it arrives.
    #expect(calendar.book(1, at: 10_000) >= 10_000)
  }

  @Test func cacheModelReplacesTheLeastRecentlyUsedLine() {
    var cache = CacheModel(bytes: 256, ways: 2, lineBytes: 64)  // 2 sets of 2 ways
    #expect(!cache.access(line: 0, write: true).hit)
    #expect(!cache.access(line: 2, write: false).hit)
    #expect(cache.access(line: 0, write: false).hit)  // 0 becomes most recent
    let evicting = cache.access(line: 4, write: false)  // evicts 2, which is clean
    #expect(!evicting.hit && !evicting.wroteBack)
    let dirtyOut = cache.access(line: 6, write: false)  // evicts 0, which is dirty
    #expect(!dirtyOut.hit && dirtyOut.wroteBack)
    #expect(cache.dirtyLines == 0)
  }

  @Test func parametersChangeByName() throws {
    let slower = try #require(TimingParameters.pi4.setting("dramLatency", to: "600"))
    #expect(slower.dramLatency == 600)
    #expect(TimingParameters.pi4.setting("dramLatency", to: "-1") == nil)
    #expect(TimingParameters.pi4.setting("lineBytes", to: "48") == nil)
    #expect(TimingParameters.pi4.setting("noSuchThing", to: "1") == nil)
    // Every parameter has a row in the documented table, and no row is extra.
    #expect(Set(TimingParameters.pi4.table.map(\.name)) == Set(TimingParameters.names))
  }
}
