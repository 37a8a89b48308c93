import QPUISA
import Testing

@testable import QPUEmulator

/// Without the timing model the epoch scheduler runs QPUs on host threads: the memory,
/// the counts and the warnings must not depend on the host threads or their scheduling,
/// and for programs without data races they must be those of the timing model's order
/// (docs/emulator.md, "Host threads").
@Suite struct HostThreadTests {
  /// The data buffer after a run.
  static func data(_ result: Harness.Result) -> [UInt8] {
    result.memory.contents(ofBufferAt: Harness.dataBase) ?? []
  }

  /// The warnings as (rule, QPU, pc, count), in a fixed order.
  static func warnings(_ statistics: RunStatistics) -> [String] {
    statistics.warnings.map { "\($0.rule) \($0.qpu) \($0.pc) \($0.count)" }.sorted()
  }

  /// Runs `source` with the timing model (QPUs one at a time in modelled-time order) and
  /// without it on 1 and on 4 host threads (twice), and checks that every run without it
  /// is the same as the first, bit for bit. Returns the runs with and without the model.
  static func runEveryWay(
    _ source: String, uniforms: [UInt32]? = nil, a: [UInt32] = [], b: [UInt32] = [],
    configuration: CSDConfiguration, strict: Bool = true
  ) throws -> (timed: Harness.Result, epochs: Harness.Result) {
    func run(_ timing: TimingParameters?, _ hostThreads: Int) throws -> Harness.Result {
      try Harness.run(
        source, uniforms: uniforms, a: a, b: b, configuration: configuration, strict: strict,
        maxInstructions: 1_000_000, timing: timing, hostThreads: hostThreads)
    }
    let timed = try run(.pi4, 1)
    let single = try run(nil, 1)
    #expect(!single.statistics.timing.isModelled && single.statistics.modelledSeconds.isNaN)
    for _ in 0..<2 {
      let parallel = try run(nil, 4)
      #expect(data(parallel) == data(single))
      #expect(parallel.statistics.qpus == single.statistics.qpus)
      #expect(parallel.statistics.warnings == single.statistics.warnings)
    }
    return (timed, single)
  }

  /// Expects the same memory, counts and warnings with and without the timing model
  /// (cycles aside: they are modelled only with it).
  static func expectSameResults(_ timed: Harness.Result, _ epochs: Harness.Result) {
    #expect(data(timed) == data(epochs))
    var counts = timed.statistics.total
    counts.cycles = 0
    #expect(counts == epochs.statistics.total)
    #expect(warnings(timed.statistics) == warnings(epochs.statistics))
  }

