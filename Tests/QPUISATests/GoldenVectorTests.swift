import Testing

@testable import QPUISA

@Suite struct GoldenVectorTests {
  @Test func everyGoldenWordPrintsMesaText() throws {
    for vector in goldenVectors {
      let instruction = try Instruction(decoding: vector.word)
      #expect(
        instruction.text(style: .mesa) == vector.mesaText,
        "0x\(String(vector.word, radix: 16))")
    }
  }
}

@Suite struct AssemblerRoundTripTests {
  @Test func goldenTextAssemblesToCanonicalWord() throws {
    for vector in goldenVectors {
      let instruction = try Instruction(decoding: vector.word)
      let text = instruction.text()
      let canonical = try instruction.encoded()
      do {
        let program = try Assembler.assemble(text)
        #expect(program.words == [canonical], "\(text)")
      } catch {
        Issue.record("\(text): \(error)")
      }
    }
  }
}
