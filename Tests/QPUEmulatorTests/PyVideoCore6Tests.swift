import Testing

@testable import QPUEmulator

/// Behaviours that py-videocore6's hardware tests and examples observed on a
/// Raspberry Pi 4 (as semantics.md records them), reproduced with kernels
/// written here in the same style.
@Suite struct PyVideoCore6Tests {
  /// test_unifa phase 3: `ldunifa` in the instruction that writes `unifa`
  /// still reads the old stream; the new address applies four instructions later.
  @Test func ldunifaTogetherWithUnifaWriteReadsTheOldStream() throws {
    let u = Harness.uniformBase
    let source =
      Harness.prologue + """
        nop ; nop ; ldunifrf.rf20
        mov unifa, rf20
        nop ; nop ; ldunifrf.rf21
        nop
        nop
        nop ; nop ; ldunifa
        mov rf10, r5 ; mov unifa, rf21 ; ldunifa
        mov rf11, r5
        nop
        nop
        nop ; nop ; ldunifa
        mov rf12, r5

        """ + Harness.epilogue(["rf10", "rf11", "rf12"])
    let uniforms =
      [Harness.dataBase, Harness.inputA, Harness.inputB, u + 32, u + 48, 0, 0, 0]
      + [100, 101, 102, 103, 200, 201, 202, 203]
    let result = try Harness.run(source, uniforms: uniforms)
    #expect(result.lanes(0) == Array(repeating: 100, count: 16))
    #expect(result.lanes(1) == Array(repeating: 101, count: 16))
    #expect(result.lanes(2) == Array(repeating: 200, count: 16))
  }

  /// test_unifa phase 2 / semantics.md §10.1: a `unifa` write in the delay
  /// slots of a `ub` branch cancels its uniform redirect (a strict warning).
  @Test func unifaWriteInUniformBranchDelaySlotCancelsTheRedirect() throws {
    let u = Harness.uniformBase
    let source =
      Harness.prologue + """
        nop ; nop ; ldunifrf.rf21
        bu next, rf21
        mov unifa, rf21
        nop
        nop
        next:
        nop ; nop ; ldunif
        mov rf10, r5

        """ + Harness.epilogue(["rf10"])
    let uniforms = [Harness.dataBase, Harness.inputA, Harness.inputB, u + 32, 555, 0, 0, 0, 999]
    let result = try Harness.run(source, uniforms: uniforms)
    #expect(result.lanes(0) == Array(repeating: 555, count: 16))
    #expect(result.statistics.warnings.map(\.rule) == [.unifaWriteInBranchDelaySlot])
  }

  /// test_tmu_read_tmu_write_uniform_read: a TMU store over a uniform word is
  /// not seen by the uniform stream, even after tmuwt ("!? not 3 ?").
  @Test func uniformStreamDoesNotSeeTMUStores() throws {
    let u = Harness.uniformBase
    let source =
      Harness.prologue + """
        nop ; nop ; ldunifrf.rf20
        mov tmud, 2
        mov tmua, rf20
        tmuwt -
        mov tmua, rf20
        nop ; nop ; ldunif
        mov rf10, r5 ; nop ; ldtmu.rf11

        """ + Harness.epilogue(["rf10", "rf11"])
    let result = try Harness.run(
      source, uniforms: [Harness.dataBase, Harness.inputA, Harness.inputB, u + 16, 1])
    #expect(result.lanes(0) == Array(repeating: 1, count: 16))
    #expect(result.lanes(1) == Array(repeating: 2, count: 16))
  }

  /// test_signal_ldtmu: both ALUs and ldtmu deliver their results in one instruction.
  @Test func ldtmuAlongsideBothALUs() throws {
    let body = """
      mov tmua, rf63
      mov r0, rf1 ; mov r1, rf2
      fadd r0, r0, r0 ; fmul r1, r1, r1 ; ldtmu.rf31
      """
    let x: [UInt32] = (0..<16).map { Float($0).bitPattern }
    let result = try Harness.run(
      Harness.program(body, storing: ["r0", "r1", "rf31"]), a: x, b: x,
      data: (0..<16).map { 7 * UInt32($0) })
    #expect(result.lanes(0) == (0..<16).map { Float(2 * $0).bitPattern })
    #expect(result.lanes(1) == (0..<16).map { Float($0 * $0).bitPattern })
    #expect(result.lanes(2) == (0..<16).map { 7 * UInt32($0) })
  }

