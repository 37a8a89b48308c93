/// A block of GPU memory: a DRM buffer object on hardware, a host allocation
/// on the emulator. Mapped into this process for its whole life and freed
/// when the last reference goes away.
public final class BufferObject: @unchecked Sendable {
  /// The device-side handle (GEM handle on hardware).
  public let handle: UInt32
  /// The GPU address of the first byte.
  public let gpuAddress: UInt32
  /// The size in bytes (a whole number of 4 KiB pages).
  public let size: Int
  /// The bytes asked for (at most `size`). On the emulator a job may touch
  /// only these: one byte more is an out-of-bounds fault. On hardware the
  /// GPU's MMU sees whole pages.
  public let requestedSize: Int
  /// The host mapping of the memory.
  public let hostAddress: UnsafeMutableRawPointer
  private let release: @Sendable (BufferObject) -> Void

  init(
    handle: UInt32, gpuAddress: UInt32, size: Int, requestedSize: Int,
    hostAddress: UnsafeMutableRawPointer, release: @escaping @Sendable (BufferObject) -> Void
  ) {
    self.handle = handle
    self.gpuAddress = gpuAddress
    self.size = size
    self.requestedSize = requestedSize
    self.hostAddress = hostAddress
    self.release = release
  }

  deinit { release(self) }

  /// The memory as raw bytes (all `size` of them).
  public var bytes: UnsafeMutableRawBufferPointer {
    UnsafeMutableRawBufferPointer(start: hostAddress, count: size)
  }

  /// Whether the GPU address range `address ..< address + count` lies inside.
  public func contains(gpuAddress address: UInt32, count: Int) -> Bool {
    address >= gpuAddress && Int(address - gpuAddress) + count <= size
  }
}

extension BufferObject {
  /// The first `requestedSize` bytes: what an emulated job may touch.
  var requestedBytes: UnsafeMutableRawBufferPointer {
    UnsafeMutableRawBufferPointer(start: hostAddress, count: requestedSize)
  }
}

/// Rounds a byte count up to whole 4 KiB pages (how the kernel sizes BOs).
func pageRounded(_ size: Int) -> Int { (size + 4095) & ~4095 }
