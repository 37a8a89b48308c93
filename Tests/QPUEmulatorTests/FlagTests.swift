import Testing

@testable import QPUEmulator

/// Flag pushes, updates, conditions and the flag-reading operations (semantics.md §3).
@Suite struct FlagTests {
  // Lanes with a == b, a < b, a > b, signed and unsigned differences.
  let a: [UInt32] = [
    5, 5, 7, 0, 0xFFFF_FFFF, 0x8000_0000, 3, 9, 1, 2, 100, 0x7FFF_FFFF, 4, 4, 8, 6,
  ]
  let b: [UInt32] = [5, 6, 3, 0, 1, 1, 3, 10, 0xFFFF_FFFF, 2, 99, 0x8000_0000, 5, 4, 8, 1]

  func lanesOf(_ predicate: (UInt32, UInt32) -> Bool) -> [UInt32] {
    zip(a, b).map { predicate($0, $1) ? 0x0001_0001 : 0 }
  }

  @Test func pushesShiftAIntoB() throws {
    let body = """
      sub.pushz -, rf1, rf2
      vfla rf10
      sub.pushc -, rf1, rf2
      vfla rf11 ; nop
      vflb rf12
      sub.pushn -, rf1, rf2
      vfla rf13
      vflna rf14
      vflnb rf15
      add.pushc -, rf1, rf2
      vfla rf16
      min.pushc -, rf1, rf2
      vfla rf17
      umin.pushc -, rf1, rf2
      vfla rf18
      """
    let result = try Harness.run(
      Harness.program(body, storing: (10...18).map { "rf\($0)" }), a: a, b: b)
    #expect(result.lanes(0) == lanesOf { $0 == $1 })
    #expect(result.lanes(1) == lanesOf { $0 < $1 })
    #expect(result.lanes(2) == lanesOf { $0 == $1 })
    #expect(result.lanes(3) == lanesOf { ($0 &- $1) >> 31 == 1 })
    #expect(result.lanes(4) == lanesOf { ($0 &- $1) >> 31 == 0 })
    #expect(result.lanes(5) == lanesOf { $0 >= $1 })
    #expect(result.lanes(6) == lanesOf { UInt64($0) + UInt64($1) > 0xFFFF_FFFF })
    #expect(result.lanes(7) == lanesOf { Int32(bitPattern: $0) > Int32(bitPattern: $1) })
    #expect(result.lanes(8) == lanesOf { $0 > $1 })
  }

  static let updates = [
    "andz", "andnz", "nornz", "norz", "andn", "andnn", "nornn", "norn", "andc", "andnc",
    "nornc", "norc",
  ]

  @Test(arguments: updates.indices)
  func updatesCombineIntoA(_ index: Int) throws {
    let name = Self.updates[index]
    let body = """
      and.pushz -, rf1, 1
      sub.pushz -, rf2, rf1
      sub.\(name) -, rf1, rf2
      vfla rf10
      vflb rf11
      """
    let result = try Harness.run(Harness.program(body, storing: ["rf10", "rf11"]), a: a, b: b)
    let expected = zip(a, b).map { x, y -> UInt32 in
      let old = x == y
      let predicate = [x &- y == 0, (x &- y) >> 31 == 1, x < y][index / 4]
      let value: Bool
      switch index % 4 {
      case 0: value = old && predicate
      case 1: value = old && !predicate
      case 2: value = !(old || !predicate)
      default: value = !(old || predicate)
      }
      return value ? 0x0001_0001 : 0
    }
    #expect(result.lanes(0) == expected, "\(name)")
    #expect(result.lanes(1) == lanesOf { x, _ in x & 1 == 0 }, "B untouched by \(name)")
  }

  @Test func conditionsUseFlagsFromBeforeTheInstruction() throws {
    let body = """
      mov r0, 0 ; mov r1, 0
      mov r2, 0 ; mov r3, 0
      sub.pushz -, rf1, rf2
      sub.pushc -, rf1, rf2
      add.ifa r0, r0, 1 ; add.ifb r1, r1, 1
      add.ifna r2, r2, 1 ; add.ifnb r3, r3, 1
      mov r4, 0
      mov r5, 1
      sub.pushz -, rf1, rf2 ; add.ifa r4, r4, r5
      """
    let result = try Harness.run(
      Harness.program(body, storing: ["r0", "r1", "r2", "r3", "r4"]), a: a, b: b)
    func ones(_ p: (UInt32, UInt32) -> Bool) -> [UInt32] { zip(a, b).map { p($0, $1) ? 1 : 0 } }
    #expect(result.lanes(0) == ones { $0 < $1 })
    #expect(result.lanes(1) == ones { $0 == $1 })
    #expect(result.lanes(2) == ones { $0 >= $1 })
    #expect(result.lanes(3) == ones { $0 != $1 })
    // The push in the same instruction is not seen: A was C (a < b) before it.
    #expect(result.lanes(4) == ones { $0 < $1 })
  }

  @Test func floatComparisonFlags() throws {
    let x: [Float] = [1, 2, 3, -1, 0, -0.0, 5, 5, 1e30, -1e30, 0.5, 0.25, 7, 8, 9, 10]
    let y: [Float] = [2, 2, 1, -1, -0.0, 0, 6, 4, -1e30, 1e30, 0.5, 0.5, 7, 9, 8, 10]
    let body = """
      fcmp.pushn -, rf1, rf2
      vfla rf10
      fcmp.pushz -, rf1, rf2
      vfla rf11
      fcmp.pushc -, rf1, rf2
      vfla rf12
      """
    let result = try Harness.run(
      Harness.program(body, storing: ["rf10", "rf11", "rf12"]), a: x.map(\.bitPattern),
      b: y.map(\.bitPattern))
    func lanes(_ p: (Float, Float) -> Bool) -> [UInt32] {
      zip(x, y).map { p($0, $1) ? 0x0001_0001 : 0 }
    }
    #expect(result.lanes(0) == lanes { $0 < $1 })
    #expect(result.lanes(1) == lanes { $0 == $1 })
    #expect(result.lanes(2) == lanes { $0 <= $1 })
  }

  @Test func flagStackOperations() throws {
    let body = """
      sub.pushz -, rf1, rf2
      flapush rf10, rf1
      flbpush rf11, rf1
      flpop rf12, rf1
      """
    let result = try Harness.run(
      Harness.program(body, storing: ["rf10", "rf11", "rf12"]), a: a, b: b)
    #expect(result.lanes(0) == zip(a, b).map { ($0 << 2) &+ ($0 == $1 ? 3 : 0) })
    #expect(result.lanes(1) == a.map { $0 << 2 })
    #expect(result.lanes(2) == a.map { $0 >> 2 })
  }
}
