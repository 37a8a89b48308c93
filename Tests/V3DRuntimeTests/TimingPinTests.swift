import HandKernels
import QPUEmulator
import Testing

@testable import V3DRuntime

/// Pins the timing model's figures for small jobs of the hand-written kernels
/// (the kernels py-videocore6's examples are modelled on). A change to the
/// model, deliberate or not, changes these numbers: when it is deliberate,
/// re-run the calibration of docs/emulator.md ("Calibration") and update both.
@Suite struct TimingPinTests {
  /// Modelled cycles of each job on a fresh emulator device.
  static let pinned: [String: UInt64] = [
    "memset": 3297, "scopy": 1701, "summation": 1528, "sgemm": 38684,
  ]

  func cycles(_ name: String, _ body: (Device) throws -> LaunchResult) throws -> UInt64 {
    let result = try body(Device.emulator())
    let timing = try #require(result.timing)
    let modelled = try #require(result.modelledSeconds)
    #expect(abs(modelled - timing.seconds) < 1e-9)
    return timing.cycles
  }

  @Test func memset() throws {
    let cycles = try cycles("memset") { device in
      let buffer = try device.makeBuffer(of: UInt32.self, count: 16 * Memset.wordsPerIteration)
      let program = try device.makeProgram(try Memset.program())
      return try device.launch(program, uniforms: [buffer.gpuAddress, 16, 7], batches: 8)
    }
    #expect(cycles == TimingPinTests.pinned["memset"])
  }

  @Test func scopy() throws {
    let cycles = try cycles("scopy") { device in
      let words = 8 * Scopy.wordsPerIteration
      let source = try device.makeBuffer(of: Float.self, count: words)
      let destination = try device.makeBuffer(of: Float.self, count: words)
      let program = try device.makeProgram(try Scopy.program())
      return try device.launch(
        program, uniforms: [source.gpuAddress, destination.gpuAddress, 8], batches: 8)
    }
    #expect(cycles == TimingPinTests.pinned["scopy"])
  }

  @Test func summation() throws {
    let cycles = try cycles("summation") { device in
      let source = try device.makeBuffer(of: UInt32.self, count: 8 * Summation.wordsPerIteration)
      let partials = try device.makeBuffer(of: UInt32.self, count: 128)
      let program = try device.makeProgram(try Summation.program())
      return try device.launch(
        program, uniforms: [source.gpuAddress, partials.gpuAddress, 8], batches: 8)
    }
    #expect(cycles == TimingPinTests.pinned["summation"])
  }

  @Test func sgemm() throws {
    let n = 64
    let cycles = try cycles("sgemm") { device in
      let a = try device.makeBuffer(of: Float.self, count: n * n)
      let b = try device.makeBuffer(of: Float.self, count: n * n)
      let c = try device.makeBuffer(of: Float.self, count: n * n)
      let program = try device.makeProgram(try Sgemm.program())
      return try device.launch(
        program,
        uniforms: [
          a.gpuAddress, b.gpuAddress, c.gpuAddress, UInt32(n), Float(1).bitPattern,
          Float(0).bitPattern,
        ], batches: 8)
    }
    #expect(cycles == TimingPinTests.pinned["sgemm"])
  }
}
