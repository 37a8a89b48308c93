// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so they never slow the main build.
// Run: cd Benchmarks && swift run -c release EmulatorBenchmark
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
      ])
  ]
)
