import QPUISA
import Testing

@testable import QPUEmulator

/// Branches: delay slots, conditions, targets, link register and uniform
/// redirects (semantics.md §10).
@Suite struct BranchTests {
  func address(of label: String, in source: String) throws -> UInt32 {
    let program = try Assembler.assemble(source)
    return Harness.codeBase + UInt32((program.labels[label] ?? 0) * 8)
  }

  @Test func loopRunsDelaySlotsEveryIteration() throws {
    let body = """
      mov rf10, 5
      mov rf11, 0
      mov rf12, 0
      loop:
      sub.pushz rf10, rf10, 1
      b.anyna loop
      add rf11, rf11, 1
      nop
      nop
      add rf12, rf12, 1
      """
    let result = try Harness.run(Harness.program(body, storing: ["rf10", "rf11", "rf12"]))
    #expect(result.lanes(0) == Array(repeating: 0, count: 16))
    #expect(result.lanes(1) == Array(repeating: 5, count: 16))
    #expect(result.lanes(2) == Array(repeating: 1, count: 16))
  }

  @Test func callAndReturnThroughTheLinkRegister() throws {
    let source =
      Harness.prologue + """
        mov rf14, 0
        b function, link
        nop
        nop
        nop
        back:
        add rf14, rf14, 1

        """ + Harness.epilogue(["rf13", "rf14"]) + """
        function:
        lr rf13
        b lri
        add rf14, rf14, 2
        nop
        nop

        """
    let result = try Harness.run(source)
    let back = try address(of: "back", in: source)
    #expect(result.lanes(0) == Array(repeating: back, count: 16))
    #expect(result.lanes(1) == Array(repeating: 3, count: 16))
  }

  @Test func registerTargetUsesTheRegisterValue() throws {
    let source =
      Harness.prologue + """
        nop ; nop ; ldunifrf.rf20
        mov rf10, 0
        b rf20
        nop
        nop
        nop
        mov rf10, 1
        there:
        add rf10, rf10, 2

        """ + Harness.epilogue(["rf10"])
    let target = try address(of: "there", in: source)
    let result = try Harness.run(
      source, uniforms: [Harness.dataBase, Harness.inputA, Harness.inputB, target])
    #expect(result.lanes(0) == Array(repeating: 2, count: 16))
  }

  /// Flag A patterns (1 = set) and which conditions take the branch.
  static let patterns: [([UInt32], Set<String>)] = [
    (Array(repeating: 1, count: 16), ["a0", "alla", "anya"]),
    (Array(repeating: 0, count: 16), ["na0", "anyna", "allna"]),
    ([1] + Array(repeating: 0, count: 15), ["a0", "anya", "anyna"]),
    ([0] + Array(repeating: 1, count: 15), ["na0", "anya", "anyna"]),
  ]

  @Test(arguments: 0..<4, ["a0", "na0", "alla", "anyna", "anya", "allna"])
  func conditionsTestFlagA(_ pattern: Int, _ condition: String) throws {
    let (flags, taken) = Self.patterns[pattern]
    let body = """
      mov rf10, 0
      sub.pushz -, rf1, 1
      b.\(condition) skip
      nop
      nop
      nop
      mov rf10, 1
      skip:
      nop
      """
    let result = try Harness.run(Harness.program(body, storing: ["rf10"]), a: flags)
    let expected: UInt32 = taken.contains(condition) ? 0 : 1
    #expect(result.lanes(0) == Array(repeating: expected, count: 16), "\(condition) \(flags)")
  }

  @Test(arguments: ["a:unif", "r:unif", "rf21"])
  func uniformBranchRedirectsTheStream(_ target: String) throws {
    // The fourth uniform feeds the redirect; the stream continues at u + 32.
    let u = Harness.uniformBase
    let source =
      Harness.prologue + """
        nop ; nop ; ldunifrf.rf21
        bu next, \(target)
        nop
        nop
        nop
        next:
        nop ; nop ; ldunif
        mov rf10, r5

        """ + Harness.epilogue(["rf10"])
    var uniforms: [UInt32] = [Harness.dataBase, Harness.inputA, Harness.inputB]
    switch target {
    case "a:unif": uniforms += [0, u + 32, 0, 0, 0, 999]
    case "r:unif": uniforms += [0, 12, 0, 0, 0, 999]
    default: uniforms += [u + 32, 0, 0, 0, 0, 999]
    }
    let result = try Harness.run(source, uniforms: uniforms)
    #expect(result.lanes(0) == Array(repeating: 999, count: 16))
  }
}