  /// test_tmu_keeps_memory_consistency: load, +1, store, tmuwt, load sees the
  /// new value; 16 lanes storing one address leave a consistent value.
  @Test func storesThenTmuwtAreSeenByLaterLoads() throws {
    let body = """
      mov tmua, rf63
      nop ; nop ; ldtmu.r0
      add tmud, r0, 1
      mov tmua, rf63
      tmuwt -
      mov tmua, rf63
      nop ; nop ; ldtmu.rf10
      mov tmud, rf10
      mov tmua, rf1
      tmuwt -
      mov tmua, rf1
      nop ; nop ; ldtmu.rf11
      """
    let result = try Harness.run(
      Harness.program(body, storing: ["rf10", "rf11"]),
      a: Array(repeating: Harness.dataBase + 0x800, count: 16),
      data: (0..<16).map { 10 * UInt32($0) })
    #expect(result.lanes(0) == (0..<16).map { 10 * UInt32($0) + 1 })
    // Every lane stored to the same word; lanes are served in order, so lane 15 wins.
    #expect(result.lanes(1) == Array(repeating: 151, count: 16))
  }

  /// test_binary_ops keeps r3 across several thrsw in a single batch: it works
  /// (accumulators are preserved), and strict mode warns about it.
  @Test func accumulatorSurvivesAThreadSwitchWithAWarning() throws {
    let body = """
      eidx r3
      nop ; nop ; thrsw
      nop
      nop
      add rf10, r3, 1
      """
    let result = try Harness.run(Harness.program(body, storing: ["rf10"]))
    #expect(result.lanes(0) == (0..<16).map { UInt32($0 + 1) })
    #expect(result.statistics.warnings.map(\.rule) == [.accumulatorReadAfterThreadSwitch])
  }

  /// examples/summation.py style: 8 batches, one per QPU chosen by
  /// (tidx >> 2) & 7, each sums its share with loads issued before a thrsw and
  /// `mov tmua, … ; ldtmu` pairing; partial sums per lane.
  @Test func summationOverEightQPUs() throws {
    let layout = SummationJob(chunksPerQPU: 6)
    let result = try Harness.run(
      layout.source, uniforms: layout.uniforms, data: layout.data,
      configuration: try Harness.configuration(batches: 8))
    let partials = result.words(at: 0, count: 128)
    #expect(partials.reduce(0, &+) == layout.data.reduce(0, &+))
    #expect(result.statistics.qpus.allSatisfy { $0.batches == 1 })
    #expect(result.statistics.warnings.map(\.rule).allSatisfy { $0 == .tmuWriteWithLdtmu })
  }

