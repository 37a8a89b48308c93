// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so they never slow the main build.
// Run: cd Benchmarks && swift run -c release EmulatorBenchmark
//      cd Benchmarks && swift run -c release CompilerBenchmark
let package = Package(
  name: "VCKBenchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [.package(name: "VCK", path: "..")],
  targets: [
    .executableTarget(
      name: "EmulatorBenchmark",
      dependencies: [
        .product(name: "QPUEmulator", package: "VCK"),
        .product(name: "QPUISA", package: "VCK"),
      ]),
    .executableTarget(
      name: "CompilerBenchmark",
      dependencies: [
        .product(name: "VCK", package: "VCK"),
        .product(name: "V3DRuntime", package: "VCK"),
        .product(name: "HandKernels", package: "VCK"),
        .product(name: "ExampleSupport", package: "VCK"),
      ]),
  ]
)
