import Testing

@testable import QPUEmulator

/// Uniform streams, r5 broadcasts and rotation (semantics.md §6, §7, §13).
@Suite struct SignalTests {
  let u = Harness.uniformBase

  @Test func uniformsGoToR5AndToAnyDestination() throws {
    let source = """
      eidx r1 ; nop ; ldunif
      shl r1, r1, 2
      mov rf63, r5 ; nop ; ldunif
      add rf63, rf63, r1 ; mov rf10, r5 ; ldunifrf.rf11
      nop ; nop ; ldunifrf.r2
      mov rf62, 8
      shl rf62, rf62, 3
      mov rf12, r2

      """ + Harness.epilogue(["rf10", "rf11", "rf12"])
    let result = try Harness.run(source, uniforms: [Harness.dataBase, 111, 222, 0xDEAD_BEEF])
    #expect(result.lanes(0) == Array(repeating: 111, count: 16))
    #expect(result.lanes(1) == Array(repeating: 222, count: 16))
    #expect(result.lanes(2) == Array(repeating: 0xDEAD_BEEF, count: 16))
  }

  @Test func unifaStreamAfterThreeInstructions() throws {
    // uniforms: [data base, address of the table]; the table follows at u + 16.
    let source = """
      eidx r1 ; nop ; ldunif
      shl r1, r1, 2
      mov rf63, r5 ; nop ; ldunif
      mov unifa, r5
      add rf63, rf63, r1
      mov rf62, 8
      shl rf62, rf62, 3
      nop ; nop ; ldunifa
      mov rf10, r5 ; nop ; ldunifarf.rf11
      nop ; nop ; ldunifa
      mov rf12, r5 ; nop ; ldunif
      mov rf13, r5

      """ + Harness.epilogue(["rf10", "rf11", "rf12", "rf13"])
    let result = try Harness.run(
      source, uniforms: [Harness.dataBase, u + 16, 777, 0, 10, 20, 30, 40])
    #expect(result.lanes(0) == Array(repeating: 10, count: 16))
    #expect(result.lanes(1) == Array(repeating: 20, count: 16))
    #expect(result.lanes(2) == Array(repeating: 30, count: 16))
    // The main stream is independent: its third word.
    #expect(result.lanes(3) == Array(repeating: 777, count: 16))
  }

  @Test func r5WritesBroadcastPerQuadAndR5repFully() throws {
    let body = """
      eidx r0
      add r0, r0, 10
      mov r5, r0
      mov rf10, r5
      mov r5rep, r0
      mov rf11, r5
      """
    let result = try Harness.run(Harness.program(body, storing: ["rf10", "rf11"]))
    let quads: [UInt32] = (0..<16).map { (lane: Int) -> UInt32 in UInt32((lane & ~3) + 10) }
    #expect(result.lanes(0) == quads)
    #expect(result.lanes(1) == Array(repeating: 10, count: 16))
  }

  @Test(arguments: [1, 3, 7, 15, -1, -16])
  func fullRotationOfAccumulators(_ amount: Int) throws {
    let body = """
      eidx r0
      mul24 r0, r0, 3
      nop
      nop ; mov rf10, r0 ; rot(\(amount))
      """.replacingOccurrences(of: "mul24 r0, r0, 3", with: "shl r0, r0, 3")
    let result = try Harness.run(Harness.program(body, storing: ["rf10"]))
    let n = ((amount % 16) + 16) % 16
    let expected: [UInt32] = (0..<16).map { (lane: Int) -> UInt32 in UInt32(((lane - n) & 15) * 8) }
    #expect(result.lanes(0) == expected)
  }

  @Test func quadRotationOfRegisterFileAndRotationByR5() throws {
    let body = """
      eidx rf20
      mov r5, 3
      nop
      nop ; mov rf10, rf20 ; rot(1)
      eidx r2
      nop
      nop ; mov rf11, r2 ; rot(r5)
      nop ; mov r5rep, r2 ; rot(-2)
      mov rf12, r5
      """
    let result = try Harness.run(Harness.program(body, storing: ["rf10", "rf11", "rf12"]))
    let rotated: [UInt32] = (0..<16).map { (lane: Int) -> UInt32 in
      UInt32((lane & ~3) | ((lane - 1) & 3))
    }
    #expect(result.lanes(0) == rotated)
    #expect(result.lanes(1) == (0..<16).map { UInt32(($0 - 3) & 15) })
    // mov r5rep with rot(-2): lane 0 reads lane 2 → broadcast of 2.
    #expect(result.lanes(2) == Array(repeating: 2, count: 16))
  }

  @Test func readBeforeWriteWithinAnInstruction() throws {
    let body = """
      eidx r0
      add r0, r0, 1 ; mov rf10, r0
      mov rf11, r5 ; nop ; ldunif
      mov rf12, r5
      """
    let result = try Harness.run(
      Harness.program(body, storing: ["rf10", "rf11", "rf12"]),
      uniforms: [Harness.dataBase, Harness.inputA, Harness.inputB, 4242])
    #expect(result.lanes(0) == (0..<16).map { UInt32($0) })
    #expect(result.lanes(1) == Array(repeating: Harness.inputB, count: 16))
    #expect(result.lanes(2) == Array(repeating: 4242, count: 16))
  }

  /// test_uniform_branch_* write uniforms straight into tmud with ldunifrf.
  @Test func ldunifrfIntoAMagicRegister() throws {
    let source =
      Harness.prologue + """
        nop ; nop ; ldunifrf.tmud
        mov tmua, rf63
        tmuwt -

        """ + Harness.end
    let result = try Harness.run(
      source, uniforms: [Harness.dataBase, Harness.inputA, Harness.inputB, 0x1234_5678])
    #expect(result.lanes(0) == Array(repeating: 0x1234_5678, count: 16))
  }
}
