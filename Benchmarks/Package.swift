// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so they never slow the main build. They run on
// ordo-one/benchmark (package-benchmark), which keeps statistics and baselines:
//   cd Benchmarks && swift package benchmark                       # run all, print results
//   cd Benchmarks && swift package benchmark baseline check main   # compare with the committed baseline
// See README.md in this folder.
let package = Package(
  name: "VCKBenchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "VCK", path: ".."),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(
      url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    // Emulator speed: instructions per second on an ALU loop and on sgemm.
    .executableTarget(
      name: "EmulatorBenchmarks",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "QPUEmulator", package: "VCK"),
        .product(name: "QPUISA", package: "VCK"),
      ],
      path: "Benchmarks/EmulatorBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    // The compiler: JIT compile time per kernel, and each example's modelled Pi 4 time
    // (compiled and hand-written) on the emulator.
    .executableTarget(
      name: "CompilerBenchmarks",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "VCK", package: "VCK"),
        .product(name: "V3DRuntime", package: "VCK"),
        .product(name: "HandKernels", package: "VCK"),
        .product(name: "ExampleSupport", package: "VCK"),
      ],
      path: "Benchmarks/CompilerBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    // How compile time grows with kernel size, per stage, with the fitted growth
    // exponent (a plain executable: it sweeps sizes and fits a curve):
    //   cd Benchmarks && swift run -c release ScalingBenchmark
    .executableTarget(
      name: "ScalingBenchmark",
      dependencies: [
        .product(name: "VCKLang", package: "VCK"),
        .product(name: "VCKLower", package: "VCK"),
        .product(name: "VCKIR", package: "VCK"),
        .product(name: "QPUBackend", package: "VCK"),
      ],
      path: "Sources/ScalingBenchmark"),
    // The examples side by side, compiled and hand-written, at full size (runs the root
    // package's example executables with --json):
    //   cd Benchmarks && swift run ExampleTable
    .executableTarget(
      name: "ExampleTable",
      dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
      path: "Sources/ExampleTable"),
  ]
)
