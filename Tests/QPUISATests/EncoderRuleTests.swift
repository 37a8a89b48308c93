import Testing

@testable import QPUISA

/// Negative tests: one per encoding rule of encoding.md §13.1. Each builds a
/// model the hardware cannot encode and checks the error says why.
@Suite struct EncoderRuleTests {
  func error(_ text: String) -> String {
    do {
      _ = try Assembler.assemble(text)
      return ""
    } catch {
      return error.diagnostics.map(\.message).joined(separator: "\n")
    }
  }

  func error(_ instruction: ALUInstruction) -> EncodingError? {
    do {
      _ = try instruction.encoded()
      return nil
    } catch {
      return error
    }
  }

  @Test func threeRegisterFileReads() {
    #expect(error("add rf1, rf2, rf3 ; add rf4, rf5, r0").contains("two read ports"))
  }

  @Test func smallImmediateTakesRaddrB() {
    #expect(error("add rf1, rf2, 3 ; mov rf4, rf5").contains("raddr_b holds the small immediate"))
    #expect(error("add rf1, 1, 2").contains("two different small immediates"))
  }

  @Test func valueThatIsNotASmallImmediate() {
    #expect(error("add rf1, rf2, 16").contains("not a small immediate"))
    #expect(error("fadd rf1, rf2, 3.0").contains("not a small immediate"))
    var instruction = ALUInstruction(
      add: AddOperation(.add, destination: .register(1), a: Source(.a), b: Source(.b)),
      signals: [.smallImmediate], raddrB: 50)
    #expect(error(instruction).map { "\($0)" }?.contains("index 50") == true)
    instruction.raddrB = 47
    #expect(error(instruction) == nil)
  }

  @Test func smallImmediateWithIncompatibleSignal() {
    #expect(error("add rf1, rf2, 3 ; nop ; thrsw").contains("smimm combines only"))
    #expect(error("add rf1, rf2, 3 ; nop ; ldtmu.r0") == "")
    #expect(error("add rf1, rf2, 3 ; nop ; ldvary.r0") == "")
  }

  @Test func signalCombinationsOutsideTheTable() {
    #expect(error("nop ; nop ; thrsw ; ldunifa").contains("has no encoding"))
    #expect(error("nop ; nop ; ldunif ; ldunifa").contains("has no encoding"))
    #expect(error("nop ; nop ; ldtmu.r0 ; ldvary.r1").contains("two signals that write"))
    #expect(error("nop ; mov r0, r1 ; rot(1) ; thrsw").contains("has no encoding"))
  }

  @Test func writeAddressSignalExcludesFlags() {
    #expect(error("add.pushz r0, r1, r2 ; nop ; ldtmu.r3").contains("cond field holds"))
    #expect(error("nop ; mov.ifa r0, r1 ; ldunifrf.rf3").contains("cond field holds"))
  }

  @Test func conflictingConditions() {
    #expect(error("add.ifa.pushz r0, r1, r2").contains("only one of"))
    #expect(error("add.pushz r0, r1, r2 ; sub.pushn r3, r1, r2").contains("has no encoding"))
    #expect(error("add.andz r0, r1, r2 ; sub.andn r3, r1, r2").contains("has no encoding"))
    #expect(error("add.ifa r0, r1, r2 ; sub.andz r3, r1, r2").contains("has no encoding"))
    #expect(error("add.andz r0, r1, r2 ; sub.ifa r3, r1, r2") == "")
  }

  @Test func operandOrderRule() throws {
    #expect(error("faddnf r0, r1, r1").contains("with itself"))
    #expect(error("fmax r0, r1.abs, r1.abs").contains("with itself"))
    // Same register through both ports is fine.
    let word = try Assembler.assemble("fmax r0, rf3, rf3").words[0]
    #expect(try Instruction(decoding: word).text().hasPrefix("fmax r0, rf3, rf3"))
    // fadd with operands in the faddnf order is rewritten, not refused.
    let swapped = try Assembler.assembleInstruction("fadd r0, r2, r1")
    #expect(swapped.text().hasPrefix("fadd r0, r1, r2"))
  }

