// The compiler on package-benchmark:
//   - "JIT compile/NAME": the time to compile each example kernel from source (no cache);
//   - "modelled Pi 4/NAME": each example run on the emulator, compiled and hand-written,
//     with the Pi 4 time the emulator's timing model gives it (a custom metric in µs,
//     deterministic, so the baseline shows any change) and its QPU instruction count.
//
//   cd Benchmarks && swift package benchmark --target CompilerBenchmarks
import Benchmark
import ExampleSupport
import HandKernels
import V3DRuntime
import VCK

/// The timing model's Pi 4 time of a launch, in microseconds.
let modelledMicroseconds = BenchmarkMetric.custom(
  "modelled Pi 4 time (µs)", polarity: .prefersSmaller, useScalingFactor: false)
/// QPU instructions the launch executed.
let qpuInstructions = BenchmarkMetric.custom(
  "QPU instructions", polarity: .prefersSmaller, useScalingFactor: false)

/// One example kernel: its source and name, and how to launch it compiled and hand-written.
struct Example {
  var name: String
  var size: String
  var source: String
  var options = CompileOptions()
  var launchCompiled: (Kernel) throws -> LaunchResult
  var launchHand: (() throws -> LaunchResult)?
}

/// The examples at the sizes of the README's table, over buffers on one emulator device.
func examples(on device: Device) throws -> [Example] {
  let count = 1 << 18
  let words = try device.makeBuffer(of: UInt32.self, count: 2 * count)
  let x = try device.makeBuffer(of: Float.self, count: count)
  let y = try device.makeBuffer(of: Float.self, count: count)
  let partials = try device.makeBuffer(of: UInt32.self, count: 128)
  let n = 128
  let a = try device.makeBuffer(of: Float.self, count: n * n)
  let b = try device.makeBuffer(of: Float.self, count: n * n)
  let c = try device.makeBuffer(of: Float.self, count: n * n)
  let size = UInt32(n)
  func hand(_ words: [UInt64], _ uniforms: [UInt32]) throws -> LaunchResult {
    try device.launch(try device.makeProgram(words), uniforms: uniforms, batches: 8, timeout: 600)
  }
  func sgemm(_ kernel: Kernel, qpus: Int) throws -> LaunchResult {
    try kernel.launch(
      size, size, size, a, size, b, size, c, size, Float(1), Float(0), qpus: qpus, timeout: 600)
  }
  let handSgemm = {
    try hand(
      try Sgemm.program(), [a.gpuAddress, b.gpuAddress, c.gpuAddress, size, Float(1).bitPattern, 0])
  }
  return [
    Example(
      name: "memset", size: "1 MiB", source: KernelSources.memset,
      launchCompiled: { try $0.launch(UInt32(count), words, UInt32(7), qpus: 8) },
      launchHand: {
        try hand(
          try Memset.program(), [words.gpuAddress, UInt32(count / Memset.wordsPerIteration), 7])
      }),
    Example(
      name: "scopy", size: "256 Ki floats", source: KernelSources.scopy,
      launchCompiled: { try $0.launch(UInt32(count), x, y, qpus: 8) },
      launchHand: {
        try hand(
          try Scopy.program(),
          [x.gpuAddress, y.gpuAddress, UInt32(count / Scopy.wordsPerIteration)])
      }),
    Example(
      name: "summation", size: "512 Ki words", source: KernelSources.summation,
      launchCompiled: { try $0.launch(UInt32(2 * count), words, partials, qpus: 8) },
      launchHand: {
        try hand(
          try Summation.program(),
          [words.gpuAddress, partials.gpuAddress, UInt32(2 * count / Summation.wordsPerIteration)])
      }),
    Example(
      name: "saxpy", size: "256 Ki floats", source: KernelSources.saxpy,
      launchCompiled: { try $0.launch(UInt32(count), Float(2), x, y, qpus: 8) }),
    Example(
      name: "sgemm", size: "128³", source: KernelSources.sgemm,
      launchCompiled: { try sgemm($0, qpus: 8) }, launchHand: handSgemm),
    Example(
      name: "sgemm", size: "128³, 16 batches, thrsw on loads", source: KernelSources.sgemm,
      options: CompileOptions(threadSwitching: .always, threadsPerQPU: 2),
      launchCompiled: { try sgemm($0, qpus: 16) }),
  ]
}

/// Records a launch's modelled time and instruction count.
func record(_ benchmark: Benchmark, _ result: LaunchResult) {
  benchmark.measurement(modelledMicroseconds, Int(((result.modelledSeconds ?? 0) * 1e6).rounded()))
  benchmark.measurement(qpuInstructions, Int(result.counters["instructions"] ?? 0))
}

let benchmarks: @Sendable () -> Void = {
  let device = Device.emulator()
  let all: [Example]
  do {
    all = try examples(on: device)
  } catch {
    fatalError("cannot set the examples up: \(error)")
  }

  for example in all {
    let label = "\(example.name), \(example.size)"
    Benchmark(
      "JIT compile/\(example.name)\((example.options.threadSwitching == .always) ? ", thrsw on loads" : "")",
      configuration: .init(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds,
        warmupIterations: 2, maxDuration: .seconds(5), maxIterations: 30,
        thresholds: [
          .wallClock: .init(relative: [.p0: 50]), .mallocCountTotal: .init(relative: [.p50: 5]),
        ]),
      closure: { benchmark in
        for _ in benchmark.scaledIterations {
          do {
            blackHole(
              try Compiler.compile(
                source: example.source, kernel: example.name, options: example.options))
          } catch {
            benchmark.error("\(error)")
          }
        }
      })

    let runConfiguration = Benchmark.Configuration(
      metrics: [.wallClock, modelledMicroseconds, qpuInstructions], timeUnits: .milliseconds,
      warmupIterations: 0, maxDuration: .seconds(10), maxIterations: 3,
      thresholds: [
        // Deterministic figures: any change in the model's time or the code shows. The
        // wall time of 3 emulated launches is shown but too noisy to check.
        modelledMicroseconds: .init(relative: [.p50: 0.5]),
        qpuInstructions: .init(relative: [.p50: 0]),
        .wallClock: .init(relative: BenchmarkThresholds.Relative.none),
      ])
    Benchmark(
      "modelled Pi 4/\(label), compiled", configuration: runConfiguration,
      closure: { benchmark in
        do {
          let kernel = try device.compile(
            source: example.source, kernel: example.name, options: example.options)
          benchmark.startMeasurement()
          let result = try example.launchCompiled(kernel)
          benchmark.stopMeasurement()
          record(benchmark, result)
        } catch {
          benchmark.error("\(error)")
        }
      })
    if let launchHand = example.launchHand, !(example.options.threadSwitching == .always) {
      Benchmark(
        "modelled Pi 4/\(label), hand-written", configuration: runConfiguration,
        closure: { benchmark in
          do {
            record(benchmark, try launchHand())
          } catch {
            benchmark.error("\(error)")
          }
        })
    }
  }
}
