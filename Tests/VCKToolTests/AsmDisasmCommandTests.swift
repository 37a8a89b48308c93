import Foundation
import Testing

@Suite struct AsmDisasmCommandTests {
  @Test func disasmPrintsOneLinePerWordAndAsmGivesTheWordsBack() throws {
    let words = """
      # Mesa test vectors
      0x3d003186bb800000
      3c20318105829000   // no 0x
      0x0216fe167301c8c0
      0x3ee03046bbe0001f
      """
    let disasm = try ToolRunner.run("vck", ["disasm"], input: words)
    #expect(disasm.status == 0)
    #expect(
      disasm.standardOutput == """
        nop                           ; nop                         ; ldvary.rf0
        fadd r1, r1, r5               ; nop                         ; thrsw
        bu.anya  zero_addr+0x7316fe10, rf35
        nop                           ; mov r1, r0                  ; rot(-1)

        """)
    let asm = try ToolRunner.run("vck", ["asm"], input: disasm.standardOutput)
    #expect(asm.status == 0)
    #expect(
      asm.standardOutput == """
        0x3d003186bb800000
        0x3c20318105829000
        0x0216fe167301c8c0
        0x3ee03046bbe0001f

        """)
  }

  @Test func mesaStyleDropsTheExtensions() throws {
    let result = try ToolRunner.run("vck", ["disasm", "--mesa"], input: "0x3ee03046bbe0001f\n")
    #expect(result.standardOutput == "nop                           ; mov r1, r0\n")
  }

  @Test func invalidInputGivesFileLineErrors() throws {
    let path = ToolRunner.temporaryPath("bad.hex")
    try "0x3c003186bb800000\nnot-hex\n0x0000000000000000\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    let result = try ToolRunner.run("vck", ["disasm", path])
    #expect(result.status != 0)
    #expect(result.standardError.contains("\(path):2: error: 'not-hex' is not a 64-bit"))
    #expect(result.standardError.contains("\(path):3: error: invalid instruction"))
    #expect(result.standardOutput.hasPrefix("nop"))

    let asm = try ToolRunner.run("vck", ["asm"], input: "nop\nfadd r0, r1\n")
    #expect(asm.status != 0)
    #expect(asm.standardError.contains("<stdin>:2: error: fadd takes 3 operand(s)"))
  }

  @Test func rawOutputAndBinaryInputRoundTrip() throws {
    let path = ToolRunner.temporaryPath("prog.bin")
    let source = "loop:\n add r0, r0, 1 ; nop ; ldtmu.r1\n b.anyna loop\n nop\n nop\n nop\n"
    let asm = try ToolRunner.run("vck", ["asm", "-o", path], input: source)
    #expect(asm.status == 0)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(bytes.count == 5 * 8)
    #expect(bytes.prefix(8) == Data([0x01, 0x80, 0x83, 0x38, 0x80, 0x71, 0xf0, 0x3f]))
    let listing = try ToolRunner.run("vck", ["disasm", "--binary", "--listing", path])
    #expect(listing.status == 0)
    #expect(listing.standardOutput.hasPrefix("L0:\n  0x0000  3ff0718038838001  add r0, r0, 1"))
    #expect(listing.standardOutput.contains("b.anyna  -40  // -> L0"))
  }
}

@Suite struct InfoCommandTests {
  @Test func infoDescribesTheEmulatorDevice() throws {
    let result = try ToolRunner.run("vck", ["info"], environment: ["VCK_DEVICE": "emulator"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("QPU emulator (emulator)"))
    #expect(result.standardOutput.contains("QPUs:        8 (2 slices × 4)"))
    let bad = try ToolRunner.run("vck", ["info"], environment: ["VCK_DEVICE": "gpu"])
    #expect(bad.status != 0)
    #expect(bad.standardError.contains("VCK_DEVICE=gpu is not a device"))
  }
}
