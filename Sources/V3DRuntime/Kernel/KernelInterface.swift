/// The operating-system calls the hardware device makes: the boundary where
/// the runtime's structures become raw bytes for the kernel's DRM V3D driver.
///
/// ``LinuxKernel`` makes the real calls. ``EmulatedKernel`` is a test double
/// that decodes the same raw structures by the kernel's layout and serves them
/// with the emulator, so the whole hardware code path runs in CI.
public protocol KernelInterface: AnyObject, Sendable {
  /// The paths of the DRM device nodes (`/dev/dri/card*`, `/dev/dri/renderD*`).
  func deviceNodes() -> [String]
  /// Opens a device node read-write; returns the file descriptor or an errno.
  func open(_ path: String) -> Result<Int32, Errno>
  /// Closes a file descriptor.
  func close(_ fd: Int32)
  /// Performs an ioctl with a pointer to its argument structure; returns 0
  /// or the errno.
  func ioctl(_ fd: Int32, _ request: UInt, _ argument: UnsafeMutableRawPointer) -> Errno?
  /// Maps `size` bytes of a BO at the fake offset MMAP_BO returned.
  func map(_ fd: Int32, size: Int, offset: UInt64) -> Result<UnsafeMutableRawPointer, Errno>
  /// Unmaps a mapping made by ``map(_:size:offset:)``.
  func unmap(_ pointer: UnsafeMutableRawPointer, size: Int)
}

/// An errno value from a failed call.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
  public let code: Int32
  public init(_ code: Int32) { self.code = code }

  public static let permissionDenied = Errno(1)  // EPERM
  public static let noEntry = Errno(2)  // ENOENT
  public static let interrupted = Errno(4)  // EINTR
  public static let ioError = Errno(5)  // EIO
  public static let tryAgain = Errno(11)  // EAGAIN
  public static let noMemory = Errno(12)  // ENOMEM
  public static let accessDenied = Errno(13)  // EACCES
  public static let fault = Errno(14)  // EFAULT
  public static let invalid = Errno(22)  // EINVAL
  public static let noSpace = Errno(28)  // ENOSPC
  public static let timedOut = Errno(62)  // ETIME
  public static let notSupported = Errno(95)  // EOPNOTSUPP

  public var description: String {
    let names: [Int32: String] = [
      1: "EPERM", 2: "ENOENT", 4: "EINTR", 5: "EIO", 11: "EAGAIN", 12: "ENOMEM",
      13: "EACCES", 14: "EFAULT", 22: "EINVAL", 28: "ENOSPC", 62: "ETIME", 95: "EOPNOTSUPP",
    ]
    return names[code] ?? "errno \(code)"
  }
}
