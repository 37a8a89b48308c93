import Testing

@testable import QPUISA

/// The builder reproduces the words py-videocore6's assembler produces for
/// the same programs (encoding.md §12.3/§12.4), with Mesa's canonical branch
/// form where the two differ.
@Suite struct BuilderTests {
  func word(_ build: (inout ProgramBuilder) -> Void) throws -> UInt64 {
    var builder = ProgramBuilder()
    build(&builder)
    return try builder.assemble().words[0]
  }

  @Test func aluInstructionsMatchPyVideoCore6() throws {
    #expect(try word { $0.emit(.fadd(.r0, .r1, .r2)) } == 0x3c00_3180_0581_1000)
    #expect(try word { $0.emit(.faddnf(.r0, .r1, .r2)) } == 0x3c00_3180_0580_a000)
    #expect(try word { $0.emit(.fmin(.rf(10), .rf(11), .r1)) } == 0x3c00_218a_8583_12c0)
    #expect(try word { $0.emit(.fmax(.rf(10), .rf(11), .r1)) } == 0x3c00_218a_8580_e2c0)
    #expect(try word { $0.emit(.add(.rf(1), .rf(2), 3)) } == 0x3de0_2181_3883_e083)
    #expect(try word { $0.emit(.sub(.r0, .r0, -1)) } == 0x3de0_3180_3c83_801f)
    #expect(try word { $0.emit(.mov(.r0, 1.0)) } == 0x3de0_3180_b683_f028)
    #expect(
      try word { $0.emit(.nop, .sub(.rf(63), .rf(62), .immediate(0x3f80_0000))) }
        == 0x09e0_1fc6_bbf8_0fa8)
    #expect(try word { $0.emit(.nop, .mov(.rf(20), 0.5)) } == 0x3de0_1506_bbfc_0027)
    #expect(try word { $0.emit(.eidx(.r0), signals: .ldunif) } == 0x3c40_3180_bb80_2000)
    #expect(try word { $0.emit(.shl(.r3, 4, 4), .mov(.rf(1), .r5)) } == 0x3de0_1043_7cf7_f004)
    #expect(
      try word { $0.emit(.mov(.tmua, .rf(0)), .add(.rf(0), .rf(0), .r3), signals: .thrsw) }
        == 0x0420_100c_b67b_6000)
    #expect(try word { $0.emit(.mov(.tmud, .r1), .mov(.tmua, .rf(1))) } == 0x3c00_330b_b6f8_9040)
    #expect(
      try word { $0.emit(.and(.r1, .rf(2), .rf(3)), .fmul(.rf(4), .rf(2), .rf(3))) }
        == 0x5400_1101_b5fb_e083)
  }

  @Test func signalsModifiersAndRotation() throws {
    #expect(try word { $0.emit(signals: .ldtmu, to: .r0) } == 0x3c90_3186_bb80_0000)
    #expect(
      try word { $0.emit(.nop, .add(.r1, .r0, .r0), rotate: .by(3)) } == 0x06e0_3046_bb00_0003)
    #expect(try word { $0.emit(.nop, .mov(.r1, .r0), rotate: .by(-1)) } == 0x3ee0_3046_bbe0_001f)
    #expect(try word { $0.emit(.nop, .mov(.r1, .r0), rotate: .byR5) } == 0x3ee0_3046_bbe0_0000)
    #expect(try word { $0.emit(.nop, .mov(.r1, .rf(32)), rotate: .by(1)) } == 0x3ee0_3046_bbf8_0801)
    #expect(
      try word {
        $0.emit(.fsub(.rf(1), .rf(2).abs, .rf(3).unpacked(.low)).packed(.low))
      } == 0x3c00_2181_5283_e083)
    #expect(
      try word { $0.emit(.fadd(.rf(1), .rf(2).unpacked(.low), 2.0).packed(.high)) }
        == 0x3de0_2181_2683_70a9)
    #expect(try word { $0.emit(.nop, .fmov(.r1, .r2).packed(.low)) } == 0x3800_3046_bba8_0000)
    #expect(
      try word { $0.emit(.fcmp(.discard, .r0, .r1).push(.pushc), .fmul(.rf(4), .r0, .r1)) }
        == 0x5400_d106_c520_8000)
    #expect(
      try word {
        $0.emit(
          .fadd(.r0, .r0, .r0).push(.pushz), .fmul(.rf(3), .r4, .r5).condition(.ifa),
          signals: .ldunif)
      } == 0x544c_50c0_05b0_0000)
  }

  @Test func branchesResolveLabelsRelativeToTheDelaySlots() throws {
    var builder = ProgramBuilder()
    let top = builder.label("top")
    builder.nop(4)
    builder.branch(to: top, if: .anyna)  // index 4: offset (0 − 8)·8 = −64
    let after = builder.newLabel("after")
    builder.branch(to: after, uniformTarget: .relative)
    builder.nop(3)
    builder.bind(after)  // index 9: offset (9 − 9)·8 = 0
    builder.endProgram()
    let program = try builder.assemble()
    #expect(program.instructions[4].text() == "b.anyna  -64")
    #expect(program.instructions[5].text() == "bu  0, r:unif")
    #expect(program.labels == ["top": 0, "after": 9])
    #expect(program.address(of: "after", codeBase: 0x1000) == 0x1048)
    #expect(program.address(of: "nowhere", codeBase: 0x1000) == nil)
    #expect(program.words.count == 17)
  }

  @Test func textAndTypedInstructionsMix() throws {
    var builder = ProgramBuilder()
    _ = builder.label("loop")
    try builder.emit(assembly: "sub.pushz rf1, rf1, r1 ; nop ; ldunif")
    try builder.emit(assembly: "b.anyna loop")
    builder.nop(3)
    let program = try builder.assemble()
    #expect(program.labels["loop"] == 0)
    #expect(program.instructions[1].text() == "b.anyna  -40")
  }

  @Test func errorsNameTheInstruction() {
    var builder = ProgramBuilder()
    builder.nop()
    builder.emit(.add(.rf(1), .rf(2), .rf(3)), .add(.rf(4), .rf(5), .r0))
    builder.branch(to: builder.newLabel("nowhere"))
    do {
      _ = try builder.assemble()
      Issue.record("expected errors")
    } catch {
      #expect(error.diagnostics.map(\.line) == [2, 3])
      #expect(error.diagnostics[1].message.contains("never bound"))
    }
  }
}
