import Dispatch

/// The emulator device: buffer objects are host memory at GPU addresses this
/// backend assigns; jobs run on the QPU emulator on a background thread.
final class EmulatorBackend: DeviceBackend, @unchecked Sendable {
  let info: DeviceInfo
  let options: EmulatorOptions
  private let lock = Lock()
  private var nextAddress: UInt64 = 0x0010_0000
  private var nextHandle: UInt32 = 1
  private var freeRanges: [(address: UInt32, size: Int)] = []

  init(options: EmulatorOptions) {
    self.options = options
    var info = DeviceInfo(
      kind: .emulator, name: "QPU emulator", core0Ident0: EmulatedIdentity.core0Ident0,
      core0Ident1: EmulatedIdentity.core0Ident1)
    info.clockHz = 500_000_000
    info.supportsPerfmon = false
    self.info = info
  }

  func allocate(size: Int) throws(RuntimeError) -> BufferObject {
    guard size > 0 else { throw .allocationFailed(size: size, reason: "size must be positive") }
    let rounded = pageRounded(size)
    let (handle, address): (UInt32, UInt32) = try lock.withLock { () throws(RuntimeError) in
      if let index = freeRanges.firstIndex(where: { $0.size == rounded }) {
        let range = freeRanges.remove(at: index)
        defer { nextHandle += 1 }
        return (nextHandle, range.address)
      }
      guard nextAddress + UInt64(rounded) <= 0xFFFF_F000 else {
        throw .allocationFailed(size: size, reason: "the 4 GiB GPU address space is used up")
      }
      defer {
        nextAddress += UInt64(rounded)
        nextHandle += 1
      }
      return (nextHandle, UInt32(nextAddress))
    }
    let memory = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: 4096)
    memory.initializeMemory(as: UInt8.self, repeating: 0, count: rounded)
    return BufferObject(handle: handle, gpuAddress: address, size: rounded, hostAddress: memory) {
      [weak self] object in
      object.hostAddress.deallocate()
      self?.lock.withLock { self?.freeRanges.append((object.gpuAddress, object.size)) }
    }
  }

  func submit(
    configuration: [UInt32], buffers: [BufferObject], counters: [PerformanceCounter]
  ) throws(RuntimeError) -> any RunningJob {
    let job = EmulatorJob()
    let options = self.options
    // The job keeps its buffers alive until it ends.
    let retained = buffers
    DispatchQueue.global().async {
      let result: Result<(counters: [String: UInt64], warnings: [String]), RuntimeError>
      do throws(RuntimeError) {
        result = .success(
          try EmulatorJobRunner.run(
            configuration: configuration,
            buffers: retained.map { ($0.gpuAddress, $0.bytes) }, options: options))
      } catch {
        result = .failure(error)
      }
      withExtendedLifetime(retained) { job.finish(result) }
    }
    return job
  }
}

/// A job running on the emulator in the background.
final class EmulatorJob: RunningJob, @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private let lock = Lock()
  private var result: Result<(counters: [String: UInt64], warnings: [String]), RuntimeError>?

  func finish(_ result: Result<(counters: [String: UInt64], warnings: [String]), RuntimeError>) {
    lock.withLock { self.result = result }
    done.signal()
  }

  func wait(timeoutSeconds: Double) throws(RuntimeError) -> [String: UInt64] {
    if lock.withLock({ result }) == nil {
      let deadline = DispatchTime.now() + .nanoseconds(Int(min(timeoutSeconds, 1e9) * 1e9))
      if done.wait(timeout: deadline) == .timedOut { throw .timeout(seconds: timeoutSeconds) }
      done.signal()  // let later waits through
    }
    switch lock.withLock({ result })! {
    case .success(let value): return value.counters
    case .failure(let error): throw error
    }
  }

  var warnings: [String] {
    if case .success(let value)? = lock.withLock({ result }) { return value.warnings }
    return []
  }
}

/// The identification registers the emulated V3D reports: V3D 4.2, 2 slices
/// of 4 QPUs, 1 TMU per slice (values assumed for a Pi 4, driver.md §10).
enum EmulatedIdentity {
  static let core0Ident0: UInt32 = 0x0444_3356  // VER 4, "V3D"
  // VPM 4 × 8 KiB, NSEM 16, NTMU 1, QUPS 4, NSLC 2, REV 2.
  static let core0Ident1: UInt32 = 0x4010_1422
  static let hubIdent1: UInt32 = 0x0000_0124  // NCORES 1, REV 2, TVER 4
}
