import HandKernels
import Testing

@testable import V3DRuntime

/// The hand-written example kernels at small sizes, on the emulator device,
/// against results computed here.
@Suite struct HandKernelTests {
  let device = Device.emulator()

  @Test func memset() throws {
    let words = 4 * Memset.wordsPerIteration
    let buffer = try device.makeBuffer(of: UInt32.self, count: words + 16)
    let program = try device.makeProgram(try Memset.program())
    try device.launch(program, uniforms: [buffer.gpuAddress, 4, 0xCAFE_F00D], batches: 8)
    #expect(buffer.prefix(words).allSatisfy { $0 == 0xCAFE_F00D })
    #expect(buffer.suffix(16).allSatisfy { $0 == 0 })  // nothing past the end
  }

  @Test func scopy() throws {
    let words = 3 * Scopy.wordsPerIteration
    let source = try device.makeBuffer((0..<words).map { Float($0) * 0.5 - 7 })
    let destination = try device.makeBuffer(of: Float.self, count: words)
    let program = try device.makeProgram(try Scopy.program())
    try device.launch(
      program, uniforms: [source.gpuAddress, destination.gpuAddress, 3], batches: 8)
    #expect(destination.array == source.array)
  }

  @Test func summation() throws {
    let words = 5 * Summation.wordsPerIteration
    var generator = SystemRandomNumberGenerator()
    let values = (0..<words).map { _ in UInt32.random(in: 0...UInt32.max, using: &generator) }
    let source = try device.makeBuffer(values)
    let partials = try device.makeBuffer(of: UInt32.self, count: 128)
    let program = try device.makeProgram(try Summation.program())
    try device.launch(program, uniforms: [source.gpuAddress, partials.gpuAddress, 5], batches: 8)
    let expected = values.reduce(UInt32(0), &+)
    #expect(partials.reduce(UInt32(0), &+) == expected)
  }

  @Test func sgemm() throws {
    let n = 64
    var generator = SystemRandomNumberGenerator()
    func matrix() -> [Float] {
      (0..<n * n).map { _ in Float.random(in: -1...1, using: &generator) }
    }
    let (a, b, c) = (matrix(), matrix(), matrix())
    let (alpha, beta): (Float, Float) = (0.75, -1.25)
    let bufferA = try device.makeBuffer(a)
    let bufferB = try device.makeBuffer(b)
    let bufferC = try device.makeBuffer(c)
    let program = try device.makeProgram(try Sgemm.program())
    try device.launch(
      program,
      uniforms: [
        bufferA.gpuAddress, bufferB.gpuAddress, bufferC.gpuAddress, UInt32(n), alpha.bitPattern,
        beta.bitPattern,
      ], batches: 8)
    var maxError: Float = 0
    for i in 0..<n {
      for j in 0..<n {
        var sum: Float = 0
        for k in 0..<n { sum += a[i * n + k] * b[k * n + j] }
        let expected = alpha * sum + beta * c[i * n + j]
        maxError = max(maxError, abs(bufferC[i * n + j] - expected))
      }
    }
    #expect(maxError < 1e-4)
  }

  @Test func gpuClockRunsItsLoop() throws {
    let program = try device.makeProgram(try GPUClock.program())
    let result = try device.launch(program, uniforms: [1000], batches: 1)
    let instructions: UInt64 = result.counters["instructions"] ?? 0
    #expect(instructions >= UInt64(1000 * GPUClock.instructionsPerIteration))
    #expect(instructions < UInt64(1000 * GPUClock.instructionsPerIteration + 30))
  }
}
