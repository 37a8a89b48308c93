import HandKernels
import QPUEmulator
import QPUISA
import Testing
import VCKIR

@testable import QPUBackend

/// Compares the compiled sgemm example with the hand-written `HandKernels.Sgemm` by
/// dynamic instruction count per 16×16×1 step (256 multiply-adds) on the emulator.
/// Prints the figures; the bound checked is the 1.5×.
@Suite struct SgemmMeasurement {
  static let n = 64

  @Test func compiledSgemmIsWithinOneAndAHalfOfHandWritten() throws {
    let n = Self.n
    let steps = Double(n * n * n) / 256
    let matrix = (0..<n * n).map { (Float($0 % 13) * 0.125 - 0.75).bitPattern }

    // Compiled: p = q = r = n, leading dimensions n, on 8 QPUs.
    let function = try ExampleTests.kernels("sgemm.vck")[0]
    let arguments: [KernelArgument] = [
      .u32(UInt32(n)), .u32(UInt32(n)), .u32(UInt32(n)), .buffer(0), .u32(UInt32(n)), .buffer(1),
      .u32(UInt32(n)), .buffer(2), .u32(UInt32(n)), .f32(0.75), .f32(-1.25),
    ]
    let run = try EmulatorHarness.run(
      function, arguments: arguments, buffers: [matrix, matrix, matrix], qpus: 8, optimise: false)
    #expect(run.emulated == run.interpreted)
    let compiled = Double(run.statistics.total.instructions) / steps

    // Hand-written: A, B, C, n, α, β; 8 batches.
    let memory = GPUMemory()
    let bases: [UInt32] = [0x10_0000, 0x20_0000, 0x30_0000]
    for base in bases {
      try memory.addBuffer(at: base, contents: EmulatorHarness.bytes(matrix))
    }
    let code = try Sgemm.program()
    try memory.addBuffer(
      at: EmulatorHarness.codeAddress, contents: code.flatMap(EmulatorHarness.bytes))
    let uniforms = bases + [UInt32(n), Float(0.75).bitPattern, Float(-1.25).bitPattern, 0]
    try memory.addBuffer(
      at: EmulatorHarness.uniformsAddress, contents: EmulatorHarness.bytes(uniforms))
    let configuration = try CSDConfiguration([
      8 << 16, 1 << 16, 1 << 16, 16 | 1 << 8, 7, EmulatorHarness.codeAddress,
      EmulatorHarness.uniformsAddress,
    ])
    let hand = try Emulator(memory: memory).run(configuration, strict: false)
    let handPerStep = Double(hand.total.instructions) / steps
    print(
      "sgemm \(n)x\(n)x\(n): compiled \(run.statistics.total.instructions) instructions "
        + "(\(compiled) per 16x16x1 step, \(run.statistics.total.dualIssued) dual-issued), "
        + "hand-written \(hand.total.instructions) (\(handPerStep) per step), "
        + "ratio \(compiled / handPerStep)")
    #expect(compiled <= 1.5 * handPerStep)
  }
}
