import CLibDRM
import Dispatch

/// The V3D GPU through the kernel's DRM driver.
final class HardwareBackend: DeviceBackend, @unchecked Sendable {
  let info: DeviceInfo
  let driver: V3DDriver

  /// Opens the first DRM node whose driver is `v3d`.
  init(kernel: any KernelInterface) throws(RuntimeError) {
    var denied: String?
    var found: (V3DDriver, String)?
    var seen: [String] = []
    for path in kernel.deviceNodes() {
      switch kernel.open(path) {
      case .failure(let error):
        if error == .accessDenied || error == .permissionDenied { denied = denied ?? path }
      case .success(let fd):
        if let (name, _) = V3DDriver.driverName(kernel: kernel, fd: fd) {
          seen.append("\(path): \(name)")
          if name == "v3d" {
            found = (V3DDriver(kernel: kernel, fd: fd, path: path), path)
            break
          }
        }
        kernel.close(fd)
      }
      if found != nil { break }
    }
    guard let (driver, path) = found else {
      if let denied { throw .permissionDenied(path: denied) }
      throw .noDevice(
        seen.isEmpty ? "no /dev/dri nodes" : "DRM drivers: \(seen.joined(separator: ", "))")
    }
    self.driver = driver
    func parameter(_ p: Int) -> UInt64? { try? driver.parameter(UInt32(p)).get() }
    guard parameter(VCK_V3D_PARAM_SUPPORTS_CSD) == 1 else {
      throw .computeUnsupported("GET_PARAM SUPPORTS_CSD is not 1")
    }
    var info = DeviceInfo(
      kind: .hardware, name: "V3D at \(path)",
      core0Ident0: UInt32(truncatingIfNeeded: parameter(VCK_V3D_PARAM_CORE0_IDENT0) ?? 0),
      core0Ident1: UInt32(truncatingIfNeeded: parameter(VCK_V3D_PARAM_CORE0_IDENT1) ?? 0))
    info.supportsPerfmon = parameter(VCK_V3D_PARAM_SUPPORTS_PERFMON) == 1
    self.info = info
  }

  func allocate(size: Int) throws(RuntimeError) -> BufferObject {
    guard size > 0, size <= Int(UInt32.max) - 4095 else {
      throw .allocationFailed(size: size, reason: "size must be 1 byte … 4 GiB")
    }
    let rounded = pageRounded(size)
    let (handle, address): (UInt32, UInt32)
    switch driver.createBufferObject(size: UInt32(rounded)) {
    case .success(let bo): (handle, address) = bo
    case .failure(let error): throw .allocationFailed(size: size, reason: "CREATE_BO: \(error)")
    }
    let pointer: UnsafeMutableRawPointer
    switch driver.map(handle: handle, size: rounded) {
    case .success(let p): pointer = p
    case .failure(let error):
      driver.close(handle: handle)
      throw .allocationFailed(size: size, reason: "mapping the BO: \(error)")
    }
    let driver = self.driver
    return BufferObject(
      handle: handle, gpuAddress: address, size: rounded, requestedSize: size, hostAddress: pointer
    ) { object in
      driver.kernel.unmap(object.hostAddress, size: object.size)
      driver.close(handle: object.handle)
    }
  }

  func submit(
    configuration: [UInt32], buffers: [BufferObject], names: [UInt32: String],
    counters: [PerformanceCounter]
  ) throws(RuntimeError) -> any RunningJob {
    var perfmon: UInt32 = 0
    if !counters.isEmpty {
      guard counters.count <= 32 else {
        throw .invalidConfiguration("at most 32 performance counters per launch")
      }
      switch driver.createPerfmon(counters: counters.map(\.rawValue)) {
      case .success(let id): perfmon = id
      case .failure(let error): throw .kernelCallFailed(call: "PERFMON_CREATE", errno: error)
      }
    }
    if let error = driver.submitCompute(
      configuration: configuration, handles: buffers.map(\.handle), perfmon: perfmon)
    {
      if perfmon != 0 { driver.destroyPerfmon(id: perfmon) }
      throw .kernelCallFailed(call: "SUBMIT_CSD", errno: error)
    }
    return HardwareJob(driver: driver, buffers: buffers, perfmon: perfmon, counters: counters)
  }
}

/// A job queued on the V3D; waiting waits on its buffer objects.
struct HardwareJob: RunningJob, @unchecked Sendable {
  let driver: V3DDriver
  let buffers: [BufferObject]
  let perfmon: UInt32
  let counters: [PerformanceCounter]

  func wait(timeoutSeconds: Double) throws(RuntimeError) -> [String: UInt64] {
    let nanoseconds = UInt64(max(0, min(timeoutSeconds, 1e9)) * 1e9)
    for buffer in buffers {
      switch driver.wait(handle: buffer.handle, timeoutNanoseconds: nanoseconds) {
      case nil: continue
      case .timedOut?: throw .timeout(seconds: timeoutSeconds)
      case let error?: throw .kernelCallFailed(call: "WAIT_BO", errno: error)
      }
    }
    guard perfmon != 0 else { return [:] }
    defer { driver.destroyPerfmon(id: perfmon) }
    switch driver.perfmonValues(id: perfmon, count: counters.count) {
    case .success(let values):
      return Dictionary(zip(counters.map(\.key), values)) { first, _ in first }
    case .failure(let error):
      throw .kernelCallFailed(call: "PERFMON_GET_VALUES", errno: error)
    }
  }

  var warnings: [String] { [] }
}
