import Dispatch
import QPUEmulator

/// The emulator device: buffer objects are host memory at GPU addresses this
/// backend assigns, with unmapped guard gaps between them; jobs run on the
/// QPU emulator on a background thread and may touch exactly the bytes each
/// buffer was asked for.
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
    let span = UInt64(rounded + EmulatorBackend.guardGap(after: rounded))
    let (handle, address): (UInt32, UInt32) = try lock.withLock { () throws(RuntimeError) in
      if let index = freeRanges.firstIndex(where: { $0.size == rounded }) {
        let range = freeRanges.remove(at: index)
        defer { nextHandle += 1 }
        return (nextHandle, range.address)
      }
      guard nextAddress + span <= 0xFFFF_F000 else {
        throw .allocationFailed(size: size, reason: "the 4 GiB GPU address space is used up")
      }
      defer {
        nextAddress += span
        nextHandle += 1
      }
      return (nextHandle, UInt32(nextAddress))
    }
    let memory = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: 4096)
    memory.initializeMemory(as: UInt8.self, repeating: 0, count: rounded)
    return BufferObject(
      handle: handle, gpuAddress: address, size: rounded, requestedSize: size,
      hostAddress: memory
    ) { [weak self] object in
      object.hostAddress.deallocate()
      self?.lock.withLock { self?.freeRanges.append((object.gpuAddress, object.size)) }
    }
  }

  /// The unmapped GPU addresses left after a buffer of `rounded` bytes: as
  /// many as the buffer has, at least 64 KiB and at most 16 MiB, so that an
  /// access that overruns a buffer by less than its own size (or 64 KiB)
  /// faults instead of landing in the next buffer.
  static func guardGap(after rounded: Int) -> Int {
    min(max(rounded, 1 << 16), 1 << 24)
  }

  func submit(
    configuration: [UInt32], buffers: [BufferObject], names: [UInt32: String],
    counters: [PerformanceCounter]
  ) throws(RuntimeError) -> any RunningJob {
    let job = EmulatorJob()
    let options = self.options
    // The job keeps its buffers alive until it ends.
    let retained = buffers
    DispatchQueue.global().async {
      let result: Result<EmulatorJobResult, RuntimeError>
      do throws(RuntimeError) {
        result = .success(
          try EmulatorJobRunner.run(
            configuration: configuration,
            buffers: retained.map { ($0.gpuAddress, $0.requestedBytes, names[$0.gpuAddress]) },
            options: options, cancellation: job.cancellation))
      } catch {
        result = .failure(error)
      }
      withExtendedLifetime(retained) { job.finish(result) }
    }
    return job
  }
}

/// A job running on the emulator in the background. A wait that times out
/// cancels it and waits for it to stop (within
/// `Emulator.cancellationInterval` instructions), so that after a timeout
/// the job no longer touches its buffers and the device is free for the next.
final class EmulatorJob: RunningJob, @unchecked Sendable {
  let cancellation = JobCancellation()
  private let done = DispatchSemaphore(value: 0)
  private let lock = Lock()
  private var result: Result<EmulatorJobResult, RuntimeError>?
  private var timedOut: Double?

  func finish(_ result: Result<EmulatorJobResult, RuntimeError>) {
    lock.withLock { self.result = result }
    done.signal()
  }

  func wait(timeoutSeconds: Double) throws(RuntimeError) -> [String: UInt64] {
    if lock.withLock({ result }) == nil {
      let seconds = max(0, min(timeoutSeconds, 1e9))
      let deadline = DispatchTime.now() + .nanoseconds(Int(seconds * 1e9))
      if done.wait(timeout: deadline) == .timedOut {
        cancellation.cancel()
        done.wait()
        lock.withLock { self.timedOut = self.timedOut ?? timeoutSeconds }
      }
      done.signal()  // let later waits through
    }
    let (finished, stoppedAfter) = lock.withLock { (result!, timedOut) }
    switch finished {
    case .success(let value): return value.counters
    case .failure(let error):
      // A job the timeout stopped reports the timeout, not its cancellation.
      if let stoppedAfter { throw .timeout(seconds: stoppedAfter) }
      throw error
    }
  }

  var warnings: [String] {
    if case .success(let value)? = lock.withLock({ result }) { return value.warnings }
    return []
  }

  var timing: TimingReport? {
    if case .success(let value)? = lock.withLock({ result }) { return value.timing }
    return nil
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
