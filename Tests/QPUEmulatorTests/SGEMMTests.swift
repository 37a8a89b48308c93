import Testing

@testable import QPUEmulator

/// The benchmark's hand-written sgemm kernel at small sizes, bit-exact against
/// the CPU (same operation order, IEEE f32).
@Suite struct SGEMMTests {
  @Test(arguments: [(32, 32, 16, 16), (48, 64, 24, 8)])
  func matchesTheCPU(_ size: (Int, Int, Int, Int)) throws {
    let kernel = try SGEMMKernel(m: size.0, n: size.1, k: size.2, batches: size.3)
    let a = (0..<(kernel.m * kernel.k)).map { Float(($0 * 37) % 101) / 50 - 1 }
    let b = (0..<(kernel.k * kernel.n)).map { Float(($0 * 53) % 97) / 40 - 1.2 }
    let memory = try kernel.memory(a: a, b: b)
    let statistics = try Emulator(memory: memory).run(
      try CSDConfiguration(kernel.configuration), maxInstructions: 10_000_000)
    #expect(kernel.result(memory) == kernel.reference(a: a, b: b))
    #expect(statistics.warnings.isEmpty, "\(statistics.warnings)")
    #expect(statistics.total.dualIssued > statistics.total.instructions / 2)
  }

  @Test func tilesSplitOverTwoJobsSharingMappedBuffers() throws {
    let kernel = try SGEMMKernel(m: 32, n: 64, k: 8, batches: 8, jobs: 2)
    let a = (0..<(kernel.m * kernel.k)).map { Float($0 % 7) - 3 }
    let b = (0..<(kernel.k * kernel.n)).map { Float($0 % 5) * 0.5 }
    let buffers = SGEMMKernel.SharedBuffers(kernel, a: a, b: b)
    for job in 0..<2 {
      let memory = try kernel.memory(job: job, sharing: buffers)
      _ = try Emulator(memory: memory).run(try CSDConfiguration(kernel.configuration))
    }
    #expect(buffers.result == kernel.reference(a: a, b: b))
  }
}
