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

/// One kernel's measurements.
struct Row {
  var name: String
  var size: String
  var compileMilliseconds: Double
  var compiled: LaunchResult
  var hand: LaunchResult?
}

/// Compiles `source` `repeats` times (bypassing the cache) and runs it once through
/// `runCompiled`; runs the hand-written version through `runHand` when there is one.
func measure(
  _ name: String, size: String, source: String, options: CompileOptions = CompileOptions(),
  runCompiled: (Kernel) throws -> LaunchResult, runHand: (() throws -> LaunchResult)? = nil
) throws -> Row {
  var times: [Double] = []
  for _ in 0..<repeats {
    let start = DispatchTime.now()
    _ = try Compiler.compile(source: source, kernel: name, options: options)
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6)
  }
  let kernel = try device.compile(source: source, kernel: name, options: options)
  return Row(
    name: name, size: size, compileMilliseconds: times.sorted()[times.count / 2],
    compiled: try runCompiled(kernel), hand: try runHand?())
}

/// Runs a hand-written kernel on 8 batches.
func runHand(_ words: [UInt64], _ uniforms: [UInt32]) throws -> LaunchResult {
  try device.launch(try device.makeProgram(words), uniforms: uniforms, batches: 8, timeout: 600)
}

func counts(_ result: LaunchResult) -> (instructions: Double, cycles: Double) {
  (Double(result.counters["instructions"] ?? 0), Double(result.counters["cycles"] ?? 0))
}

runExample {
  let count = 1 << 18
  let words = try device.makeBuffer(of: UInt32.self, count: 2 * count)
  let x = try device.makeBuffer(of: Float.self, count: count)
  let y = try device.makeBuffer(of: Float.self, count: count)
  let partials = try device.makeBuffer(of: UInt32.self, count: 128)
  let n = 128
  let (a, b, c) = (
    try device.makeBuffer(of: Float.self, count: n * n),
    try device.makeBuffer(of: Float.self, count: n * n),
    try device.makeBuffer(of: Float.self, count: n * n)
  )
  let size = UInt32(n)
  let rows = [
    try measure(
      "memset", size: "1 MiB", source: KernelSources.memset,
      runCompiled: { try $0.launch(UInt32(count), words, UInt32(7), qpus: 8) },
      runHand: {
        try runHand(
          try Memset.program(), [words.gpuAddress, UInt32(count / Memset.wordsPerIteration), 7])
      }),
    try measure(
      "scopy", size: "256 Ki floats", source: KernelSources.scopy,
      runCompiled: { try $0.launch(UInt32(count), x, y, qpus: 8) },
      runHand: {
        try runHand(
          try Scopy.program(),
          [x.gpuAddress, y.gpuAddress, UInt32(count / Scopy.wordsPerIteration)])
      }),
    try measure(
      "summation", size: "512 Ki words", source: KernelSources.summation,
      runCompiled: { try $0.launch(UInt32(2 * count), words, partials, qpus: 8) },
      runHand: {
        try runHand(
          try Summation.program(),
          [words.gpuAddress, partials.gpuAddress, UInt32(2 * count / Summation.wordsPerIteration)])
      }),
    try measure(
      "saxpy", size: "256 Ki floats", source: KernelSources.saxpy,
      runCompiled: { try $0.launch(UInt32(count), Float(2), x, y, qpus: 8) }),
    try measure(
      "sgemm", size: "128³", source: KernelSources.sgemm,
      runCompiled: {
        try $0.launch(
          size, size, size, a, size, b, size, c, size, Float(1), Float(0), qpus: 8, timeout: 600)
      },
      runHand: {
        try runHand(
          try Sgemm.program(),
          [a.gpuAddress, b.gpuAddress, c.gpuAddress, size, Float(1).bitPattern, 0])
      }),
    try measure(
      "sgemm", size: "128³, 16 batches, thrsw on loads", source: KernelSources.sgemm,
      options: CompileOptions(switchThreadsOnLoads: true),
      runCompiled: {
        try $0.launch(
          size, size, size, a, size, b, size, c, size, Float(1), Float(0), qpus: 16, timeout: 600)
      },
      runHand: {
        try runHand(
          try Sgemm.program(),
          [a.gpuAddress, b.gpuAddress, c.gpuAddress, size, Float(1).bitPattern, 0])
      }),
  ]

  print(
    "| kernel | size | JIT compile (median of \(repeats)) | instructions: compiled / hand | ratio "
      + "| est. cycles: compiled / hand | ratio |")
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
