import CLibDRM
import Testing

@testable import V3DRuntime

/// The hardware device's error paths and the kernel test double's checks.
@Suite struct EmulatedKernelTests {
  @Test func discoveryAsksEveryNodeForItsDriver() throws {
    let kernel = EmulatedKernel()
    let device = try Device.hardware(kernel: kernel)
    #expect(device.info.name == "V3D at /dev/dri/card1")
    #expect(device.info.versionMajor == 4 && device.info.versionMinor == 2)
    #expect(device.info.qpuCount == 8 && device.info.slices == 2)
    #expect(kernel.calls.prefix(3) == ["VERSION", "VERSION", "VERSION"])
  }

  @Test func errorsSayWhatToDo() {
    func failure(_ kernel: EmulatedKernel) -> RuntimeError? {
      do {
        _ = try Device.hardware(kernel: kernel)
        return nil
      } catch {
        return error
      }
    }
    let denied = EmulatedKernel(deniedPaths: ["/dev/dri/card1", "/dev/dri/renderD128"])
    #expect(failure(denied) == .permissionDenied(path: "/dev/dri/card1"))
    #expect(failure(denied)?.description.contains("render") == true)
    let noCompute = EmulatedKernel(supportsCompute: false)
    if case .computeUnsupported? = failure(noCompute) {
    } else {
      Issue.record("expected computeUnsupported")
    }
    let none = EmulatedKernel(nodes: [])
    if case .noDevice? = failure(none) {} else { Issue.record("expected noDevice") }
  }

  @Test func buffersAreFreedWhenReleased() throws {
    let kernel = EmulatedKernel()
    let device = try Device.hardware(kernel: kernel)
    do {
      let a = try device.makeBuffer(of: UInt32.self, count: 100)
      let b = try device.makeBuffer(of: Float.self, count: 5000)
      #expect(kernel.liveBufferObjects == 2)
      #expect(a.storage.size == 4096 && b.storage.size == 20480)
      #expect(a.gpuAddress != b.gpuAddress)
    }
    #expect(kernel.liveBufferObjects == 0)
  }

  @Test func kernelChecksStructuresLikeTheKernel() throws {
    let kernel = EmulatedKernel()
    guard case .success(let fd) = kernel.open("/dev/dri/renderD128") else {
      Issue.record("open failed")
      return
    }
    var create = vck_v3d_create_bo(size: 0, flags: 0, handle: 0, offset: 0)
    #expect(
      withUnsafeMutableBytes(of: &create) {
        kernel.ioctl(fd, UInt(VCK_V3D_IOCTL_CREATE_BO), $0.baseAddress!)
      } == .invalid)
    create = vck_v3d_create_bo(size: 100, flags: 1, handle: 0, offset: 0)
    #expect(
      withUnsafeMutableBytes(of: &create) {
        kernel.ioctl(fd, UInt(VCK_V3D_IOCTL_CREATE_BO), $0.baseAddress!)
      } == .invalid)
    var mmap = vck_v3d_mmap_bo(handle: 99, flags: 0, offset: 0)
    #expect(
      withUnsafeMutableBytes(of: &mmap) {
        kernel.ioctl(fd, UInt(VCK_V3D_IOCTL_MMAP_BO), $0.baseAddress!)
      } == .noEntry)
    var param = vck_v3d_get_param(param: 99, pad: 0, value: 0)
    #expect(
      withUnsafeMutableBytes(of: &param) {
        kernel.ioctl(fd, UInt(VCK_V3D_IOCTL_GET_PARAM), $0.baseAddress!)
      } == .invalid)
    var submit = vck_v3d_submit_csd()
    #expect(
      withUnsafeMutableBytes(of: &submit) {
        kernel.ioctl(fd, UInt(VCK_V3D_IOCTL_SUBMIT_CSD), $0.baseAddress!)
      } == .invalid)
    var unknown: UInt64 = 0
    #expect(
      withUnsafeMutableBytes(of: &unknown) { kernel.ioctl(fd, 0xC008_6499, $0.baseAddress!) }
        == .invalid)
  }

  @Test func submissionsCarryTheConfigurationWords() throws {
    let kernel = EmulatedKernel()
    let device = try Device.hardware(kernel: kernel)
    let output = try device.makeBuffer(of: UInt32.self, count: 16 * 8)
    let program = try device.makeProgram(try TestPrograms.storeIndices())
    try device.launch(program, uniforms: [output.gpuAddress], batches: 8)
    #expect(kernel.submittedConfigurations.count == 1)
    let words = kernel.submittedConfigurations[0]
    #expect(words[4] == 7)
    #expect(words[5] & ~7 == program.gpuAddress)
    #expect(kernel.jobFailures.isEmpty)
    #expect(kernel.calls.contains("SUBMIT_CSD") && kernel.calls.contains("WAIT_BO"))
  }

  @Test func aFaultingJobIsSilentOnHardwareButRecorded() throws {
    let kernel = EmulatedKernel()
    let device = try Device.hardware(kernel: kernel)
    let program = try device.makeProgram(try TestPrograms.storeToUniformAddress())
    try device.launch(program, uniforms: [0x40], batches: 1)
    #expect(kernel.jobFailures.count == 1)
  }
}

@Suite struct PerformanceCounterTests {
  @Test func perfmonCountersComeBackPerLaunch() throws {
    let kernel = EmulatedKernel()
    let device = try Device.hardware(kernel: kernel)
    let output = try device.makeBuffer(of: UInt32.self, count: 16 * 8)
    let program = try device.makeProgram(try TestPrograms.storeIndices())
    let result = try device.launch(
      program, uniforms: [output.gpuAddress], configuration: LaunchConfiguration(batches: 8),
      counters: [.cycleCount, .qpuValidInstructionCycles, .l2tHits])
    let cycles: UInt64 = result.counters["cycleCount"] ?? 0
    let valid: UInt64 = result.counters["qpuValidInstructionCycles"] ?? 0
    #expect(cycles > 0)
    #expect(valid == UInt64(4 * 8 * (program.words.count - 1)))
    #expect(result.counters["l2tHits"] == 0)
    #expect(kernel.calls.contains("PERFMON_CREATE") && kernel.calls.contains("PERFMON_DESTROY"))
  }

  @Test func programsFromTextAssembly() throws {
    let device = Device.emulator()
    let output = try device.makeBuffer(of: UInt32.self, count: 16)
    let program = try device.makeProgram(
      assembly: """
        nop ; nop ; ldunif
        eidx r0
        shl r1, r0, 2
        mov tmud, r0
        add tmua, r1, r5                  # address: base + 4 × lane
        tmuwt -
        nop ; nop ; thrsw
        nop ; nop ; thrsw
        nop
        nop
        nop ; nop ; thrsw
        nop
        nop
        nop
        """)
    try device.launch(program, uniforms: [output.gpuAddress], batches: 1)
    #expect(output.array == (0..<16).map { UInt32($0) })
  }
}
