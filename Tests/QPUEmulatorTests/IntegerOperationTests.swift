import Testing

@testable import QPUEmulator

/// Integer add- and mul-ALU operations against values computed in Swift.
@Suite struct IntegerOperationTests {
  let a = TestInputs.integers(seed: 7, edges: TestInputs.integerEdges)
  let b = TestInputs.integers(seed: 99, edges: TestInputs.otherEdges)

  typealias Binary = @Sendable (UInt32, UInt32) -> UInt32

  static let addOperations: [(String, Binary)] = [
    ("add", { $0 &+ $1 }),
    ("sub", { $0 &- $1 }),
    ("imin", { UInt32(bitPattern: min(Int32(bitPattern: $0), Int32(bitPattern: $1))) }),
    ("imax", { UInt32(bitPattern: max(Int32(bitPattern: $0), Int32(bitPattern: $1))) }),
    ("umin", { min($0, $1) }),
    ("umax", { max($0, $1) }),
    ("shl", { $0 << ($1 % 32) }),
    ("shr", { $0 >> ($1 % 32) }),
    ("asr", { UInt32(bitPattern: Int32(bitPattern: $0) >> Int32($1 % 32)) }),
    ("ror", { ($0 >> ($1 % 32)) | ($0 << ((32 - $1 % 32) % 32)) }),
    ("and", { $0 & $1 }),
    ("or", { $0 | $1 }),
    ("xor", { $0 ^ $1 }),
  ]

  @Test func addALUBinaryOperations() throws {
    let body = Self.addOperations.enumerated().map { "\($1.0) rf\(10 + $0), rf1, rf2" }
    let result = try Harness.run(
      Harness.program(
        body.joined(separator: "\n"),
        storing: Self.addOperations.indices.map { "rf\(10 + $0)" }), a: a, b: b)
    for (index, (name, operation)) in Self.addOperations.enumerated() {
      #expect(result.lanes(index) == zip(a, b).map(operation), "\(name)")
    }
  }

  @Test func addALUUnaryOperations() throws {
    let result = try Harness.run(
      Harness.program(
        "not rf10, rf1\nneg rf11, rf1\nclz rf12, rf1\nmov rf13, rf1",
        storing: ["rf10", "rf11", "rf12", "rf13"]), a: a)
    #expect(result.lanes(0) == a.map { ~$0 })
    #expect(result.lanes(1) == a.map { 0 &- $0 })
    #expect(result.lanes(2) == a.map { UInt32($0.leadingZeroBitCount) })
    #expect(result.lanes(2)[0] == 32)
    #expect(result.lanes(3) == a)
  }

  @Test func mulALUOperations() throws {
    let body = """
      nop ; add rf10, rf1, rf2
      nop ; sub rf11, rf1, rf2
      nop ; umul24 rf12, rf1, rf2
      nop ; smul24 rf13, rf1, rf2
      nop ; mov rf14, rf1
      nop ; multop -, rf1, rf2
      nop ; umul24 rf15, rf1, rf2
      """
    let result = try Harness.run(
      Harness.program(body, storing: (10...15).map { "rf\($0)" }), a: a, b: b)
    func signed24(_ x: UInt32) -> Int64 { Int64(Int32(bitPattern: x << 8) >> 8) }
    #expect(result.lanes(0) == zip(a, b).map { $0 &+ $1 })
    #expect(result.lanes(1) == zip(a, b).map { $0 &- $1 })
    #expect(result.lanes(2) == zip(a, b).map { ($0 & 0xFF_FFFF) &* ($1 & 0xFF_FFFF) })
    #expect(
      result.lanes(3)
        == zip(a, b).map { UInt32(truncatingIfNeeded: signed24($0) * signed24($1)) })
    #expect(result.lanes(4) == a)
    // multop then umul24: the low 32 bits of the full 32×32 product (Mesa's imul).
    #expect(result.lanes(5) == zip(a, b).map { $0 &* $1 })
  }

  @Test func smallImmediatesReachEveryOperand() throws {
    let body = """
      add rf10, rf1, -16 ; sub rf11, rf1, -16
      shl rf12, 2, 2
      fadd rf13, 0.5, 0.5
      """
    let result = try Harness.run(
      Harness.program(body, storing: ["rf10", "rf11", "rf12", "rf13"]), a: a)
    #expect(result.lanes(0) == a.map { $0 &- 16 })
    #expect(result.lanes(1) == a.map { $0 &+ 16 })
    #expect(result.lanes(2) == Array(repeating: 8, count: 16))
    #expect(result.lanes(3) == Array(repeating: Float(1).bitPattern, count: 16))
  }

  @Test func specialValues() throws {
    let body = """
      eidx rf10
      tidx rf11
      """
    let result = try Harness.run(Harness.program(body, storing: ["rf10", "rf11"]))
    #expect(result.lanes(0) == (0..<16).map { UInt32($0) })
    #expect(result.lanes(1) == Array(repeating: 0, count: 16))
  }
}
