import CLibDRM

/// One open V3D DRM node, with the ioctls a compute runtime needs, each
/// packing and unpacking the kernel's structures (shared/isa/driver.md §3).
final class V3DDriver: @unchecked Sendable {
  let kernel: any KernelInterface
  let fd: Int32
  let path: String

  init(kernel: any KernelInterface, fd: Int32, path: String) {
    self.kernel = kernel
    self.fd = fd
    self.path = path
  }

  deinit { kernel.close(fd) }

  private func call<T>(_ request: UInt, _ argument: inout T) -> Errno? {
    withUnsafeMutableBytes(of: &argument) { kernel.ioctl(fd, request, $0.baseAddress!) }
  }

  /// The DRM driver's name (`v3d` for the Pi 4's GPU) and version.
  static func driverName(kernel: any KernelInterface, fd: Int32) -> (name: String, version: String)?
  {
    var version = vck_drm_version()
    var failed = withUnsafeMutableBytes(of: &version) {
      kernel.ioctl(fd, UInt(VCK_DRM_IOCTL_VERSION), $0.baseAddress!)
    }
    guard failed == nil, version.name_len > 0, version.name_len < 256 else { return nil }
    var name = [UInt8](repeating: 0, count: Int(version.name_len))
    name.withUnsafeMutableBytes { buffer in
      version.name = UInt64(UInt(bitPattern: buffer.baseAddress))
      version.date_len = 0
      version.desc_len = 0
      failed = withUnsafeMutableBytes(of: &version) {
        kernel.ioctl(fd, UInt(VCK_DRM_IOCTL_VERSION), $0.baseAddress!)
      }
    }
    guard failed == nil else { return nil }
    return (
      String(decoding: name.prefix { $0 != 0 }, as: UTF8.self),
      "\(version.version_major).\(version.version_minor).\(version.version_patchlevel)"
    )
  }

  /// GET_PARAM.
  func parameter(_ parameter: UInt32) -> Result<UInt64, Errno> {
    var argument = vck_v3d_get_param(param: parameter, pad: 0, value: 0)
    if let error = call(UInt(VCK_V3D_IOCTL_GET_PARAM), &argument) { return .failure(error) }
    return .success(argument.value)
  }

  /// CREATE_BO: a zeroed buffer object of at least `size` bytes.
  func createBufferObject(size: UInt32) -> Result<(handle: UInt32, address: UInt32), Errno> {
    var argument = vck_v3d_create_bo(size: size, flags: 0, handle: 0, offset: 0)
    if let error = call(UInt(VCK_V3D_IOCTL_CREATE_BO), &argument) { return .failure(error) }
    return .success((argument.handle, argument.offset))
  }

  /// MMAP_BO then mmap: the BO's memory in this process.
  func map(handle: UInt32, size: Int) -> Result<UnsafeMutableRawPointer, Errno> {
    var argument = vck_v3d_mmap_bo(handle: handle, flags: 0, offset: 0)
    if let error = call(UInt(VCK_V3D_IOCTL_MMAP_BO), &argument) { return .failure(error) }
    return kernel.map(fd, size: size, offset: argument.offset)
  }

  /// GEM_CLOSE.
  func close(handle: UInt32) {
    var argument = vck_drm_gem_close(handle: handle, pad: 0)
    _ = call(UInt(VCK_DRM_IOCTL_GEM_CLOSE), &argument)
  }

  /// SUBMIT_CSD: queues a compute job over the given buffer objects.
  func submitCompute(configuration: [UInt32], handles: [UInt32], perfmon: UInt32 = 0) -> Errno? {
    precondition(configuration.count == 7, "seven CSD configuration words")
    var handleArray = handles
    return handleArray.withUnsafeMutableBufferPointer { buffer in
      var argument = vck_v3d_submit_csd()
      withUnsafeMutableBytes(of: &argument.cfg) { cfg in
        for (index, word) in configuration.enumerated() {
          cfg.storeBytes(of: word, toByteOffset: index * 4, as: UInt32.self)
        }
      }
      argument.bo_handles = UInt64(UInt(bitPattern: buffer.baseAddress))
      argument.bo_handle_count = UInt32(buffer.count)
      argument.perfmon_id = perfmon
      return call(UInt(VCK_V3D_IOCTL_SUBMIT_CSD), &argument)
    }
  }

  /// WAIT_BO: waits until every job using the BO has finished, or the
  /// timeout (nanoseconds) passes (ETIME).
  func wait(handle: UInt32, timeoutNanoseconds: UInt64) -> Errno? {
    var argument = vck_v3d_wait_bo(handle: handle, pad: 0, timeout_ns: timeoutNanoseconds)
    while true {
      let error = call(UInt(VCK_V3D_IOCTL_WAIT_BO), &argument)
      // EAGAIN: the timeout was not used up (jiffy rounding); retry with what is left.
      if error == .tryAgain && argument.timeout_ns > 0 { continue }
      return error
    }
  }

  /// PERFMON_CREATE with up to 32 counter sources.
  func createPerfmon(counters: [UInt8]) -> Result<UInt32, Errno> {
    var argument = vck_v3d_perfmon_create()
    argument.ncounters = UInt32(counters.count)
    withUnsafeMutableBytes(of: &argument.counters) { bytes in
      for (index, counter) in counters.prefix(32).enumerated() { bytes[index] = counter }
    }
    if let error = call(UInt(VCK_V3D_IOCTL_PERFMON_CREATE), &argument) { return .failure(error) }
    return .success(argument.id)
  }

  /// PERFMON_GET_VALUES: the 64-bit totals of a perfmon's counters.
  func perfmonValues(id: UInt32, count: Int) -> Result<[UInt64], Errno> {
    var values = [UInt64](repeating: 0, count: count)
    let error = values.withUnsafeMutableBufferPointer { buffer in
      var argument = vck_v3d_perfmon_get_values(
        id: id, pad: 0, values_ptr: UInt64(UInt(bitPattern: buffer.baseAddress)))
      return call(UInt(VCK_V3D_IOCTL_PERFMON_GET_VALUES), &argument)
    }
    if let error { return .failure(error) }
    return .success(values)
  }

  /// PERFMON_DESTROY.
  func destroyPerfmon(id: UInt32) {
    var argument = vck_v3d_perfmon_destroy(id: id)
    _ = call(UInt(VCK_V3D_IOCTL_PERFMON_DESTROY), &argument)
  }
}
