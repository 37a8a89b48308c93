import QPUISA
import Testing

@testable import V3DRuntime

/// The same launches on both devices: the emulator device, and the hardware
/// device over the kernel test double (which runs the real ioctl path).
@Suite struct DeviceTests {
  static func devices() throws -> [(String, Device)] {
    [
      ("emulator", Device.emulator()),
      ("hardware over EmulatedKernel", try Device.hardware(kernel: EmulatedKernel())),
    ]
  }

  @Test func everyBatchStoresItsLanes() throws {
    for (name, device) in try Self.devices() {
      let output = try device.makeBuffer(of: UInt32.self, count: 8 * 16)
      output.fill(with: 0xDEAD_BEEF)
      let program = try device.makeProgram(try TestPrograms.storeIndices())
      let result = try device.launch(program, uniforms: [output.gpuAddress], batches: 8)
      let expected: [UInt32] = (0..<128).map { UInt32($0) }
      #expect(output.array == expected, "\(name)")
      #expect(result.seconds >= 0)
      if device.info.kind == .emulator {
        // Every batch runs every instruction but the one after the thread end's delay slots.
        let expected = UInt64(8 * (program.words.count - 1))
        let instructions: UInt64 = result.counters["instructions"] ?? 0
        #expect(instructions == expected, "\(name)")
      }
    }
  }

  @Test func loadAddStore() throws {
    for (name, device) in try Self.devices() {
      let data = try device.makeBuffer((0..<16).map { UInt32($0 * 3) })
      let program = try device.makeProgram(try TestPrograms.addConstant())
      try device.launch(program, uniforms: [data.gpuAddress, 1000], batches: 1)
      let expected: [UInt32] = (0..<16).map { UInt32($0 * 3 + 1000) }
      #expect(data.array == expected, "\(name)")
    }
  }

  @Test func buffersAreCollections() throws {
    let device = Device.emulator()
    let buffer = try device.makeBuffer(of: Float.self, count: 10)
    buffer[3] = 2.5
    #expect(buffer.count == 10 && buffer[3] == 2.5 && buffer.reduce(0, +) == 2.5)
    #expect(buffer.gpuAddress(of: 3) == buffer.gpuAddress + 12)
    #expect(buffer.storage.size == 4096)
    let other = try device.makeBuffer(of: UInt8.self, count: 5000)
    #expect(other.storage.size == 8192)
    #expect(!other.storage.contains(gpuAddress: buffer.gpuAddress, count: 4))
  }

  @Test func aHangIsStoppedByTheInstructionBudget() throws {
    let device = Device.emulator(options: EmulatorOptions(maxInstructions: 10_000))
    let program = try device.makeProgram(try TestPrograms.spin())
    do {
      try device.launch(program, uniforms: [], batches: 1)
      Issue.record("a spinning program must not finish")
    } catch {
      guard case .jobFailed(let message) = error else {
        Issue.record("unexpected error: \(error)")
        return
      }
      #expect(message.contains("instruction"))
    }
  }

  @Test func aSlowJobTimesOut() throws {
    let device = Device.emulator(options: EmulatorOptions(maxInstructions: 30_000_000))
    let program = try device.makeProgram(try TestPrograms.spin())
    let handle = try device.launchAsync(
      program, uniforms: [], configuration: LaunchConfiguration(batches: 1))
    do {
      _ = try handle.wait(timeout: 0.05)
      Issue.record("expected a timeout")
    } catch {
      guard case .timeout(let seconds) = error else {
        Issue.record("unexpected error: \(error)")
        return
      }
      #expect(seconds == 0.05)
    }
  }

  @Test func outOfBoundsStoresFaultWithTheAddress() throws {
    let device = Device.emulator()
    let program = try device.makeProgram(try TestPrograms.storeToUniformAddress())
    do {
      try device.launch(program, uniforms: [0x0000_0040], batches: 1)
      Issue.record("a store outside every buffer must fault")
    } catch {
      guard case .jobFailed(let message) = error else {
        Issue.record("unexpected error: \(error)")
        return
      }
      #expect(message.contains("0x00000040") || message.contains("0x40"))
    }
  }

  @Test func defaultDeviceFollowsVCKDevice() throws {
    #expect(try Device.default(environment: ["VCK_DEVICE": "emulator"]).info.kind == .emulator)
    let hardware = try Device.default(environment: ["VCK_DEVICE": "v3d"], kernel: EmulatedKernel())
    #expect(hardware.info.kind == .hardware)
    #expect(hardware.info.name == "V3D at /dev/dri/card1")
    do {
      _ = try Device.default(environment: ["VCK_DEVICE": "gpu"])
      Issue.record("unknown device names must be refused")
    } catch {
      guard case .unknownDeviceName(let name) = error else {
        Issue.record("unexpected error: \(error)")
        return
      }
      #expect(name == "gpu")
    }
    // No V3D node: the default falls back to the emulator.
    let noGPU = EmulatedKernel(nodes: [EmulatedKernel.Node(path: "/dev/dri/card0", driver: "vc4")])
    #expect(try Device.default(environment: [:], kernel: noGPU).info.kind == .emulator)
  }
}
