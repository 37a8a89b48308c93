import Testing

@testable import QPUEmulator

/// CSD dispatch: batches, thread slots, tidx, payload, barriers (semantics.md §14).
@Suite struct DispatchTests {
  /// Each batch stores tidx in all lanes to row (tidx >> shift) & 31.
  static func tidxProgram(shift: Int) -> String {
    """
    eidx r1 ; nop ; ldunif
    shl r1, r1, 2
    tidx r0
    shr r2, r0, \(shift)
    and r2, r2, 15
    shl r2, r2, 6
    add r2, r2, r5
    mov tmud, r0
    add tmua, r2, r1
    tmuwt -

    """ + Harness.end
  }

  @Test func sixteenBatchesFillEveryTwoThreadSlot() throws {
    let result = try Harness.run(
      Self.tidxProgram(shift: 1), configuration: try Harness.configuration(batches: 16))
    let rows = (0..<16).map { result.lanes($0) }
    let expected = (0..<16).map { UInt32(($0 >> 1) << 2 | ($0 & 1) << 1) }
    #expect(rows.map { $0[0] } == expected)
    #expect(rows.allSatisfy { Set($0).count == 1 })
    #expect(result.statistics.qpus.map(\.batches) == Array(repeating: 2, count: 8))
  }

  @Test func eightBatchesLandOnEightQPUs() throws {
    let result = try Harness.run(
      Self.tidxProgram(shift: 2), configuration: try Harness.configuration(batches: 8))
    #expect((0..<8).map { result.lanes($0)[0] } == (0..<8).map { UInt32($0 << 2) })
  }

  @Test func moreBatchesThanSlotsRunAsSlotsFree() throws {
    let result = try Harness.run(
      Self.tidxProgram(shift: 1), configuration: try Harness.configuration(batches: 40))
    #expect(result.statistics.total.batches == 40)
  }

  @Test func fourThreadModeHas32Slots() throws {
    let result = try Harness.run(
      Self.tidxProgram(shift: 0).replacingOccurrences(of: "and r2, r2, 15", with: "and r2, r2, -1"),
      configuration: try Harness.configuration(batches: 32, fourThreads: true))
    #expect(Set((0..<32).map { result.lanes($0)[0] }) == Set((0..<32).map { UInt32($0) }))
  }

  @Test func singleSegmentEndsAtTheFirstThrsw() throws {
    let source = """
      eidx r1 ; nop ; ldunif
      shl r1, r1, 2
      mov tmud, r1
      add tmua, r5, r1
      tmuwt -
      nop ; nop ; thrsw
      nop
      nop

      """
    let result = try Harness.run(
      source, configuration: try Harness.configuration(singleSegment: true))
    #expect(result.lanes(0) == (0..<16).map { UInt32($0 * 4) })
  }

  @Test func payloadCarriesWorkgroupIds() throws {
    // 3 × 2 workgroups of 16 invocations, one workgroup per supergroup.
    let configuration = try CSDConfiguration([
      3 << 16, 2 << 16, 1 << 16, 0 << 12 | 1 << 8 | 16, 5,
      Harness.codeBase, Harness.uniformBase,
    ])
    let source = """
      mov r0, rf0 ; nop ; ldunif
      and r2, r0, 15
      shr r3, r0, -16
      nop ; umul24 r3, r3, 3
      add r2, r2, r3
      shl r2, r2, 6
      eidx r1
      shl r1, r1, 2
      add r2, r2, r5
      mov tmud, r0
      add tmua, r2, r1
      tmuwt -

      """ + Harness.end
    let check = try Harness.run(source, configuration: configuration)
    for y in 0..<2 {
      for x in 0..<3 {
        #expect(check.lanes(x + 3 * y) == Array(repeating: UInt32(x | y << 16), count: 16))
      }
    }
  }

  /// Phase 1: batch b stores b + 7 in row b. Barrier. Phase 2: row 16 + b gets the value
  /// of row (b + 1) % 16, which is only there after the barrier (16 batches).
  static let barrierProgram = """
    eidx r1 ; nop ; ldunif
    shl r1, r1, 2
    tidx r0
    shr r0, r0, 1
    and r0, r0, 15
    shl r2, r0, 6
    add r2, r2, r5
    add tmud, r0, 7
    add tmua, r2, r1
    tmuwt -
    barrierid syncb ; nop ; thrsw
    nop
    nop
    add r3, r0, 1
    and r3, r3, 15
    shl r3, r3, 6
    add r3, r3, r5
    add tmua, r3, r1
    mov r4, 8
    shl r4, r4, 7 ; nop ; ldtmu.r3
    add r2, r2, r4 ; mov tmud, r3
    add tmua, r2, r1
    tmuwt -

    """ + Harness.end

  @Test func barrierWaitsForTheWholeSupergroup() throws {
    let program = DispatchTests.barrierProgram
    let result = try Harness.run(program, configuration: try Harness.configuration(batches: 16))
    for b in 0..<16 {
      #expect(result.lanes(b) == Array(repeating: UInt32(b + 7), count: 16))
      #expect(
        result.words(at: UInt32(0x400 + 64 * b))
          == Array(repeating: UInt32((b + 1) % 16 + 7), count: 16))
    }
    // Without the barrier the first batch reads its neighbour's row too early.
    let unsynchronised = try Harness.run(
      program.replacingOccurrences(of: "barrierid syncb ; nop ; thrsw", with: "nop"),
      configuration: try Harness.configuration(batches: 16))
    #expect(unsynchronised.words(at: 0x400)[0] == 0)
  }
}
