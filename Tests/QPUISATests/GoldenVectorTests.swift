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
