import ExampleSupport
import Foundation
import QPUBackend
import Testing
import V3DRuntime

@testable import VCK

/// The example kernels at small sizes, through the JIT and through a `.vckb`
/// artifact, against results computed here.
@Suite struct ExampleKernelTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")

  @Test func embeddedSourcesMatchTheFiles() throws {
    let sources = [
      "memset": KernelSources.memset, "scopy": KernelSources.scopy,
      "summation": KernelSources.summation, "saxpy": KernelSources.saxpy,
      "sgemm": KernelSources.sgemm, "histogram": KernelSources.histogram,
      "blur": KernelSources.blur,
    ]
    for (name, source) in sources {
      let file = try String(
        contentsOf: Self.examples.appendingPathComponent("\(name).vck"), encoding: .utf8)
      #expect(source + "\n" == file, "\(name).vck")
    }
  }

  /// The kernel both ways: compiled now, and saved to and loaded from an artifact.
  func kernels(_ source: String, _ name: String, on device: Device) throws -> [Kernel] {
    let jit = try device.compile(source: source, kernel: name)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "\(name)-\(UUID()).vckb")
    try jit.compiled.write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return [jit, try device.makeKernel(try CompiledKernel(contentsOf: url))]
  }

  @Test func memsetScopySummation() throws {
    let device = Device.emulator()
    for kernel in try kernels(KernelSources.memset, "memset", on: device) {
      let buffer = try device.makeBuffer(of: UInt32.self, count: 1000)
      try kernel.launch(UInt32(999), buffer, UInt32(7))
      #expect(buffer.prefix(999).allSatisfy { $0 == 7 } && buffer[999] == 0)
    }
    for kernel in try kernels(KernelSources.scopy, "scopy", on: device) {
      let x = try device.makeBuffer((0..<777).map { Float($0) / 3 })
      let y = try device.makeBuffer(of: Float.self, count: 777)
      try kernel.launch(UInt32(777), x, y, qpus: 5)
      #expect(y.array == x.array)
    }
    for kernel in try kernels(KernelSources.summation, "summation", on: device) {
      let values = (0..<1234).map { UInt32($0 * 7919) }
      let source = try device.makeBuffer(values)
      let partials = try device.makeBuffer(of: UInt32.self, count: 8 * 16)
      try kernel.launch(UInt32(values.count), source, partials)
      #expect(partials.reduce(0, &+) == values.reduce(0, &+))
    }
  }

  @Test func histogramWithAtomics() throws {
    let device = Device.emulator()
    var generator = SystemRandomNumberGenerator()
    let keys = (0..<3000).map { _ in UInt32.random(in: 0...UInt32.max, using: &generator) }
    var expected = [UInt32](repeating: 0, count: 256)
    for key in keys { expected[Int(key & 255)] += 1 }
    for kernel in try kernels(KernelSources.histogram, "histogram", on: device) {
      let counts = try device.makeBuffer(of: UInt32.self, count: 256)
      try kernel.launch(UInt32(keys.count), try device.makeBuffer(keys), counts, qpus: 8)
      #expect(counts.array == expected)
    }
  }

  /// The 2D blur at an odd size (317 × 211: 20 workgroups of 16 per row, the last one 13
  /// points wide) against the CPU, bit for bit.
  @Test func blurOnAnOddSizedImage() throws {
    let device = Device.emulator()
    let (width, height) = (317, 211)
    let image = (0..<(width * height)).map { Float(($0 &* 2_654_435_761) % 1000) / 16 }
    let expected = Self.blurReference(image, width: width, height: height)
    for kernel in try kernels(KernelSources.blur, "blur", on: device) {
      #expect(kernel.compiled.gridDimensions == 2)
      let source = try device.makeBuffer(image)
      let output = try device.makeBuffer(of: Float.self, count: width * height)
      try kernel.launch(source, output, grid: [width, height])
      #expect(output.array == expected)
      #expect(throws: KernelLaunchError.self) { try kernel.launch(source, output, qpus: 8) }
      #expect(throws: KernelLaunchError.self) { try kernel.launch(source, output, grid: [width]) }
    }
  }

  static func blurReference(_ image: [Float], width: Int, height: Int) -> [Float] {
    var output = [Float](repeating: 0, count: width * height)
    for y in 0..<height {
      for x in 0..<width {
        var sum: Float = 0
        for dy in -1...1 {
          let row = min(max(y + dy, 0), height - 1)
          for dx in -1...1 { sum += image[row * width + min(max(x + dx, 0), width - 1)] }
        }
        output[y * width + x] = sum * Float(1.0 / 9.0)
      }
    }
    return output
  }

  @Test func saxpyAndSgemm() throws {
    let device = Device.emulator()
    for kernel in try kernels(KernelSources.saxpy, "saxpy", on: device) {
      let x = try device.makeBuffer((0..<200).map { Float($0) })
      let y = try device.makeBuffer([Float](repeating: 1, count: 200))
      try kernel.launch(UInt32(200), Float(-0.5), x, y)
      #expect(y.array == (0..<200).map { Float(-0.5) * Float($0) + 1 })
    }
    let n = 32
    let a = (0..<n * n).map { Float(($0 * 37) % 11) - 5 }
    let b = (0..<n * n).map { Float(($0 * 13) % 7) - 3 }
    let c = (0..<n * n).map { Float($0 % 5) }
    var expected = [Float](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n {
        var sum: Float = 0
        for k in 0..<n { sum += a[i * n + k] * b[k * n + j] }
        expected[i * n + j] = 2 * sum + 0.5 * c[i * n + j]
      }
    }
    for kernel in try kernels(KernelSources.sgemm, "sgemm", on: device) {
      let (bufferA, bufferB, bufferC) = (
        try device.makeBuffer(a), try device.makeBuffer(b), try device.makeBuffer(c)
      )
      let size = UInt32(n)
      try kernel.launch(
        size, size, size, bufferA, size, bufferB, size, bufferC, size, Float(2), Float(0.5))
      #expect(bufferC.array == expected)  // small integers: exact in f32
    }
  }
}

