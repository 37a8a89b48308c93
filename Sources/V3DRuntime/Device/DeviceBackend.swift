import QPUEmulator

/// What a device implementation provides; ``Device`` builds everything else
/// (buffers, programs, uniform streams, launches) on it.
protocol DeviceBackend: AnyObject, Sendable {
  var info: DeviceInfo { get }
  /// Allocates a zeroed, host-mapped buffer object.
  func allocate(size: Int) throws(RuntimeError) -> BufferObject
  /// Starts a compute job over the given buffer objects, counting `counters`
  /// where the device can. `names` (by GPU address) say what buffers are, for
  /// out-of-bounds messages.
  func submit(
    configuration: [UInt32], buffers: [BufferObject], names: [UInt32: String],
    counters: [PerformanceCounter]
  ) throws(RuntimeError) -> any RunningJob
}

/// A submitted job.
protocol RunningJob: Sendable {
  /// Waits for the job; throws on timeout or failure.
  func wait(timeoutSeconds: Double) throws(RuntimeError) -> [String: UInt64]
  /// Strict-mode warnings, once finished (emulator only).
  var warnings: [String] { get }
  /// The timing model's report, once finished (emulator only).
  var timing: TimingReport? { get }
}

extension RunningJob {
  var timing: TimingReport? { nil }
}
