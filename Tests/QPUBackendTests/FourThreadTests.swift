import Foundation
import QPUISA
import Testing
import VCKIR

@testable import QPUBackend

/// Code for 4 threads per QPU (`BackendOptions.threadsPerQPU = 4`): values fit rf0–rf31
/// (strict mode rejects higher entries in four-thread mode), the launch sets the CSD's
/// four-thread bit, and results match the interpreter with and without thread switches on
/// loads, at 16 batches (four threads on four QPUs).
@Suite struct FourThreadTests {
  static let options = [
    BackendOptions(threadSwitching: .never, threadsPerQPU: 4),
    BackendOptions(threadSwitching: .always, threadsPerQPU: 4),
  ]

  static func highestRegister(_ kernel: CompiledKernel) throws -> UInt8 {
    var highest: UInt8 = 0
    for word in kernel.words {
      guard case .alu(let alu) = try QPUISA.Instruction(decoding: word) else { continue }
      for destination in [alu.add.destination, alu.mul.destination, alu.signalDestination] {
        if case .register(let index)? = destination { highest = max(highest, index) }
      }
      let reads = alu.muxesRead
      if reads.contains(.a) { highest = max(highest, alu.raddrA) }
      if reads.contains(.b) && !alu.signals.contains(.smallImmediate) {
        highest = max(highest, alu.raddrB)
      }
    }
    return highest
  }

  @Test(arguments: options)
  func saxpy(options: BackendOptions) throws {
    let n = 301
    let x = (0..<n).map { (Float($0) * 0.5 - 3).bitPattern }
    let y = (0..<n).map { (Float($0 % 7) + 0.25).bitPattern }
    let run = try EmulatorHarness.run(
      Kernels.saxpy(), arguments: [.u32(UInt32(n)), .f32(1.5), .buffer(0), .buffer(1)],
      buffers: [x, y], qpus: 16, options: options)
    #expect(run.emulated == run.interpreted)
    #expect(run.statistics.warnings.isEmpty, "\(run.statistics.warnings)")
    #expect(run.kernel.threadsPerQPU == 4)
    #expect(try Self.highestRegister(run.kernel) < 32)
    let configuration = try run.kernel.dispatchConfiguration(
      qpuCount: 16, codeAddress: 0x1000, uniformsAddress: 0x2000)
    #expect(configuration[5] & 1 == 1)
  }

  /// Four threads share the TMU result FIFO: 4 words each (not 8). The summation example
  /// keeps two 4-word vector loads per iteration; with four threads the scheduler must not
  /// have both in flight (strict mode stops a thread that overfills the FIFO).
  @Test(arguments: options)
  func vectorLoadsStayWithinAQuarterOfTheResultFIFO(options: BackendOptions) throws {
    let source = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/summation.vck"), encoding: .utf8)
    let function = try SpillTests.function(source, level: .full)
    let n = 16 * 16 * 8 * 3 + 21
    let run = try EmulatorHarness.run(
      function, arguments: [.u32(UInt32(n)), .buffer(0), .buffer(1)],
      buffers: [(0..<n).map { UInt32($0 * 7 + 3) }, [UInt32](repeating: 0, count: 256)],
      qpus: 16, options: options, optimise: false)
    #expect(run.emulated == run.interpreted)
    #expect(run.statistics.warnings.isEmpty, "\(run.statistics.warnings)")
  }

  /// The 64-element accumulator needs more than 32 registers: with four threads it spills
  /// more, and still agrees with the interpreter.
  @Test func accumulatorSpillsWithinHalfTheRegisterFile() throws {
    let function = try SpillTests.function(SpillTests.accumulator64, level: .full)
    let buffers = [SpillTests.floats(64), SpillTests.floats(256)]
    let four = try EmulatorHarness.run(
      function, arguments: [.u32(3), .buffer(0), .buffer(1)], buffers: buffers, qpus: 16,
      options: BackendOptions(threadsPerQPU: 4), optimise: false)
    #expect(four.emulated == four.interpreted)
    #expect(four.statistics.warnings.isEmpty, "\(four.statistics.warnings)")
    #expect(try Self.highestRegister(four.kernel) < 32)
    let two = try Backend.compile(function)
    #expect(four.kernel.statistics.spills > two.statistics.spills)
    #expect(try Self.highestRegister(two) >= 32)
  }

  @Test func otherThreadCountsAreRefused() throws {
    #expect(throws: BackendError.self) {
      try Backend.compile(Kernels.saxpy(), options: BackendOptions(threadsPerQPU: 3))
    }
  }
}
