import QPUISA
import Testing
import VCKIR

@testable import QPUBackend

/// Per-feature codegen tests: each kernel runs on the IR interpreter and, compiled, on the
/// emulator in strict mode; the buffers must agree bit for bit.
@Suite struct CodegenTests {
  static let schedulers = BackendOptions.Scheduling.allCases

  @Test(arguments: schedulers)
  func saxpy(scheduling: BackendOptions.Scheduling) throws {
    let n = 45
    let x = (0..<n).map { (Float($0) * 0.5 - 3).bitPattern }
    let y = (0..<n).map { (Float($0 % 7) + 0.25).bitPattern }
    let run = try EmulatorHarness.run(
      Kernels.saxpy(), arguments: [.u32(UInt32(n)), .f32(1.5), .buffer(0), .buffer(1)],
      buffers: [x, y], qpus: 2, options: BackendOptions(scheduling: scheduling))
    #expect(run.emulated == run.interpreted)
    #expect(run.statistics.warnings.isEmpty)
  }

  @Test(arguments: schedulers)
  func summation(scheduling: BackendOptions.Scheduling) throws {
    let n = 70
    let source = (0..<n).map { UInt32($0 * 3 + 1) }
    let run = try EmulatorHarness.run(
      Kernels.summation(), arguments: [.u32(UInt32(n)), .buffer(0), .buffer(1), .buffer(2)],
      buffers: [source, [UInt32](repeating: 0, count: 48), [0, 0, 0]], qpus: 3,
      options: BackendOptions(scheduling: scheduling))
    #expect(run.emulated == run.interpreted)
  }
}
