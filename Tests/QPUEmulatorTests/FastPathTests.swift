import QPUISA
import Testing

@testable import QPUEmulator

/// The interpreter's short paths (docs/emulator.md, "Speed") against the
/// obvious lane-by-lane or library versions they replace.
@Suite struct FastPathTests {
  func randomLanes(_ generator: inout some RandomNumberGenerator) -> Lanes {
    var lanes = Lanes()
    for lane in 0..<16 { lanes[lane] = UInt32.random(in: 0...UInt32.max, using: &generator) }
    return lanes
  }

  @Test func rotationsMatchLaneByLaneRotation() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20 {
      let value = randomLanes(&generator)
      for amount in 0..<32 {
        var full = Lanes()
        var quads = Lanes()
        for lane in 0..<16 {
          full[lane] = value[(lane - amount) & 15]
          quads[lane] = value[(lane & ~3) | ((lane - amount) & 3)]
        }
        #expect(value.rotatedFully(by: amount) == full, "full rotation by \(amount)")
        #expect(value.rotatedInQuads(by: amount) == quads, "quad rotation by \(amount)")
      }
    }
  }

  @Test func roundingUpMatchesTheLibrary() {
    var generator = SystemRandomNumberGenerator()
    var values: [Double] = [0, 0.5, 1, 1.0000001, 255.99999, 256, 1e15, 4.5e18, 9.3e18]
    for _ in 0..<10_000 { values.append(Double.random(in: 0..<1e6, using: &generator)) }
    for _ in 0..<1000 { values.append(Double(Int.random(in: 0..<1 << 40, using: &generator))) }
    for value in values {
      #expect(CapacityCalendar.roundedUp(value) == UInt64(value.rounded(.up)), "\(value)")
    }
  }

  @Test func cacheWithoutAPowerOfTwoOfSetsMatchesAReferenceLRU() {
    var generator = SystemRandomNumberGenerator()
    for sets in [1, 3, 5] {
      let cache = CacheModel(bytes: 64 * 2 * sets, ways: 2, lineBytes: 64)
      #expect(cache.setCount == sets)
      SpeedStructureTests.expectMatchesReference(
        cache, SpeedStructureTests.ReferenceCache(sets: sets, ways: 2), lines: 30,
        using: &generator)
    }
  }

  /// `mov r5rep, x ; rot(n)` reads one lane of x instead of rotating it: the lane
  /// the full (accumulator) or quad (register file) rotation brings to lane 0.
  @Test(arguments: [1, 2, 3, 5, 9, 15, -1, -2, -15])
  func rotatedBroadcastsPickTheLaneRotatedToLaneZero(_ amount: Int) throws {
    let body = """
      eidx r0
      shl r0, r0, 3
      eidx rf20
      shl rf20, rf20, 4
      nop
      nop ; mov r5rep, r0 ; rot(\(amount))
      mov rf10, r5
      nop ; mov r5rep, rf20 ; rot(\(amount))
      mov rf11, r5
      """
    let result = try Harness.run(Harness.program(body, storing: ["rf10", "rf11"]))
    let n = ((amount % 16) + 16) % 16
    #expect(result.lanes(0) == Array(repeating: UInt32(((16 - n) & 15) * 8), count: 16))
    #expect(result.lanes(1) == Array(repeating: UInt32(((4 - n) & 3) * 16), count: 16))
  }

  /// A loop earning two warnings at two places per iteration, on 8 QPUs: each
  /// (rule, QPU, pc) is one warning with the iteration count.
  @Test func warningsRepeatedAtSeveralPlacesAreCountedOncePerPlace() throws {
    let body = """
      mov rf10, 5
      loop:
      mov r0, 1
      nop ; nop ; thrsw
      nop
      nop
      mov rf11, r0
      mov r1, 2
      nop ; nop ; thrsw
      nop
      nop
      mov rf12, r1
      sub.pushz rf10, rf10, 1
      b.anyna loop
      nop
      nop
      nop
      """
    let result = try Harness.run(
      Harness.program(body, storing: ["rf11"]), configuration: Harness.configuration(batches: 8))
    let warnings = result.statistics.warnings
    #expect(warnings.count == 16, "\(warnings)")
    #expect(warnings.allSatisfy { $0.rule == .accumulatorReadAfterThreadSwitch && $0.count == 5 })
    #expect(Set(warnings.map(\.qpu)) == Set(0..<8))
    #expect(Set(warnings.map(\.pc)).count == 2)
    let keys = warnings.map { "\($0.qpu):\($0.pc)" }
    #expect(Set(keys).count == keys.count)
  }

  /// Loads and stores whose lanes all fall in one buffer take one bounds check;
  /// the lanes still see exactly their own bytes, in lane order for stores.
  @Test func gathersAndScattersInOneBufferReadAndWriteEachLane() throws {
    let body = """
      eidx r0
      shl r1, r0, 8
      mov r3, 1
      shl r3, r3, 11
      add r1, r1, r3
      add r2, rf63, r1
      mov tmud, r0
      mov tmua, r2
      tmuwt -
      mov tmua, r2
      nop ; nop ; ldtmu.rf10
      """
    // Each lane stores its index at 2048 + 260·lane bytes into the data buffer
    // (a scatter over 6 KiB, one line per lane), then loads it back.
    let result = try Harness.run(Harness.program(body, storing: ["rf10"]))
    #expect(result.lanes(0) == (0..<16).map { UInt32($0) })
    for lane in 0..<16 {
      #expect(result.words(at: UInt32(2048 + 260 * lane), count: 1) == [UInt32(lane)])
    }
  }
}
