// sgemm: C = αAB + βC for 1024×1024 matrices on all 8 QPUs. Runs the kernel compiled from
// VCK (KernelSources.sgemm); --hand runs the hand-written QPU assembly instead.
import ArgumentParser
import ExampleSupport
import Foundation
import HandKernels
import V3DRuntime
import VCK

struct SgemmExample: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sgemm",
    abstract: "C = αAB + βC for n×n matrices on all 8 QPUs, checked against the CPU.",
    discussion: """
      The rate counts 2n³ + 3n² floating-point operations, as py-videocore6's sgemm \
      example does (2PQR + 3PR for P×Q times Q×R).
      """)

  static let sizeRange = Sgemm.columnsPerPass...2048

  @OptionGroup var options: ExampleOptions

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "The matrices' size, a multiple of \(Sgemm.columnsPerPass) in \(describe(sizeRange)) "
        + "(default: 1024).",
      valueName: "N"),
    transform: { text in
      let value = try wholeNumber(in: SgemmExample.sizeRange)(text)
      guard value % Sgemm.columnsPerPass == 0 else {
        throw ValidationError(
          "it takes a multiple of \(Sgemm.columnsPerPass) in \(describe(SgemmExample.sizeRange))")
      }
      return value
    })
  var n = 1024

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Batches of 16 lanes per QPU for the compiled kernel: 1, or 2 to run a second thread "
        + "on each QPU while the other waits for a load (thread switches on loads). "
        + "Default: what the compiler chose for the kernel.",
      valueName: "B"),
    transform: wholeNumber(in: 1...2))
  var batchesPerQPU: Int?

  func run() throws {
    let n = self.n
    let device = try Device.default()
    let report = ExampleReport(name: "sgemm", device: device, options: options)
    report.announce()
    var generator = SplitMix(seed: 42)
    func matrix() throws -> Buffer<Float> {
      let buffer = try device.makeBuffer(of: Float.self, count: n * n)
      buffer.withUnsafeMutableBufferPointer { values in
        for index in values.indices { values[index] = generator.nextFloat() }
      }
      return buffer
    }
    let a = try matrix()
    let b = try matrix()
    let c = try matrix()
    let originalC = c.array
    let (alpha, beta): (Float, Float) = (0.5, 2.0)
    let result: LaunchResult
    if options.hand {
      let program = try device.makeProgram(try Sgemm.program())
      result = try device.launch(
        program,
        uniforms: [
          a.gpuAddress, b.gpuAddress, c.gpuAddress, UInt32(n), alpha.bitPattern, beta.bitPattern,
        ], configuration: LaunchConfiguration(batches: 8), timeout: 3600)
    } else {
      let kernel = try report.compile(
        KernelSources.sgemm, kernel: "sgemm",
        options: batchesPerQPU.map {
          CompileOptions(threadSwitching: $0 == 2 ? .always : .never, threadsPerQPU: 2)
        } ?? CompileOptions())
      let size = UInt32(n)
      result = try kernel.launch(
        size, size, size, a, size, b, size, c, size, alpha, beta,
        qpus: batchesPerQPU.map { 8 * $0 }, timeout: 3600)
    }
    let size = Double(n)
    report.report(result, work: .flops(2 * size * size * size + 3 * size * size))
    // Reference on the CPU, in double precision.
    let (av, bv) = (a.array, b.array)
    var maxAbsolute = 0.0
    var maxExpected = 0.0
    for i in 0..<n {
      var row = [Double](repeating: 0, count: n)
      for k in 0..<n {
        let aik = Double(av[i * n + k])
        for j in 0..<n { row[j] += aik * Double(bv[k * n + j]) }
      }
      for j in 0..<n {
        let expected = Double(alpha) * row[j] + Double(beta) * Double(originalC[i * n + j])
        let error = abs(Double(c[i * n + j]) - expected)
        maxAbsolute = max(maxAbsolute, error)
        maxExpected = max(maxExpected, abs(expected))
      }
    }
    try report.verify(
      maxAbsolute < 1e-3 * Double(n) / 64,
      "n = \(n), max absolute error \(String(format: "%.3g", maxAbsolute)), "
        + "relative to the largest |C| \(String(format: "%.3g", maxAbsolute / maxExpected))")
  }
}

SgemmExample.main()

/// A small deterministic generator of floats in [-1, 1).
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func nextFloat() -> Float {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Float(z >> 40) / Float(1 << 23) - 1
  }
}
