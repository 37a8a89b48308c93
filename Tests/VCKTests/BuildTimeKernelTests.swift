import Foundation
import Testing
import VCK

// The samples of the article "Kernels checked at build time"
// (`VCK.docc/KernelsCheckedAtBuildTime.md`); `documentationSamplesAreTested` checks that
// each appears here.

enum Kernels {
  #kernel(
    """
    kernel scale(n: u32, a: f32, x: *f32) {
        for i in gid() ..< n step gsize() { x[i] = a * x[i] }
    }
    """)
}

enum Vector {
  #kernel(
    """
    kernel fill(x: *u32, value: u32) { x[gid()] = value }
    kernel saxpy(n: u32, a: f32, x: *f32, y: *f32) {
        for i in gid() ..< n step gsize() { y[i] = a * x[i] + y[i] }
    }
    """, name: "saxpy")
}

/// A kernel declared in a generic type: the wrapper is a computed static property, so it
/// works there too.
struct GenericHolder<T> {
  #kernel("kernel set(x: *i32, value: i32) { x[gid()] = value }")
}

/// A grid kernel: its wrapper's launch takes `grid:` instead of `qpus:`.
enum GridKernels {
  #kernel(
    """
    kernel coordinates(out: *u32, scale: u32) grid 2 {
        out[gid_y() * grid_x() + gid_x()] = gid_y() * scale + gid_x()
    }
    """)
}

@Suite struct BuildTimeKernelTests {
  @Test func aGridKernelLaunchesOverItsGrid() throws {
    let device = Device.emulator()
    let out = try device.makeBuffer(of: UInt32.self, count: 21 * 3)
    try GridKernels.coordinates.launch(on: device, grid: [21, 3], out: out, scale: 100)
    #expect(out.array == (0..<3).flatMap { y in (0..<21).map { x in UInt32(y * 100 + x) } })
  }

  @Test func embedLaunchAndRecompile() throws {
    let device = Device.emulator()
    let x = try device.makeBuffer((0..<1000).map { Float($0) })
    try Kernels.scale.launch(on: device, n: 1000, a: 2, x: x)
    print(x[3])  // 6.0

    #expect(x.array == (0..<1000).map { 2 * Float($0) })

    try Kernels.scale.launch(on: device, qpus: 2, n: 1000, a: 0.5, x: x)
    print(x[3])  // 3.0

    #expect(x.array == (0..<1000).map { Float($0) })
    try Kernels.scale.launch(on: device, n: 1000, a: 2, x: x)

    let embedded = Kernels.scale.embedded
    print(embedded.isCompiledAtBuildTime)  // true

    #expect(embedded.isCompiledAtBuildTime)

    let unoptimised = try embedded.kernel(on: device, options: CompileOptions(optimization: .none))
    try unoptimised.launch(UInt32(1000), Float(2), x)
    print(x[3])  // 6.0

    #expect(x[3] == 12)
    try unoptimised.launch(UInt32(1000), Float(0.5), x)
    #expect(x[3] == 6)

    let y = try device.makeBuffer([Float](repeating: 1, count: 1000))
    try Vector.saxpy.launch(on: device, n: 1000, a: 2, x: x, y: y)
    print(y[3])  // 13.0: 2 × 6 + 1

    #expect(y.array == (0..<1000).map { 4 * Float($0) + 1 })
  }

  /// The code embedded at build time is what the run-time compiler gives, and the first
  /// launch does not compile: the JIT cache is not consulted.
  @Test func theFirstLaunchDoesNotCompile() throws {
    let embedded = Vector.saxpy.embedded
    let runTime = try Compiler.compile(
      source: embedded.source, kernel: "saxpy", options: CompileOptions())
    let misses = KernelCache.shared.misses
    let hits = KernelCache.shared.hits
    let buildTime = try embedded.compiled()
    #expect(KernelCache.shared.misses == misses)
    #expect(KernelCache.shared.hits == hits)
    #expect(buildTime.words == runTime.words)
    #expect(buildTime.parameters == runTime.parameters)
  }

  @Test func aKernelInAGenericType() throws {
    let device = Device.emulator()
    let x = try device.makeBuffer(of: Int32.self, count: 16 * 3)
    try GenericHolder<String>.set.launch(on: device, qpus: 3, x: x, value: -7)
    #expect(x.allSatisfy { $0 == -7 })
  }

  /// The same instance serves every use of one `#kernel`: decoded and uploaded once.
  @Test func oneEmbeddedKernelPerSource() throws {
    #expect(Kernels.scale.embedded === Kernels.scale.embedded)
    #expect(Kernels.scale.embedded !== Vector.saxpy.embedded)
    let device = Device.emulator()
    #expect(
      try Kernels.scale.embedded.kernel(on: device) === Kernels.scale.embedded.kernel(on: device))
  }

  /// What `#kernel` declares for a kernel with errors accepts any launch, and throws.
  @Test func theStandInOfAKernelWithErrorsThrows() throws {
    let device = Device.emulator()
    let x = try device.makeBuffer([Float](repeating: 1, count: 4))
    #expect(throws: CompileError.self) {
      try UncompiledKernel().launch(on: device, n: UInt32(4), a: Float(2), x: x)
    }
  }

  /// The article's VCKPlugin sample is the example package's target.
  @Test func pluginSampleIsTheExamplePackage() throws {
    let sample = """
      .executableTarget(
        name: "BuildTimeKernels",
        dependencies: [.product(name: "VCK", package: "VCK")],
        plugins: [.plugin(name: "VCKPlugin", package: "VCK")])
      """
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let manifest = try String(
      contentsOf: root.appendingPathComponent("examples/build-time-kernels/Package.swift"),
      encoding: .utf8)
    func words(_ text: String) -> String {
      text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
    #expect(words(manifest).contains(words(sample)))
  }
}
