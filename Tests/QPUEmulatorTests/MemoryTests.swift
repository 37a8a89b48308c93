import QPUISA
import Testing

@testable import QPUEmulator

/// GPU memory: mapped caller buffers, and the job-start view that code and
/// uniforms are read from.
@Suite struct MemoryTests {
  @Test func mappedBufferIsWrittenInPlace() throws {
    let source = """
      eidx r1 ; nop ; ldunif
      shl r1, r1, 2
      mov tmud, r1
      add tmua, r5, r1
      tmuwt -

      """ + Harness.end
    let memory = GPUMemory()
    try memory.addBuffer(
      at: Harness.codeBase, contents: Harness.bytes(try Assembler.assemble(source).words))
    try memory.addBuffer(at: Harness.uniformBase, contents: Harness.bytes([Harness.dataBase]))
    let data = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 16)
    defer { data.deallocate() }
    data.initializeMemory(as: UInt8.self, repeating: 0xEE)
    try memory.addBuffer(at: Harness.dataBase, mapping: data)
    _ = try Emulator(memory: memory).run(try Harness.configuration())
    let words = (0..<16).map { data.load(fromByteOffset: 4 * $0, as: UInt32.self) }
    #expect(words == (0..<16).map { UInt32($0 * 4) })
  }

  @Test func storesOverCodeDoNotChangeTheRunningProgram() throws {
    // The program overwrites its own instruction at `patched` with a word that
    // would store 99; the instruction fetch still sees the original.
    let source = """
      nop ; nop ; ldunifrf.rf20
      nop ; nop ; ldunifrf.rf21
      nop ; nop ; ldunifrf.rf22
      mov tmud, rf21
      mov tmua, rf20
      mov tmud, rf22
      add r0, rf20, 4
      mov tmua, r0
      tmuwt -
      patched:
      mov rf10, 1
      eidx r1 ; nop ; ldunif
      shl r1, r1, 2
      mov tmud, rf10
      add tmua, r5, r1
      tmuwt -

      """ + Harness.end
    let program = try Assembler.assemble(source)
    let patchedAddress = Harness.codeBase + UInt32((program.labels["patched"] ?? 0) * 8)
    let replacement = try Assembler.assemble("mov rf10, 15").words[0]
    let result = try Harness.run(
      words: program.words,
      uniforms: [
        patchedAddress, UInt32(truncatingIfNeeded: replacement),
        UInt32(truncatingIfNeeded: replacement >> 32), Harness.dataBase,
      ])
    #expect(result.lanes(0) == Array(repeating: 1, count: 16))
    let code = result.memory.read(at: patchedAddress, count: 8) ?? []
    #expect(code == Harness.bytes([replacement]))
  }
}
