import Foundation
import Testing

@testable import QPUEmulator

/// The special function unit through magic registers (result in r4 two
/// instructions later) and through add-ALU opcodes (semantics.md §12).
@Suite struct SFUTests {
  static let functions: [(String, @Sendable (Double) -> Double)] = [
    ("recip", { 1 / $0 }),
    ("rsqrt", { 1 / $0.squareRoot() }),
    ("rsqrt2", { 1 / $0.squareRoot() }),
    ("exp", { exp2($0) }),
    ("log", { log2($0) }),
    ("sin", { $0 > 0.5 ? 1 : $0 < -0.5 ? -1 : sin(Double.pi * $0) }),
  ]

  let inputs: [Float] = [0.25, 1, 2, 3.5, 0.1, 0.4, 0.5, 0.75, 10, 100, 0.01, 7, 0.3, 1.5, 0.6, 9]

  @Test(arguments: functions.indices)
  func magicRegisterAndOperationForms(_ index: Int) throws {
    let (name, function) = Self.functions[index]
    let body = """
      mov \(name), rf1
      nop
      mov rf10, r4
      \(name) rf11, rf1
      mov rf12, rf11
      """
    let result = try Harness.run(
      Harness.program(body, storing: ["rf10", "rf11", "rf12"]), a: inputs.map(\.bitPattern))
    let expected = inputs.map { Float(function(Double($0))) }
    for lane in 0..<16 {
      let magic = Float(bitPattern: result.lanes(0)[lane])
      let operation = Float(bitPattern: result.lanes(1)[lane])
      #expect(abs(magic - expected[lane]) <= 1e-4 * max(1, abs(expected[lane])), "\(name)")
      #expect(operation == magic)
    }
    #expect(result.lanes(2) == result.lanes(1))
    #expect(result.statistics.total.sfuOperations == 2)
  }

  @Test func r4KeepsItsOldValueUntilTheResultLands() throws {
    let body = """
      mov r4, 5
      mov recip, rf1
      nop
      mov rf10, r4
      """
    let early = """
      mov r4, 5
      mov recip, rf1
      mov rf10, r4
      """
    let inputs: [UInt32] = Array(repeating: Float(4).bitPattern, count: 16)
    let result = try Harness.run(Harness.program(body, storing: ["rf10"]), a: inputs)
    #expect(result.lanes(0) == Array(repeating: Float(0.25).bitPattern, count: 16))
    let relaxed = try Harness.run(
      Harness.program(early, storing: ["rf10"]), a: inputs, strict: false)
    #expect(relaxed.lanes(0) == Array(repeating: 5, count: 16))
  }
}