/// Thread switches on loads with two batches per QPU: same results, fewer estimated cycles.
@Suite struct LatencyHidingTests {
  @Test func sgemmWithThreadSwitchesOn16Batches() throws {
    let device = Device.emulator()
    let n = 32
    let a = (0..<n * n).map { Float(($0 * 37) % 11) - 5 }
    let b = (0..<n * n).map { Float(($0 * 13) % 7) - 3 }
    var expected = [Float](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n {
        var sum: Float = 0
        for k in 0..<n { sum += a[i * n + k] * b[k * n + j] }
        expected[i * n + j] = sum
      }
    }
    var cycles: [UInt64] = []
    for (switches, qpus) in [(false, 8), (true, 16)] {
      let kernel = try device.compile(
        source: KernelSources.sgemm, kernel: "sgemm",
        options: CompileOptions(threadSwitching: switches ? .always : .never, threadsPerQPU: 2))
      if switches { #expect(kernel.compiled.statistics.threadSwitches > 0) }
      let (bufferA, bufferB) = (try device.makeBuffer(a), try device.makeBuffer(b))
      let bufferC = try device.makeBuffer(of: Float.self, count: n * n)
      let size = UInt32(n)
      let result = try kernel.launch(
        size, size, size, bufferA, size, bufferB, size, bufferC, size, Float(1), Float(0),
        qpus: qpus)
      #expect(bufferC.array == expected, "thread switches \(switches)")
      cycles.append(result.counters["cycles"] ?? 0)
    }
    print("sgemm 32³ estimated cycles: \(cycles[0]) (8 batches) vs \(cycles[1]) (16, switching)")
  }
}