  @Test func barrierProgramIsTheSameEveryWay() throws {
    let runs = try Self.runEveryWay(
      DispatchTests.barrierProgram, configuration: try Harness.configuration(batches: 16))
    Self.expectSameResults(runs.timed, runs.epochs)
    for b in 0..<16 {
      #expect(
        runs.epochs.words(at: UInt32(0x400 + 64 * b))
          == Array(repeating: UInt32((b + 1) % 16 + 7), count: 16))
    }
  }

  /// Every lane of every batch takes a ticket and adds to a counter with atomics, then
  /// stores the counter's old value at its ticket: the order of the atomics shows in memory.
  static let atomicProgram = """
    nop ; nop ; ldunifrf.rf20
    mov tmud, 1
    mov tmuau, rf20
    nop ; nop ; ldunifrf.rf21
    mov tmud, 1
    mov tmuau, rf21
    nop ; nop ; thrsw
    nop
    nop
    nop ; nop ; ldtmu.rf10
    nop ; nop ; ldtmu.rf11
    nop ; nop ; ldunifrf.rf22
    shl rf12, rf11, 2
    mov tmud, rf10
    add tmua, rf22, rf12
    tmuwt -

    """ + Harness.end

  @Test(arguments: [false, true])
  func atomicsAreOrderedTheSameWayOnAnyHostThreads(fourThreads: Bool) throws {
    let batches = fourThreads ? 40 : 24
    let counter = Harness.dataBase + 0x800
    let tickets = Harness.dataBase + 0x804
    let results = Harness.dataBase + 0x2000
    let runs = try Self.runEveryWay(
      Self.atomicProgram, uniforms: [counter, 0xFFFF_FF87, tickets, 0xFFFF_FF87, results],
      configuration: try Harness.configuration(batches: batches, fourThreads: fourThreads))
    let lanes = 16 * batches
    for run in [runs.timed, runs.epochs] {
      #expect(run.words(at: 0x800, count: 2) == [UInt32(lanes), UInt32(lanes)])
      // Each old value of the counter was handed to exactly one lane.
      #expect(run.words(at: 0x2000, count: lanes).sorted() == (0..<lanes).map { UInt32($0) })
    }
  }

  /// A random program of ALU operations on two input vectors with thread switches, storing
  /// rows that belong to its thread only (no data races): 4 threads on each QPU.
  static func randomProgram(seed: UInt64) -> String {
    var generator = SplitMix(seed: seed)
    let operations = [
      "add", "sub", "and", "or", "xor", "imin", "umax", "shl", "fadd", "fmul", "fmin", "fsub",
      "umul24",
    ]
    let sources = ["rf1", "rf2", "rf3", "rf4", "rf5", "rf6"]
    var text =
      Harness.prologue + """
        tidx r0
        shl r0, r0, 9
        mov r1, 8
        shl r1, r1, 10
        add r0, r0, r1
        add rf63, rf63, r0
        mov rf3, rf1
        mov rf4, rf2
        xor rf5, rf1, rf2
        nop ; fmul rf6, rf1, rf2

        """
    var stores = 0
    for step in 0..<40 {
      let operation = operations[Int(generator.next() % UInt64(operations.count))]
      let a = sources[Int(generator.next() % 6)]
      let b = sources[Int(generator.next() % 6)]
      let destination = "rf\(3 + generator.next() % 4)"
      // fmul and umul24 are mul-ALU operations.
      let instruction = "\(operation) \(destination), \(a), \(b)"
      text += (operation == "fmul" || operation == "umul24" ? "nop ; " : "") + instruction + "\n"
      if step % 5 == 4 && stores < 8 {
        text += "mov tmud, \(destination)\nmov tmua, rf63\nadd rf63, rf63, rf62\n"
        stores += 1
      }
      if step % 7 == 6 { text += "nop ; nop ; thrsw\nnop\nnop\n" }
    }
    return text + "tmuwt -\n" + Harness.end
  }

  @Test(arguments: [UInt64(1), 2, 3, 4])
  func randomProgramsAreTheSameEveryWay(seed: UInt64) throws {
    let a = TestInputs.floats(seed: UInt32(seed))
    let b = TestInputs.integers(seed: UInt32(seed) &+ 7)
    let runs = try Self.runEveryWay(
      Self.randomProgram(seed: seed), a: a, b: b,
      configuration: try Harness.configuration(batches: 32, fourThreads: true), strict: false)
    Self.expectSameResults(runs.timed, runs.epochs)
    // Every thread stored 8 rows of 16 words.
    let rows = runs.epochs.words(at: 0x2000, count: 32 * 128)
    #expect(rows.filter { $0 != 0 }.count > rows.count / 4)
  }

  @Test func otherQPUsSeeAStoreOnlyAfterItsEpoch() throws {
    // QPU q loads the row of QPU q − 1, then stores what it saw and its own row (q + 1).
    // Every load runs in the first epoch's parallel phase, before any store: all see 0,
    // whatever the host threads, and even when the QPUs of the phase run one after another
    // (stores in that phase would let QPU q see QPU q − 1's row).
    let source = """
      eidx r1 ; nop ; ldunif
      shl r1, r1, 2
      tidx r0
      shr r0, r0, 2
      add r2, r0, 7
      and r2, r2, 7
      shl r2, r2, 6
      add r2, r2, r5
      add tmua, r2, r1
      shl r4, r0, 6
      add r4, r4, r5
      mov r2, 8
      shl r2, r2, 7 ; nop ; ldtmu.r3
      add r2, r2, r4
      mov tmud, r3
      add tmua, r2, r1
      add tmud, r0, 1
      add tmua, r4, r1
      tmuwt -

      """ + Harness.end
    for hostThreads in [1, 4, 4] {
      let result = try Harness.run(
        source, configuration: try Harness.configuration(batches: 8), timing: nil,
        hostThreads: hostThreads)
      for qpu in 0..<8 {
        #expect(result.lanes(qpu) == Array(repeating: UInt32(qpu + 1), count: 16))
        #expect(result.lanes(16 + qpu) == Array(repeating: 0, count: 16), "QPU \(qpu)")
      }
    }
  }

  @Test func faultsAreReportedForTheLowestQPU() throws {
    // Every QPU stores out of bounds in the same epoch; the error names QPU 0 every time.
    let source = """
      eidx r1 ; nop ; ldunif
      shl r1, r1, 2
      mov tmud, r1
      add tmua, r5, r1
      tmuwt -

      """ + Harness.end
    for hostThreads in [1, 4, 4] {
      #expect {
        _ = try Harness.run(
          source, uniforms: [0x9000_0000], configuration: try Harness.configuration(batches: 8),
          timing: nil, hostThreads: hostThreads)
      } throws: { error in
        (error as? EmulatorError)?.location?.qpu == 0
      }
    }
  }

  @Test func theBudgetStopsAJobWithoutTheTimingModel() throws {
    let loop = """
      mov r0, 1
      label:
      b label
      nop
      nop
      nop

      """
    #expect {
      _ = try Harness.run(
        loop, configuration: try Harness.configuration(batches: 8), maxInstructions: 50_000,
        timing: nil, hostThreads: 2)
    } throws: { error in
      (error as? EmulatorError)?.kind == .instructionBudgetExceeded
    }
  }
}

/// A small seeded generator (the tests' programs must be the same on every run).
struct SplitMix: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
