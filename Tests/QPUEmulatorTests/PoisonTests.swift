import QPUISA
import Testing

@testable import QPUEmulator

/// The opt-in poisoning of accumulators and flags at thread switches.
@Suite struct PoisonTests {
  @Test func poisoningBreaksCodeThatKeepsAccumulatorsAcrossThrsw() throws {
    let body = """
      eidx r3
      nop ; nop ; thrsw
      nop
      nop
      add rf10, r3, 1
      """
    let source = Harness.program(body, storing: ["rf10"])
    let memory = GPUMemory()
    try memory.addBuffer(
      at: Harness.codeBase, contents: Harness.bytes(try Assembler.assemble(source).words + [0]))
    try memory.addBuffer(
      at: Harness.uniformBase,
      contents: Harness.bytes([Harness.dataBase, Harness.inputA, Harness.inputB]))
    try memory.addBuffer(at: Harness.dataBase, size: Harness.dataSize)
    _ = try Emulator(memory: memory).run(try Harness.configuration(), poisonAtThreadSwitch: true)
    let bytes = memory.read(at: Harness.dataBase, count: 4) ?? []
    #expect(bytes != [1, 0, 0, 0])
    #expect(bytes == Harness.bytes([UInt32(0xDEAD_BEEF) &+ 4]))
  }
}
