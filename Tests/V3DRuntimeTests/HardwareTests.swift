import HandKernels
import Testing

@testable import V3DRuntime

/// Whether this machine has a V3D GPU VCK can open (a Raspberry Pi 4).
let hardwareDevice: Device? = try? Device.hardware()

/// The same kernels on the real GPU, where there is one; skipped (and reported as
/// skipped) everywhere else. On a Pi 4 they must agree with the emulator.
@Suite(.enabled(if: hardwareDevice != nil, "no V3D GPU on this machine"))
struct HardwareTests {
  @Test func everyBatchStoresItsLanesOnTheGPU() throws {
    let device = try #require(hardwareDevice)
    let output = try device.makeBuffer(of: UInt32.self, count: 8 * 16)
    let program = try device.makeProgram(try TestPrograms.storeIndices())
    try device.launch(program, uniforms: [output.gpuAddress], batches: 8)
    #expect(output.array == (0..<128).map { UInt32($0) })
  }

  @Test func handKernelsAgreeWithTheEmulator() throws {
    let device = try #require(hardwareDevice)
    let emulator = Device.emulator()
    var results: [[Float]] = []
    for target in [device, emulator] {
      let n = 64
      let a = try target.makeBuffer((0..<n * n).map { Float($0 % 7) - 3 })
      let b = try target.makeBuffer((0..<n * n).map { Float($0 % 5) - 2 })
      let c = try target.makeBuffer((0..<n * n).map { Float($0 % 3) })
      let program = try target.makeProgram(try Sgemm.program())
      try target.launch(
        program,
        uniforms: [
          a.gpuAddress, b.gpuAddress, c.gpuAddress, UInt32(n), Float(1).bitPattern,
          Float(1).bitPattern,
        ], batches: 8)
      results.append(c.array)
    }
    #expect(results[0] == results[1])
  }

  @Test func theCycleCounterCounts() throws {
    let device = try #require(hardwareDevice)
    let program = try device.makeProgram(try GPUClock.program())
    let result = try device.launch(
      program, uniforms: [100_000], configuration: LaunchConfiguration(batches: 1),
      counters: [.cycleCount])
    let cycles = result.counters[PerformanceCounter.cycleCount.key] ?? 0
    #expect(cycles >= UInt64(100_000 * GPUClock.cyclesPerIteration))
  }
}