  /// examples/scopy.py style: 8 batches copy with vec4 lookups under the config
  /// word 0xFC80FCFC (vec4 load, vec4 load, prefetch, vec4 store), a thrsw
  /// after the loads, and `mov tmud, r0 ; ldtmu.r0` pairing.
  @Test func vectorCopyOverEightQPUs() throws {
    let iterations = 2
    let source = """
      nop ; nop ; ldunifrf.rf1
      nop ; nop ; ldunifrf.rf2
      nop ; nop ; ldunifrf.rf3
      nop ; nop ; ldunifrf.rf4
      nop ; nop ; ldunifrf.rf5
      tidx r0
      shr r0, r0, 2
      and r0, r0, 7
      nop ; umul24 r0, r0, rf4
      eidx r1
      shl r1, r1, 4
      add r0, r0, r1
      add rf1, rf1, r0
      add rf2, rf2, r0
      mov rf6, 8
      shl rf6, rf6, 5
      shl rf7, rf6, 1
      loop:
      mov tmuc, rf5
      mov tmua, rf1
      add r2, rf1, rf6
      mov tmua, r2
      add r2, r2, rf6
      mov tmua, r2 ; nop ; thrsw
      nop
      nop
      nop ; nop ; ldtmu.r0
      mov tmud, r0 ; nop ; ldtmu.r0
      mov tmud, r0 ; nop ; ldtmu.r0
      mov tmud, r0 ; nop ; ldtmu.r0
      mov tmud, r0
      mov tmua, rf2
      bnot tmuc, 3 ; nop ; ldtmu.r0
      mov tmud, r0 ; nop ; ldtmu.r0
      mov tmud, r0 ; nop ; ldtmu.r0
      mov tmud, r0 ; nop ; ldtmu.r0
      mov tmud, r0
      add r2, rf2, rf6
      mov tmua, r2
      sub.pushz rf3, rf3, 1
      b.anyna loop
      add rf1, rf1, rf7
      add rf2, rf2, rf7
      nop
      tmuwt -

      """ + Harness.end
    let src = Harness.dataBase + 0x2000
    let dst = Harness.dataBase + 0x4000
    let perQPU = UInt32(iterations * 512)
    let data = [UInt32](repeating: 0, count: 0x800) + (0..<0x800).map { UInt32($0) &* 0x9E37_79B9 }
    let result = try Harness.run(
      source, uniforms: [src, dst, UInt32(iterations), perQPU, 0xFC80_FCFC], data: data,
      configuration: try Harness.configuration(batches: 8))
    let copied = result.words(at: 0x4000, count: 0x800)
    #expect(zip(copied, data[0x800...]).filter { $0 != $1 }.count == 0)
    #expect(result.statistics.total.tmuReads == UInt64(8 * iterations * 2))
    #expect(result.statistics.total.tmuWrites == UInt64(8 * iterations * 2))
    #expect(Set(result.statistics.warnings.map(\.rule)) == [.tmuWriteWithLdtmu])
  }
}

/// A summation kernel in py-videocore6's style: data at dataBase + 0x400,
/// partial sums to dataBase + 64·qpu.
struct SummationJob {
  let chunksPerQPU: Int
  var dataBase: UInt32 = Harness.dataBase

  var data: [UInt32] {
    var words = [UInt32](repeating: 0, count: 0x100)
    words += (0..<(8 * 16 * chunksPerQPU)).map {
      UInt32(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7)
    }
    return words
  }

  var uniforms: [UInt32] {
    [dataBase + 0x400, dataBase, UInt32(chunksPerQPU * 64), UInt32(chunksPerQPU - 1)]
  }

  var source: String {
    """
    nop ; nop ; ldunifrf.rf1
    nop ; nop ; ldunifrf.rf2
    nop ; nop ; ldunifrf.rf3
    nop ; nop ; ldunifrf.rf4
    tidx r0
    shr r0, r0, 2
    and r0, r0, 7
    nop ; umul24 r1, r0, rf3
    add rf1, rf1, r1
    shl r0, r0, 6
    add rf2, rf2, r0
    eidx r0
    shl r0, r0, 2
    add rf1, rf1, r0
    add rf2, rf2, r0
    mov rf5, 0
    mov rf6, 8
    shl rf6, rf6, 3
    mov tmua, rf1 ; nop ; thrsw
    add rf1, rf1, rf6
    nop
    loop:
    sub.pushz rf4, rf4, 1
    b.anyna loop
    mov tmua, rf1 ; nop ; ldtmu.r0
    add rf5, rf5, r0
    add rf1, rf1, rf6
    nop ; nop ; ldtmu.r0
    add rf5, rf5, r0
    mov tmud, rf5
    mov tmua, rf2
    tmuwt -
    barrierid syncb ; nop ; thrsw
    nop
    nop
    nop ; nop ; thrsw
    nop ; nop ; thrsw
    nop
    nop
    nop ; nop ; thrsw
    nop
    nop
    nop
    """
  }
}
