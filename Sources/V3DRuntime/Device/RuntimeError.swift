/// What can go wrong between a program and the GPU, each with what to do.
public enum RuntimeError: Error, Hashable, Sendable, CustomStringConvertible {
  /// No V3D device node exists (and the emulator was not allowed).
  case noDevice(String)
  /// A V3D node exists but this user may not open it.
  case permissionDenied(path: String)
  /// The kernel's V3D driver cannot run compute jobs.
  case computeUnsupported(String)
  /// A buffer object could not be allocated or mapped.
  case allocationFailed(size: Int, reason: String)
  /// The job did not finish in time (on hardware, the kernel may reset the GPU).
  case timeout(seconds: Double)
  /// A launch or buffer request that cannot be honoured.
  case invalidConfiguration(String)
  /// The kernel refused a call.
  case kernelCallFailed(call: String, errno: Errno)
  /// The emulator stopped the job (fault, broken pipeline rule, hang).
  case jobFailed(String)
  /// `VCK_DEVICE` names no known device.
  case unknownDeviceName(String)

  public var description: String {
    switch self {
    case .noDevice(let detail):
      return "no V3D GPU found (\(detail)); on a Raspberry Pi 4 enable the KMS driver "
        + "(dtoverlay=vc4-kms-v3d in /boot/config.txt), or run on the emulator "
        + "(VCK_DEVICE=emulator)"
    case .permissionDenied(let path):
      return "permission denied opening \(path): add your user to the 'render' and 'video' "
        + "groups (sudo usermod -aG render,video $USER, then log in again)"
    case .computeUnsupported(let detail):
      return "the kernel's v3d driver has no compute (CSD) support (\(detail)); "
        + "use a Linux 5.x or newer kernel"
    case .allocationFailed(let size, let reason):
      return "cannot allocate a \(size)-byte GPU buffer: \(reason); free buffers, or increase "
        + "the CMA/GPU memory"
    case .timeout(let seconds):
      return "the job did not finish within \(seconds) s; on hardware the kernel resets the GPU "
        + "after ~0.5 s without progress: split long work into more batches or several launches"
    case .invalidConfiguration(let detail):
      return "invalid launch: \(detail)"
    case .kernelCallFailed(let call, let errno):
      return "\(call) failed: \(errno)"
    case .jobFailed(let detail):
      return detail
    case .unknownDeviceName(let name):
      return "VCK_DEVICE=\(name) is not a device; use 'emulator' or 'v3d'"
    }
  }
}