  @Test func modifierLegality() {
    #expect(error("vfpack r0, r1.abs, r2").contains("does not accept unpack"))
    #expect(
      error("ftoin r0.l, r1").contains("unknown destination")
        || error("ftoin r0.l, r1").contains("output pack"))
    #expect(error("add r0, r1.abs, r2").contains("does not accept unpack"))
    #expect(error("vfmin r0, r1, r2.ll").contains("operand B"))
    #expect(error("itof r0, r1.l").contains("does not accept unpack"))
    #expect(error("fround r0, r1.abs").contains("does not accept unpack"))
    #expect(error("nop ; vfmul r0, r1, r2.swp").contains("operand B"))
    #expect(error("fmul r0, r1, r2").contains("unknown add operation"))
  }

  @Test func waitsMayOmitTheirDiscardDestination() throws {
    #expect(try Assembler.assembleInstruction("tmuwt") == Assembler.assembleInstruction("tmuwt -"))
    #expect(error("tidx").contains("takes 1 operand"))
  }

  @Test func operandCounts() {
    #expect(error("add r0, r1").contains("takes 3 operand"))
    #expect(error("tidx r0, r1").contains("takes 1 operand"))
    #expect(error("nop ; mov r0, r1, r2").contains("takes 2 operand"))
    #expect(error("stvpmv r0, r1, r2").contains("takes 2 operand"))
  }

  @Test func vpmDestinations() {
    #expect(error("ldvpmv_in tmua, r1").contains("register-file entry"))
    #expect(error("ldvpmp r5, r1").contains("register-file entry"))
    #expect(error("ldvpmg_out rf3, r1, r2") == "")
    #expect(error("vpmsetup -, r0").contains("cannot read r0"))
  }

  @Test func undefinedMagicRegistersHaveNoName() {
    #expect(error("add waddr, r1, r2").contains("unknown destination"))
    #expect(error("add rf64, r1, r2").contains("does not exist"))
    #expect(error("add r6, r1, r2").contains("unknown destination"))
    #expect(error("add r0, r6, r2").contains("does not exist"))
  }

  @Test func branchRules() {
    #expect(error("bu  rf3, rf4").contains("share raddr_a"))
    #expect(error("b  12").contains("multiple of 8"))
    #expect(error("bu  lri").contains("uniform target"))
    #expect(error("b  nowhere").contains("undefined label"))
    #expect(error("b.anyna  lri, a:unif").contains("one target"))
    #expect(error("bu  rf3, rf3") == "")
  }

  @Test func rotationRules() {
    #expect(error("nop ; mov r0, rf3 ; rot(3)") == "")
    #expect(error("nop ; add r0, rf3, rf4 ; rot(3)").contains("rotate amount"))
    #expect(error("nop ; add r0, r1, 2 ; rot(3)").contains("rot"))
    #expect(error("nop ; mov r0, r1 ; rot(16)").contains("rotate amount"))
    #expect(error("nop ; mov r0, r1 ; rot(0)").contains("rotate amount"))
  }

  @Test func raddrOutOfRange() {
    let instruction = ALUInstruction(
      add: AddOperation(.add, destination: .register(1), a: Source(.a), b: Source(.r0)),
      raddrA: 64)
    #expect(error(instruction) == .outOfRange("raddr_a 64 is out of range 0…63"))
  }

  @Test func missingOrExtraSignalDestination() {
    #expect(
      error(ALUInstruction(signals: [.ldtmu])) == .invalidSignals("ldtmu needs a destination"))
    if case .invalidSignals? = error(
      ALUInstruction(signals: [.thrsw], signalDestination: .register(1)))
    {
    } else {
      Issue.record("a destination without an address-writing signal must be refused")
    }
  }
}
