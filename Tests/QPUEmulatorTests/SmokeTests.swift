import Testing

@testable import QPUEmulator

@Suite struct SmokeTests {
  @Test func copiesInputsThrough() throws {
    let a = (0..<16).map { UInt32($0 * 3 + 1) }
    let b = (0..<16).map { UInt32(1000 - $0) }
    let result = try Harness.run(
      Harness.program("add rf10, rf1, rf2", storing: ["rf1", "rf2", "rf10"]), a: a, b: b)
    #expect(result.lanes(0) == a)
    #expect(result.lanes(1) == b)
    #expect(result.lanes(2) == zip(a, b).map { $0 &+ $1 })
    #expect(result.statistics.total.tmuWrites == 3)
    #expect(result.statistics.total.tmuReads == 2)
    #expect(result.statistics.warnings.isEmpty)
  }
}
