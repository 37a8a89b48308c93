// Compiler benchmark: per example kernel, the JIT compile time (median of repeated
// compiles) and, on the emulator, the compiled kernel's dynamic instruction count and
// estimated cycles against the hand-written QPU assembly doing the same job.
//
//   cd Benchmarks && swift run -c release CompilerBenchmark [--repeats N]
import Dispatch
import ExampleSupport
import Foundation
import HandKernels
import V3DRuntime
import VCK

let repeats = integerOption("repeats", default: 15)
let device = Device.emulator()

func medianCompileMilliseconds(_ source: String, _ kernel: String) throws -> Double {
  var times: [Double] = []
  for _ in 0..<repeats {
    let start = DispatchTime.now()
    _ = try Compiler.compile(source: source, kernel: kernel)
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6)
  }
  return times.sorted()[times.count / 2]
}

struct Row {
  var name: String
  var size: String
  var compileMilliseconds: Double
  var compiled: LaunchResult
  var hand: LaunchResult?
}

func counts(_ result: LaunchResult) -> (instructions: Double, cycles: Double) {
  (Double(result.counters["instructions"] ?? 0), Double(result.counters["cycles"] ?? 0))
}

var rows: [Row] = []
runExample {
  // memset: 1 MiB.
  do {
    let words = 1 << 18
    let buffer = try device.makeBuffer(of: UInt32.self, count: words)
    let kernel = try device.compile(source: KernelSources.memset, kernel: "memset")
    let compiled = try kernel.launch(UInt32(words), buffer, UInt32(7), qpus: 8)
    let hand = try device.launch(
      try device.makeProgram(try Memset.program()),
      uniforms: [buffer.gpuAddress, UInt32(words / Memset.wordsPerIteration), 7], batches: 8)
    rows.append(
      Row(
        name: "memset", size: "1 MiB",
        compileMilliseconds: try medianCompileMilliseconds(KernelSources.memset, "memset"),
        compiled: compiled, hand: hand))
  }
  // scopy: 256 Ki floats.
  do {
    let count = 1 << 18
    let x = try device.makeBuffer(of: Float.self, count: count)
    let y = try device.makeBuffer(of: Float.self, count: count)
    let kernel = try device.compile(source: KernelSources.scopy, kernel: "scopy")
    let compiled = try kernel.launch(UInt32(count), x, y, qpus: 8)
    let hand = try device.launch(
      try device.makeProgram(try Scopy.program()),
      uniforms: [x.gpuAddress, y.gpuAddress, UInt32(count / Scopy.wordsPerIteration)], batches: 8)
    rows.append(
      Row(
        name: "scopy", size: "256 Ki floats",
        compileMilliseconds: try medianCompileMilliseconds(KernelSources.scopy, "scopy"),
        compiled: compiled, hand: hand))
  }
  // summation: 512 Ki words.
  do {
    let count = 1 << 19
    let source = try device.makeBuffer(of: UInt32.self, count: count)
    let partials = try device.makeBuffer(of: UInt32.self, count: 128)
    let kernel = try device.compile(source: KernelSources.summation, kernel: "summation")
    let compiled = try kernel.launch(UInt32(count), source, partials, qpus: 8)
    let hand = try device.launch(
      try device.makeProgram(try Summation.program()),
      uniforms: [
        source.gpuAddress, partials.gpuAddress, UInt32(count / Summation.wordsPerIteration),
      ],
      batches: 8)
    rows.append(
      Row(
        name: "summation", size: "512 Ki words",
        compileMilliseconds: try medianCompileMilliseconds(KernelSources.summation, "summation"),
        compiled: compiled, hand: hand))
  }
  // saxpy: 256 Ki floats (no hand-written version).
  do {
    let count = 1 << 18
    let x = try device.makeBuffer(of: Float.self, count: count)
    let y = try device.makeBuffer(of: Float.self, count: count)
    let kernel = try device.compile(source: KernelSources.saxpy, kernel: "saxpy")
    let compiled = try kernel.launch(UInt32(count), Float(2), x, y, qpus: 8)
    rows.append(
      Row(
        name: "saxpy", size: "256 Ki floats",
        compileMilliseconds: try medianCompileMilliseconds(KernelSources.saxpy, "saxpy"),
        compiled: compiled, hand: nil))
  }
  // sgemm: 128 × 128 × 128.
  do {
    let n = 128
    let a = try device.makeBuffer(of: Float.self, count: n * n)
    let b = try device.makeBuffer(of: Float.self, count: n * n)
    let c = try device.makeBuffer(of: Float.self, count: n * n)
    let size = UInt32(n)
    let kernel = try device.compile(source: KernelSources.sgemm, kernel: "sgemm")
    let compiled = try kernel.launch(
      size, size, size, a, size, b, size, c, size, Float(1), Float(0), qpus: 8, timeout: 600)
    let hand = try device.launch(
      try device.makeProgram(try Sgemm.program()),
      uniforms: [
        a.gpuAddress, b.gpuAddress, c.gpuAddress, size, Float(1).bitPattern, Float(0).bitPattern,
      ], batches: 8, timeout: 600)
    rows.append(
      Row(
        name: "sgemm", size: "128³",
        compileMilliseconds: try medianCompileMilliseconds(KernelSources.sgemm, "sgemm"),
        compiled: compiled, hand: hand))
  }

  print(
    "| kernel | size | JIT compile (median of \(repeats)) | instructions: compiled / hand | ratio | est. cycles: compiled / hand | ratio |"
  )
  print("|---|---|---|---|---|---|---|")
  for row in rows {
    let compiled = counts(row.compiled)
    var line =
      "| \(row.name) | \(row.size) | \(String(format: "%.1f", row.compileMilliseconds)) ms | "
    if let hand = row.hand.map(counts) {
      line += "\(Int(compiled.instructions)) / \(Int(hand.instructions)) | "
      line += String(format: "%.2f×", compiled.instructions / hand.instructions) + " | "
      line += "\(Int(compiled.cycles)) / \(Int(hand.cycles)) | "
      line += String(format: "%.2f×", compiled.cycles / hand.cycles) + " |"
    } else {
      line += "\(Int(compiled.instructions)) / — | — | \(Int(compiled.cycles)) / — | — |"
    }
    print(line)
  }
}
