import Foundation
import QPUEmulator
import QPUISA

// Prints emulated QPU instructions per second and the wall time of a
// 1024×1024×1024 sgemm job. Run in release: swift run -c release EmulatorBenchmark [size]

/// Wall-clock and CPU seconds of `body` (the emulator runs on one core, so CPU
/// time is the time of that core even when other processes share the machine).
struct Timing {
  var wall: Double
  var cpu: Double
}

func measure(_ body: () throws -> Void) rethrows -> Timing {
  let start = DispatchTime.now().uptimeNanoseconds
  let cpuStart = clock()
  try body()
  let cpu = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
  return Timing(wall: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpu: cpu)
}

func seconds(_ body: () throws -> Void) rethrows -> Double { try measure(body).wall }

func report(_ name: String, _ statistics: RunStatistics, _ time: Timing) {
  let total = statistics.total
  let instructions = Double(total.instructions)
  print("\(name): \(total.instructions) instructions (\(total.dualIssued) dual-issued)")
  print(
    String(
      format: "  wall %.3f s (%.1f M instructions/s), CPU %.3f s (%.1f M instructions/s per core)",
      time.wall, instructions / time.wall / 1e6, time.cpu, instructions / time.cpu / 1e6))
  print(
    String(
      format: "  estimated QPU time on a Pi 4: %.1f ms at 500 MHz", Double(total.cycles) / 500e3))
}

// 1. ALU throughput: 8 batches each running a counted loop of dual-issued float work.
func aluLoop(iterations: Int) throws {
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
  var statistics: RunStatistics?
  let time = try measure {
    statistics = try Emulator(memory: memory).run(configuration, maxInstructions: 1 << 40)
  }
  if let statistics { report("ALU loop, 8 batches x \(iterations) iterations", statistics, time) }
}

// 2. sgemm.
func sgemm(size: Int) throws {
  let kernel = try SGEMMKernel(m: size, n: size, k: size)
  var state: UInt32 = 12345
  func random() -> Float {
    state = state &* 1_664_525 &+ 1_013_904_223
    return Float(state >> 8) / Float(1 << 24) - 0.5
  }
  let a = (0..<(size * size)).map { _ in random() }
  let b = (0..<(size * size)).map { _ in random() }
  let memory = try kernel.memory(a: a, b: b)
  var statistics: RunStatistics?
  let time = try measure {
    statistics = try Emulator(memory: memory).run(
      try CSDConfiguration(kernel.configuration), maxInstructions: 1 << 40)
  }
  guard let statistics else { return }
  report("sgemm \(size)x\(size)x\(size), 16 batches", statistics, time)
  var reference: [Float] = []
  let referenceTime = seconds { reference = kernel.reference(a: a, b: b) }
  let result = kernel.result(memory)
  let mismatches = zip(result, reference).filter { $0 != $1 }.count
  print(
    "  result check against the CPU (\(String(format: "%.2f", referenceTime)) s): "
      + (mismatches == 0 ? "bit-exact" : "\(mismatches) of \(result.count) elements differ"))
  print("  warnings: \(statistics.warnings.count)")
}

/// Collects the statistics of jobs running on several host threads.
final class JobResults: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var statistics: [RunStatistics] = []
  private(set) var errors: [String] = []

  func add(_ result: RunStatistics) { lock.withLock { statistics.append(result) } }
  func fail(_ message: String) { lock.withLock { errors.append(message) } }
}

// 3. The same sgemm split into two jobs (one per host core), each mapping the
// same A, B and C buffers and taking every other group of 16 tiles.
func parallelSGEMM(size: Int, jobs: Int) throws {
  let kernel = try SGEMMKernel(m: size, n: size, k: size, jobs: jobs)
  var state: UInt32 = 12345
  func random() -> Float {
    state = state &* 1_664_525 &+ 1_013_904_223
    return Float(state >> 8) / Float(1 << 24) - 0.5
  }
  let a = (0..<(size * size)).map { _ in random() }
  let b = (0..<(size * size)).map { _ in random() }
  let buffers = SGEMMKernel.SharedBuffers(kernel, a: a, b: b)
  let results = JobResults()
  let time = measure {
    DispatchQueue.concurrentPerform(iterations: jobs) { job in
      do {
        let memory = try kernel.memory(job: job, sharing: buffers)
        let statistics = try Emulator(memory: memory).run(
          try CSDConfiguration(kernel.configuration), maxInstructions: 1 << 40)
        results.add(statistics)
      } catch {
        results.fail("\(error)")
      }
    }
  }
  guard results.errors.isEmpty else {
    print("error: \(results.errors)")
    return
  }
  let instructions = results.statistics.map(\.total.instructions).reduce(0, +)
  print(
    "sgemm \(size)x\(size)x\(size) as \(jobs) jobs on \(jobs) host threads: \(instructions) instructions"
  )
  print(
    String(
      format: "  wall %.3f s (%.1f M instructions/s), CPU %.3f s over all threads",
      time.wall, Double(instructions) / time.wall / 1e6, time.cpu))
  let reference = kernel.reference(a: a, b: b)
  let mismatches = zip(buffers.result, reference).filter { $0 != $1 }.count
  print(
    "  result check against the CPU: " + (mismatches == 0 ? "bit-exact" : "\(mismatches) differ"))
}

let size = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 1024
do {
  try aluLoop(iterations: 1_000_000)
  try sgemm(size: size)
  try parallelSGEMM(size: size, jobs: 2)
} catch {
  print("error: \(error)")
  exit(1)
}
