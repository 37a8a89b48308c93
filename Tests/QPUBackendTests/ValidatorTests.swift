import QPUISA
import Testing

/// The static validator flags each pipeline rule on a small program that breaks it, and
/// accepts the same program once it is fixed.
@Suite struct ValidatorTests {
  /// Assembles text lines, then appends the standard thread-end sequence.
  static func program(_ lines: [String], end: Bool = true) throws -> [Instruction] {
    var builder = ProgramBuilder()
    for line in lines {
      if line.hasSuffix(":") {
        _ = builder.label(String(line.dropLast()))
      } else {
        try builder.emit(assembly: line)
      }
    }
    if end { builder.endProgram() }
    return try builder.assemble().words.map { try Instruction(decoding: $0) }
  }

  static func rules(_ lines: [String], end: Bool = true) throws -> Set<String> {
    Set(ProgramValidator().violations(in: try program(lines, end: end)).map(\.rule.identifier))
  }

  @Test func cleanProgramPasses() throws {
    #expect(
      try Self.rules([
        "eidx r0", "add rf1, r0, 1", "nop ; mov tmud, rf1", "nop ; mov tmua, rf2", "tmuwt -",
      ]).isEmpty)
  }

  @Test func missingEndIsReported() throws {
    #expect(try Self.rules(["nop"], end: false).contains("program-end"))
  }

  @Test(
    arguments: [
      (["nop ; mov recip, rf1", "or rf2, r4, r4"], "sfu-r4-too-soon"),
      (["nop ; mov r0, 1", "nop ; mov r1, r0 ; rot(1)"], "rotate-after-write"),
      (["nop ; nop ; ldunif", "nop ; mov r1, r0 ; rot(r5)"], "rotate-after-write"),
      (["b.anya L1", "nop ; nop ; ldunif", "nop", "nop", "L1:", "nop"], "branch-delay-slot"),
      (["or tmud, r0, r0 ; mov tmua, r1"], "one-peripheral-access"),
      (["nop ; mov tmua, r1 ; ldtmu.r0"], "tmu-write-with-ldtmu"),
      (["nop ; nop ; thrsw", "b L1", "nop", "nop", "nop", "L1:", "nop"], "thrsw-delay-slot"),
      (["nop ; nop ; thrsw", "nop", "nop ; nop ; thrsw"], "thrsw-too-close"),
      (
        ["nop ; multop -, r0, r1", "nop ; nop ; thrsw", "nop", "nop", "nop ; umul24 r0, r0, r1"],
        "rtop-across-thrsw"
      ),
      (["nop ; mov tmud, r0", "nop ; mov tmua, r1"], "stores-not-waited"),
      (
        ["nop ; mov r0, 1", "nop ; nop ; thrsw", "nop", "nop", "add r1, r0, 1"],
        "accumulator-after-thrsw"
      ),
    ] as [([String], String)])
  func ruleIsReported(_ lines: [String], _ rule: String) throws {
    let found = try Self.rules(lines)
    #expect(found.contains(rule), "\(lines) should break \(rule), found \(found)")
  }

  @Test func tmuFIFOOverflowIsReported() throws {
    let requests = (0..<9).map { _ in "nop ; mov tmua, rf1" }
    let pops = (0..<9).map { _ in "nop ; nop ; ldtmu.r0" }
    #expect(try Self.rules(requests + pops).contains("tmu-fifo-overflow"))
    #expect(
      try !Self.rules(Array(requests.prefix(8)) + pops.prefix(8)).contains("tmu-fifo-overflow"))
  }

  @Test func threadEndSlotRules() throws {
    var instructions = try Self.program(["nop"])
    // Put a register-file write into the thread end's first delay slot.
    let end = instructions.lastIndex {
      if case .alu(let alu) = $0 { return alu.signals.contains(.thrsw) } else { return false }
    }!
    let write = try Self.program(["nop ; mov rf3, 1"], end: false)[0]
    instructions[end + 1] = write
    let rules = ProgramValidator().violations(in: instructions).map(\.rule.identifier)
    #expect(rules.contains("thread-end-slot"))
  }

  @Test func everyRuleHasASourceAndKind() {
    #expect(PipelineRule.all.count == Set(PipelineRule.all.map(\.identifier)).count)
    for rule in PipelineRule.all {
      #expect(!rule.source.isEmpty && !rule.summary.isEmpty)
    }
  }
}
