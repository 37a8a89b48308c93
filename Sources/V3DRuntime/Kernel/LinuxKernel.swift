import CLibDRM

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The real kernel: `open`, libdrm's `drmIoctl`, `mmap` on Linux.
public final class LinuxKernel: KernelInterface {
  public init() {}

  public func deviceNodes() -> [String] {
    guard let directory = opendir("/dev/dri") else { return [] }
    defer { closedir(directory) }
    var nodes: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name.hasPrefix("card") || name.hasPrefix("renderD") { nodes.append("/dev/dri/" + name) }
    }
    // Render nodes first: they need no DRM authentication for job submission.
    return nodes.sorted {
      ($0.contains("renderD") ? 0 : 1, $0) < ($1.contains("renderD") ? 0 : 1, $1)
    }
  }

  public func open(_ path: String) -> Result<Int32, Errno> {
    let fd = Glibc.open(path, O_RDWR | O_CLOEXEC)
    return fd >= 0 ? .success(fd) : .failure(Errno(errno))
  }

  public func close(_ fd: Int32) {
    _ = Glibc.close(fd)
  }

  public func ioctl(_ fd: Int32, _ request: UInt, _ argument: UnsafeMutableRawPointer) -> Errno? {
    vck_drm_ioctl(fd, request, argument) == 0 ? nil : Errno(errno)
  }

  public func map(_ fd: Int32, size: Int, offset: UInt64) -> Result<UnsafeMutableRawPointer, Errno>
  {
    let pointer = mmap(
      nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off_t(bitPattern: UInt(offset)))
    guard let pointer, pointer != MAP_FAILED else { return .failure(Errno(errno)) }
    return .success(pointer)
  }

  public func unmap(_ pointer: UnsafeMutableRawPointer, size: Int) {
    _ = munmap(pointer, size)
  }
}
