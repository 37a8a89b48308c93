import QPUISA
import Testing

@testable import QPUBackend

/// `vckc --stats`' per-loop figures: loops are found from backward branches and counted
/// from the back edge's target through its delay slots.
@Suite struct LoopStatisticsTests {
  @Test func countsTheInstructionsOfNestedLoops() throws {
    let program = try Assembler.assemble(
      """
      nop ; nop ; ldunifrf.rf1
      outer:
      mov r1, 0 ; nop
      inner:
      add r1, r1, 1 ; fmul r2, r2, r2
      mov tmua, rf1 ; nop
      nop ; nop ; ldtmu.r3
      sub.pushz -, r1, 4 ; nop
      b.anyna inner
      nop
      nop
      nop
      mov tmud, r3 ; nop
      mov tmua, rf1 ; nop ; thrsw
      tmuwt -
      sub.pushz rf1, rf1, 1 ; nop
      b.anyna outer
      add r0, r0, 1 ; umul24 r2, r2, r2
      nop
      nop
      """)
    let loops = LoopStatistics.loops(of: program.words)
    #expect(loops.count == 2)
    let outer = try #require(loops.first)
    let inner = try #require(loops.last)
    #expect(outer.firstInstruction == 1 && outer.backEdge == 14 && outer.depth == 0)
    #expect(inner.firstInstruction == 2 && inner.backEdge == 6 && inner.depth == 1)
    // inner: add/fmul, tmua, ldtmu, sub.pushz, branch, 3 delay slots.
    #expect(inner.instructions == 8)
    #expect(inner.dualIssued == 1)
    #expect(inner.nops == 3)
    #expect(inner.branches == 1)
    #expect(inner.tmuLookups == 1 && inner.tmuResultReads == 1 && inner.tmuDataWrites == 0)
    #expect((inner.dualIssueRatio * 4).rounded() == 1)
    // outer: everything from `mov r1, 0` through the outer branch's delay slots.
    #expect(outer.instructions == 17)
    #expect(outer.dualIssued == 2)
    #expect(outer.nops == 5)
    #expect(outer.branches == 2)
    #expect(outer.tmuLookups == 2 && outer.tmuDataWrites == 1 && outer.tmuWaits == 1)
    #expect(outer.threadSwitches == 1)
    #expect("\(inner)".hasPrefix("8 instructions, 1 dual-issued (25.0%), 3 nops"))
  }

  @Test func straightLineCodeHasNoLoops() throws {
    let program = try Assembler.assemble("add r0, r0, 1 ; nop\nnop\n")
    #expect(LoopStatistics.loops(of: program.words).isEmpty)
  }
}
