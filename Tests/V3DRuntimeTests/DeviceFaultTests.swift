import Foundation
import QPUISA
import Testing

@testable import V3DRuntime

/// The emulator device checks every access at the buffers' exact sizes, keeps
/// guard gaps between buffers, and survives jobs that never end.
@Suite struct DeviceFaultTests {
  func jobFailure(_ body: () throws(RuntimeError) -> Void) -> String? {
    do {
      try body()
      return nil
    } catch .jobFailed(let message) {
      return message
    } catch {
      Issue.record("unexpected error: \(error)")
      return nil
    }
  }

  @Test func buffersHaveGuardGapsBetweenThem() throws {
    let device = Device.emulator()
    let a = try device.makeBuffer(of: UInt32.self, count: 4)
    let b = try device.makeBuffer(of: UInt32.self, count: 4)
    let big = try device.makeBuffer(of: UInt8.self, count: 200_000)
    let c = try device.makeBuffer(of: UInt32.self, count: 4)
    #expect(a.storage.requestedSize == 16)
    #expect(b.gpuAddress >= a.gpuAddress + 4096 + 65536)
    #expect(big.gpuAddress >= b.gpuAddress + 4096 + 65536)
    #expect(c.gpuAddress >= big.gpuAddress + 2 * 200_704)
  }

  @Test func storesOneWordPastTheEndOrBeforeTheStartFault() throws {
    let device = Device.emulator()
    let x = try device.makeBuffer(of: UInt32.self, count: 4)
    let program = try device.makeProgram(try TestPrograms.storeToUniformAddress())
    let names = [x.gpuAddress: "x"]
    let hex = String(x.gpuAddress, radix: 16)
    let start = String(repeating: "0", count: 8 - hex.count) + hex
    func launch(at address: UInt32) throws(RuntimeError) {
      try device.launchAsync(
        program, uniforms: [address], configuration: LaunchConfiguration(batches: 1),
        bufferNames: names
      ).wait()
    }
    let past = jobFailure { () throws(RuntimeError) in try launch(at: x.gpuAddress + 16) }
    #expect(past?.contains("overruns buffer 'x' (16 bytes at 0x\(start)) by 4 bytes") == true)
    #expect(past?.contains("lane 0") == true)
    let before = jobFailure { () throws(RuntimeError) in try launch(at: x.gpuAddress - 4) }
    #expect(
      before?.contains("starts 4 bytes before the start of buffer 'x' (16 bytes at 0x\(start))")
        == true)
    // Inside the page the buffer object rounds up to, but past the buffer.
    let inPage = jobFailure { () throws(RuntimeError) in try launch(at: x.gpuAddress + 4092) }
    #expect(inPage?.contains("overruns buffer 'x' (16 bytes at 0x\(start)) by 4080 bytes") == true)
    // The last word is fine.
    try launch(at: x.gpuAddress + 12)
    #expect(x[3] == x.gpuAddress + 12)
  }

  @Test func aHungJobStopsAtItsBudgetAndTheDeviceGoesOn() throws {
    let device = Device.emulator(options: EmulatorOptions(maxInstructions: 100_000))
    let data = try device.makeBuffer([UInt32](0..<16))
    let spin = try device.makeProgram(try TestPrograms.spin())
    let failure = jobFailure { () throws(RuntimeError) in
      try device.launch(spin, uniforms: [], batches: 1)
    }
    #expect(failure?.contains("instruction budget exceeded") == true)
    let add = try device.makeProgram(try TestPrograms.addConstant())
    try device.launch(add, uniforms: [data.gpuAddress, 7], batches: 1)
    #expect(data.array == (0..<16).map { $0 + 7 })
  }

  /// Stores an increasing counter to the first uniform's address, forever.
  static func countForever() throws -> [UInt64] {
    var p = ProgramBuilder()
    p.emit(signals: .ldunif)
    p.emit(.mov(.rf(1), .r5))
    p.emit(.mov(.r0, 0))
    let top = p.label("top")
    p.emit(.add(.r0, .r0, 1))
    p.emit(.mov(.tmud, .r0))
    p.emit(.mov(.tmua, .rf(1)))
    p.emit(.tmuwt)
    p.branch(to: top)
    p.nop(3)
    p.endProgram()
    return try p.assemble().words
  }

  @Test func aTimedOutJobIsStoppedAndTheDeviceGoesOn() throws {
    let device = Device.emulator()
    let data = try device.makeBuffer([UInt32](repeating: 0, count: 16))
    let forever = try device.makeProgram(try DeviceFaultTests.countForever())
    let handle = try device.launchAsync(
      forever, uniforms: [data.gpuAddress], configuration: LaunchConfiguration(batches: 1))
    let started = Date()
    do {
      _ = try handle.wait(timeout: 0.3)
      Issue.record("expected a timeout")
    } catch .timeout(let seconds) {
      #expect(seconds == 0.3)
    }
    #expect(Date().timeIntervalSince(started) < 10)
    // The job ran, and has stopped: its buffer no longer changes.
    let counted = data[0]
    #expect(counted > 0)
    Thread.sleep(forTimeInterval: 0.2)
    #expect(data[0] == counted)
    // Waiting again reports the same timeout at once.
    do {
      _ = try handle.wait(timeout: 5)
      Issue.record("expected the timeout again")
    } catch .timeout(let seconds) {
      #expect(seconds == 0.3)
    }
    // The same device and buffer run the next job.
    let add = try device.makeProgram(try TestPrograms.addConstant())
    try device.launch(add, uniforms: [data.gpuAddress, 5], batches: 1)
    #expect(data.array == [counted + 5] + [UInt32](repeating: 5, count: 15))
  }
}
