// swift-tools-version:6.1
import CompilerPluginSupport
import PackageDescription

// The pipeline, left to right; no target imports one to its right:
//   VCKLang -> VCKIR -> (QPUBackend) -> QPUISA -> (V3DRuntime) -> QPUEmulator / hardware
let package = Package(
  name: "VCK",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "QPUISA", targets: ["QPUISA"]),
    .library(name: "QPUEmulator", targets: ["QPUEmulator"]),
    .library(name: "VCKLang", targets: ["VCKLang"]),
    .library(name: "VCKIR", targets: ["VCKIR"]),
    .library(name: "VCKLower", targets: ["VCKLower"]),
    .library(name: "V3DRuntime", targets: ["V3DRuntime"]),
    .library(name: "VCK", targets: ["VCK"]),
    .library(name: "HandKernels", targets: ["HandKernels"]),
    .library(name: "ExampleSupport", targets: ["ExampleSupport"]),
    .library(name: "QPUBackend", targets: ["QPUBackend"]),
    .library(name: "VCKBuild", targets: ["VCKBuild"]),
    .plugin(name: "VCKPlugin", targets: ["VCKPlugin"]),
    .executable(name: "vck", targets: ["vck"]),
    .executable(name: "vckc", targets: ["vckc"]),
    .executable(name: "memset", targets: ["memset"]),
    .executable(name: "scopy", targets: ["scopy"]),
    .executable(name: "summation", targets: ["summation"]),
    .executable(name: "sgemm", targets: ["sgemm"]),
    .executable(name: "gpu-clock", targets: ["gpu-clock"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    .package(url: "https://github.com/swiftlang/swift-syntax", "600.0.0"..<"604.0.0"),
  ],
  targets: [
    // The V3D 4.2 instruction set as data: encode, decode, disassemble, assemble.
    .target(name: "QPUISA"),
    // A functional model of the V3D 4.2 QPUs.
    .target(name: "QPUEmulator", dependencies: ["QPUISA"]),
    // libdrm, and VCK's own definitions of the V3D kernel interface.
    .systemLibrary(
      name: "CLibDRM", pkgConfig: "libdrm", providers: [.apt(["libdrm-dev"])]),
    // Devices (V3D through DRM, or the emulator), buffers, launches.
    .target(name: "V3DRuntime", dependencies: ["CLibDRM", "QPUISA", "QPUEmulator"]),
    // The hand-written QPU kernels of the examples (memset, scopy, summation,
    // sgemm, gpu-clock), written with the QPUISA builder.
    .target(name: "HandKernels", dependencies: ["QPUISA"]),
    // The public API: compile .vck source (JIT or from .vckb artifacts) and launch kernels.
    .target(
      name: "VCK",
      dependencies: [
        "VCKLang", "VCKIR", "VCKLower", "QPUBackend", "QPUISA", "V3DRuntime", "VCKArtifact",
        "VCKBuild", "VCKMacros",
      ]),
    // The pipeline without a device: what VCK's Compiler, the #kernel macro and the
    // VCKPlugin build tool share.
    .target(
      name: "VCKBuild",
      dependencies: ["VCKLang", "VCKIR", "VCKLower", "QPUBackend", "VCKArtifact"]),
    // The #kernel macro: checks and compiles an embedded kernel when Swift compiles.
    .macro(
      name: "VCKMacros",
      dependencies: [
        "VCKBuild", "VCKLang",
        .product(name: "SwiftSyntax", package: "swift-syntax"),
        .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
        .product(name: "SwiftDiagnostics", package: "swift-syntax"),
        .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
      ]),
    // The .vckb artifact format; depends on nothing, so its loader can be fuzzed alone.
    .target(name: "VCKArtifact"),
    // What the example programs share: timing, reports, options.
    .target(
      name: "ExampleSupport",
      dependencies: [
        "V3DRuntime", "VCK", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // The .vck front end: lexer, parser, checker, diagnostics.
    .target(name: "VCKLang"),
    // The SSA IR, its passes and the reference interpreter.
    .target(name: "VCKIR"),
    // Lowering from the checked AST to SSA IR.
    .target(name: "VCKLower", dependencies: ["VCKLang", "VCKIR"]),
    // Instruction selection, register allocation, scheduling and emission of QPU code.
    .target(name: "QPUBackend", dependencies: ["VCKIR", "QPUISA"]),
    // Command-line options shared by vck and vckc.
    .target(
      name: "VCKToolSupport",
      dependencies: [
        "QPUBackend", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "vck",
      dependencies: [
        "QPUISA", "QPUEmulator", "V3DRuntime", "VCK", "QPUBackend", "VCKIR", "VCKLang",
        "VCKToolSupport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "vckc",
      dependencies: [
        "VCKLang", "VCKIR", "VCKLower", "VCK", "QPUBackend", "QPUISA", "VCKToolSupport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // The code generator of VCKPlugin: one .vck file to a Swift file with the compiled
    // kernels embedded and a typed wrapper for each.
    .executableTarget(name: "vck-embed", dependencies: ["VCKBuild", "VCKLang"]),
    // The build-tool plugin: compiles the .vck files of a target when it builds.
    .plugin(name: "VCKPlugin", capability: .buildTool(), dependencies: ["vck-embed"]),
    // The examples: each runs on Device.default() and checks itself.
    .executableTarget(
      name: "memset",
      dependencies: [
        "ExampleSupport", "HandKernels", "V3DRuntime", "VCK",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "examples/memset"),
    .executableTarget(
      name: "scopy",
      dependencies: [
        "ExampleSupport", "HandKernels", "V3DRuntime", "VCK",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "examples/scopy"),
    .executableTarget(
      name: "summation",
      dependencies: [
        "ExampleSupport", "HandKernels", "V3DRuntime", "VCK",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "examples/summation"),
    .executableTarget(
      name: "sgemm",
      dependencies: [
        "ExampleSupport", "HandKernels", "V3DRuntime", "VCK",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "examples/sgemm"),
    .executableTarget(
      name: "blur", dependencies: ["ExampleSupport", "V3DRuntime", "VCK"],
      path: "examples/blur"),
    .executableTarget(
      name: "histogram", dependencies: ["ExampleSupport", "V3DRuntime", "VCK"],
      path: "examples/histogram"),
    .executableTarget(
      name: "gpu-clock",
      dependencies: [
        "ExampleSupport", "HandKernels", "V3DRuntime",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "examples/gpu-clock"),
    .testTarget(
      name: "VCKTests", dependencies: ["VCK", "V3DRuntime", "QPUBackend", "ExampleSupport"]),
    .testTarget(name: "QPUISATests", dependencies: ["QPUISA"]),
    // Runs the built command-line tools end to end.
    .testTarget(
      name: "VCKToolTests",
      dependencies: [
        "vck", "vckc", "memset", "scopy", "summation", "sgemm", "gpu-clock", "histogram", "blur",
        "VCK",
      ]),
    .testTarget(name: "QPUEmulatorTests", dependencies: ["QPUEmulator", "QPUISA", "vck"]),
    .testTarget(name: "V3DRuntimeTests", dependencies: ["V3DRuntime", "QPUISA", "HandKernels"]),
    .testTarget(name: "VCKLangTests", dependencies: ["VCKLang"]),
    .testTarget(name: "VCKIRTests", dependencies: ["VCKIR"]),
    .testTarget(
      name: "QPUBackendTests",
      dependencies: [
        "QPUBackend", "VCKIR", "QPUISA", "QPUEmulator", "VCKLang", "VCKLower", "HandKernels",
      ]),
    .testTarget(name: "VCKLowerTests", dependencies: ["VCKLower", "VCKIR", "VCKLang"]),
    // The #kernel macro's expansions and diagnostics, expanded in process.
    .testTarget(
      name: "VCKMacroTests",
      dependencies: [
        "VCKMacros", "VCKBuild", "VCKLang",
        .product(name: "SwiftSyntaxMacroExpansion", package: "swift-syntax"),
        .product(name: "SwiftParser", package: "swift-syntax"),
      ]),
    // Kernels compiled by VCKPlugin from the .vck files of this target, run on the emulator.
    .testTarget(name: "VCKPluginTests", dependencies: ["VCK"], plugins: ["VCKPlugin"]),
  ]
)
