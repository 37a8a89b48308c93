// Emulator speed on package-benchmark: emulated QPU instructions per second (a custom
// metric, larger is better) and wall/CPU time per job, for a dual-issue ALU loop and a
// hand-written sgemm (one job, and two jobs on two host threads). The sgemm result is
// checked bit for bit against the CPU after each run.
//
//   cd Benchmarks && swift package benchmark --target EmulatorBenchmarks
import Benchmark
import Dispatch
import Foundation
import QPUEmulator
import QPUISA

/// Emulated instructions per second of wall time, per run.
let instructionsPerSecond = BenchmarkMetric.custom(
  "instructions/s", polarity: .prefersLarger, useScalingFactor: false)
/// Emulated instructions per second of CPU time (all threads of the process): what the
/// emulator does with the core it gets, on a shared machine.
let instructionsPerCPUSecond = BenchmarkMetric.custom(
  "instructions/CPU s", polarity: .prefersLarger, useScalingFactor: false)
/// The Pi 4 time the emulator's timing model gives a job, in microseconds.
let modelledMicroseconds = BenchmarkMetric.custom(
  "modelled Pi 4 time (µs)", polarity: .prefersSmaller, useScalingFactor: false)

/// Runs `body` (one emulated job or several), recording its instruction rate.
func measuredJob(_ benchmark: Benchmark, _ body: () throws -> (UInt64, Double)) rethrows {
  let clock = ContinuousClock()
  var result: (instructions: UInt64, modelledSeconds: Double) = (0, 0)
  benchmark.startMeasurement()
  let cpuStart = processCPUSeconds()
  let elapsed = try clock.measure { result = try body() }
  let cpu = processCPUSeconds() - cpuStart
  benchmark.stopMeasurement()
  let seconds =
    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  let instructions = Double(result.instructions)
  benchmark.measurement(instructionsPerSecond, Int(instructions / seconds))
  if cpu > 0 { benchmark.measurement(instructionsPerCPUSecond, Int(instructions / cpu)) }
  benchmark.measurement(modelledMicroseconds, Int((result.modelledSeconds * 1e6).rounded()))
}

/// CPU seconds the process has used (all threads).
func processCPUSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }

/// Reproducible matrices in [−0.5, 0.5).
func randomMatrix(_ count: Int, seed: UInt32) -> [Float] {
  var state = seed
  return (0..<count).map { _ in
    state = state &* 1_664_525 &+ 1_013_904_223
    return Float(state >> 8) / Float(1 << 24) - 0.5
  }
}

/// A counted loop of dual-issued float work on 8 batches.
func aluLoop(iterations: Int) throws -> (GPUMemory, CSDConfiguration) {
  let source = """
    nop ; nop ; ldunifrf.rf1
    mov rf2, 1
    loop:
    sub.pushz rf1, rf1, rf2
    b.anyna loop
    fadd rf3, rf3, r1 ; fmul r1, r1, r1
    add rf4, rf4, 1 ; fmul r2, r1, r1
    fsub rf5, rf5, r2 ; fmul r3, r2, r1
    tmuwt -
    nop ; nop ; thrsw
    nop ; nop ; thrsw
    nop
    nop
    nop ; nop ; thrsw
    nop
    nop
    nop
    """
  let words = try Assembler.assemble(source).words
  let memory = GPUMemory()
  try memory.addBuffer(at: 0x1000, contents: SGEMMKernel.bytes(words + [0]))
  try memory.addBuffer(at: 0x8000, contents: SGEMMKernel.bytes([UInt32(iterations)]))
  let configuration = try CSDConfiguration([
    1 << 16, 1 << 16, 1 << 16, 15 << 12 | 16, 7, 0x1000, 0x8000,
  ])
  return (memory, configuration)
}

/// Collects the statistics of jobs running on several host threads.
final class JobResults: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var statistics: [RunStatistics] = []
  private(set) var errors: [String] = []

  func add(_ result: RunStatistics) { lock.withLock { statistics.append(result) } }
  func fail(_ message: String) { lock.withLock { errors.append(message) } }
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [
      .wallClock, .cpuTotal, instructionsPerSecond, instructionsPerCPUSecond, modelledMicroseconds,
    ],
    timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5,
    thresholds: [
      // A shared, loaded machine: only large slowdowns count as regressions.
      .wallClock: .init(relative: [.p0: 50]),
      instructionsPerSecond: .init(relative: [.p0: 50]),
      instructionsPerCPUSecond: .init(relative: [.p0: 50]),
      // The timing model is deterministic: any change shows.
      modelledMicroseconds: .init(relative: [.p50: 0.5]),
    ])

  let iterations = 200_000
  Benchmark("ALU loop, 8 batches × \(iterations) iterations") { benchmark in
    do {
      let (memory, configuration) = try aluLoop(iterations: iterations)
      try measuredJob(benchmark) {
        let statistics = try Emulator(memory: memory).run(
          configuration, maxInstructions: 1 << 40)
        return (statistics.total.instructions, statistics.modelledSeconds)
      }
    } catch {
      benchmark.error("\(error)")
    }
  }

  // VCK_SGEMM_SIZE=1024 for the full-size job (a multiple of 16 with size/16 a power of two).
  let size = ProcessInfo.processInfo.environment["VCK_SGEMM_SIZE"].flatMap { Int($0) } ?? 512
  let a = randomMatrix(size * size, seed: 12345)
  let b = randomMatrix(size * size, seed: 54321)
  Benchmark("sgemm \(size)³, 16 batches") { benchmark in
    do {
      let kernel = try SGEMMKernel(m: size, n: size, k: size)
      let memory = try kernel.memory(a: a, b: b)
      try measuredJob(benchmark) {
        let statistics = try Emulator(memory: memory).run(
          try CSDConfiguration(kernel.configuration), maxInstructions: 1 << 40)
        return (statistics.total.instructions, statistics.modelledSeconds)
      }
      if kernel.result(memory) != kernel.reference(a: a, b: b) {
        benchmark.error("the emulated sgemm differs from the CPU's")
      }
    } catch {
      benchmark.error("\(error)")
    }
  }

  let jobs = 2
  Benchmark("sgemm \(size)³ as \(jobs) jobs on \(jobs) host threads") { benchmark in
    do {
      let kernel = try SGEMMKernel(m: size, n: size, k: size, jobs: jobs)
      let buffers = SGEMMKernel.SharedBuffers(kernel, a: a, b: b)
      let memories = try (0..<jobs).map { try kernel.memory(job: $0, sharing: buffers) }
      let configuration = try CSDConfiguration(kernel.configuration)
      let results = JobResults()
      measuredJob(benchmark) {
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
          do {
            results.add(
              try Emulator(memory: memories[job]).run(configuration, maxInstructions: 1 << 40))
          } catch {
            results.fail("\(error)")
          }
        }
        return (
          results.statistics.map(\.total.instructions).reduce(0, +),
          results.statistics.map(\.modelledSeconds).max() ?? 0
        )
      }
      if let error = results.errors.first { benchmark.error(error) }
      if buffers.result != kernel.reference(a: a, b: b) {
        benchmark.error("the emulated sgemm differs from the CPU's")
      }
    } catch {
      benchmark.error("\(error)")
    }
  }
}
