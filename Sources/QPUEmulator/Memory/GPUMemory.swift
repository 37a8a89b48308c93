/// GPU memory as a set of buffers, each at its own GPU address (like buffer
/// objects mapped by the V3D MMU). Any access that does not fall entirely
/// inside one buffer is a fault. Little-endian, as on the Pi 4.
public final class GPUMemory: @unchecked Sendable {
  /// One buffer: `size` bytes at GPU addresses `base ..< base + size`.
  final class Buffer {
    let base: UInt32
    let size: UInt32
    let bytes: UnsafeMutableRawPointer
    /// Whether `bytes` was allocated here (else it is the caller's mapping).
    let owned: Bool
    /// What the buffer is, for messages (a kernel parameter's name, "code", …).
    let name: String?

    init(base: UInt32, size: UInt32, name: String? = nil) {
      self.base = base
      self.size = size
      self.name = name
      bytes = UnsafeMutableRawPointer.allocate(byteCount: max(Int(size), 1), alignment: 16)
      bytes.initializeMemory(as: UInt8.self, repeating: 0, count: Int(size))
      owned = true
    }

    /// A buffer holding a copy of `bytes` (not zero-filled first).
    private init(base: UInt32, size: UInt32, name: String?, copying source: UnsafeRawPointer) {
      self.base = base
      self.size = size
      self.name = name
      bytes = UnsafeMutableRawPointer.allocate(byteCount: max(Int(size), 1), alignment: 16)
      bytes.copyMemory(from: source, byteCount: Int(size))
      owned = true
    }

    init(base: UInt32, mapping: UnsafeMutableRawBufferPointer, name: String?) {
      self.base = base
      self.name = name
      size = UInt32(mapping.count)
      bytes = mapping.baseAddress ?? UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 16)
      owned = mapping.baseAddress == nil
    }

    deinit { if owned { bytes.deallocate() } }

    /// A buffer at the same address holding a copy of the bytes.
    func clone() -> Buffer {
      Buffer(base: base, size: size, name: name, copying: bytes)
    }

    @inline(__always)
    func contains(_ address: UInt32, _ count: UInt32) -> Bool {
      address >= base && UInt64(address) + UInt64(count) <= UInt64(base) + UInt64(size)
    }
  }

  @exclusivity(unchecked) var buffers: [Buffer] = []
  @exclusivity(unchecked) private var lastHit = 0

  /// Creates an empty memory.
  public init() {}

  /// Errors from setting memory up.
  public struct LayoutError: Error, CustomStringConvertible, Sendable {
    public let description: String
  }

  /// Adds a buffer holding `contents` at GPU address `base`. Buffers may not
  /// overlap or wrap past address 2^32. `name` says what the buffer is in
  /// out-of-bounds messages.
  public func addBuffer(at base: UInt32, contents: [UInt8], name: String? = nil)
    throws(LayoutError)
  {
    try addBuffer(at: base, size: contents.count, name: name)
    let buffer = buffers[buffers.count - 1]
    contents.withUnsafeBytes { buffer.bytes.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
  }

  /// Adds a zero-filled buffer of `size` bytes at GPU address `base`.
  public func addBuffer(at base: UInt32, size: Int, name: String? = nil) throws(LayoutError) {
    try checkPlacement(base, size)
    buffers.append(Buffer(base: base, size: UInt32(size), name: name))
  }

  /// Adds a buffer at GPU address `base` that is the caller's memory itself
  /// (no copy): jobs read and write `bytes` directly. The caller keeps it
  /// alive and does not touch it while a job runs. Jobs may touch exactly
  /// `bytes.count` bytes: one byte more is an out-of-bounds fault.
  public func addBuffer(
    at base: UInt32, mapping bytes: UnsafeMutableRawBufferPointer, name: String? = nil
  ) throws(LayoutError) {
    try checkPlacement(base, bytes.count)
    buffers.append(Buffer(base: base, mapping: bytes, name: name))
  }

  private func checkPlacement(_ base: UInt32, _ size: Int) throws(LayoutError) {
    guard size > 0, UInt64(base) + UInt64(size) <= 1 << 32 else {
      throw LayoutError(
        description:
          "buffer at 0x\(hex32(base)) of \(size) bytes does not fit in 32-bit GPU addresses")
    }
    for other in buffers
    where UInt64(base) < UInt64(other.base) + UInt64(other.size)
      && UInt64(other.base) < UInt64(base) + UInt64(size)
    {
      throw LayoutError(
        description: "buffer at 0x\(hex32(base)) overlaps the buffer at 0x\(hex32(other.base))")
    }
  }

  /// The bytes of the buffer that starts at `base`, or nil if none does.
  public func contents(ofBufferAt base: UInt32) -> [UInt8]? {
    guard let buffer = buffers.first(where: { $0.base == base }) else { return nil }
    return [UInt8](UnsafeRawBufferPointer(start: buffer.bytes, count: Int(buffer.size)))
  }

  /// Reads `count` bytes at `address`, or nil if they are not inside one buffer.
  public func read(at address: UInt32, count: Int) -> [UInt8]? {
    guard count >= 0, let index = bufferIndex(address, UInt32(clamping: count)) else { return nil }
    let buffer = buffers[index]
    return [UInt8](
      UnsafeRawBufferPointer(start: buffer.bytes + Int(address - buffer.base), count: count))
  }

  /// Writes bytes at `address`; returns false (writing nothing) if they are
  /// not inside one buffer.
  @discardableResult
  public func write(_ bytes: [UInt8], at address: UInt32) -> Bool {
    guard let index = bufferIndex(address, UInt32(clamping: bytes.count)) else { return false }
    let buffer = buffers[index]
    bytes.withUnsafeBytes {
      (buffer.bytes + Int(address - buffer.base)).copyMemory(
        from: $0.baseAddress!, byteCount: $0.count)
    }
    return true
  }

  /// Writes raw bytes at `address` (no intermediate array); returns false,
  /// writing nothing, if they are not inside one buffer.
  @discardableResult
  public func write(_ bytes: UnsafeRawBufferPointer, at address: UInt32) -> Bool {
    guard let index = bufferIndex(address, UInt32(clamping: bytes.count)) else { return false }
    guard let source = bytes.baseAddress else { return true }
    let buffer = buffers[index]
    (buffer.bytes + Int(address - buffer.base)).copyMemory(from: source, byteCount: bytes.count)
    return true
  }

  /// Calls `body` with the bytes of the buffer that starts at `base` (no
  /// copy), or with nil if no buffer starts there.
  public func withContents<Result>(
    ofBufferAt base: UInt32, _ body: (UnsafeRawBufferPointer?) throws -> Result
  ) rethrows -> Result {
    guard let buffer = buffers.first(where: { $0.base == base }) else { return try body(nil) }
    return try body(UnsafeRawBufferPointer(start: buffer.bytes, count: Int(buffer.size)))
  }

  /// A deep copy.
  public func copy() -> GPUMemory {
    let result = GPUMemory()
    result.buffers = buffers.map { $0.clone() }
    return result
  }

  /// A memory with the same buffer objects (no bytes copied).
  func sharingCopy() -> GPUMemory {
    let result = GPUMemory()
    result.buffers = buffers
    return result
  }

  /// The index of the buffer holding `count` bytes at `address`.
  @inline(__always)
  func bufferIndex(_ address: UInt32, _ count: UInt32) -> Int? {
    bufferIndex(address, count, hint: &lastHit)
  }

  /// The index of the buffer holding `count` bytes at `address`, trying buffer `hint`
  /// first and leaving the index found there. The emulator's host threads each keep their
  /// own hint, so that lookups write nothing shared (docs/emulator.md, "Host threads").
  @inline(__always)
  func bufferIndex(_ address: UInt32, _ count: UInt32, hint: inout Int) -> Int? {
    if hint < buffers.count && buffers[hint].contains(address, count) { return hint }
    for (index, buffer) in buffers.enumerated() where buffer.contains(address, count) {
      hint = index
      return index
    }
    return nil
  }

  /// Where the accesses of a TMU lookup's active lanes all fall inside one buffer:
  /// that buffer, and the host pointer of the lowest address.
  struct Span {
    var index: Int
    var low: UInt32
    var pointer: UnsafeMutableRawPointer
  }

  /// The buffer holding every access of `size` bytes at `addresses` in the lanes
  /// of `mask`, or nil when there is none (some access is out of bounds, or the
  /// accesses are in different buffers: the caller then checks lane by lane).
  @inline(__always)
  func span(_ addresses: Lanes, _ mask: LaneMask, _ size: UInt32, hint: inout Int) -> Span? {
    // Lane-wise reductions (inactive lanes count as the highest address for the lowest
    // and as 0 for the highest): no loop over the lanes.
    guard !mask.isAllZero else { return nil }
    let low = (addresses | ~mask).min()
    let high = (addresses & mask).max()
    // The accesses from `low` to the end of the one at `high`, as one range.
    let extent = UInt64(high) - UInt64(low) + UInt64(size)
    guard extent <= UInt64(UInt32.max), let index = bufferIndex(low, UInt32(extent), hint: &hint)
    else {
      return nil
    }
    let buffer = buffers[index]
    return Span(index: index, low: low, pointer: buffer.bytes + Int(low &- buffer.base))
  }

  /// The host pointer of `count` bytes at `address`, or nil outside every buffer.
  @inline(__always)
  func pointer(_ address: UInt32, _ count: UInt32) -> UnsafeMutableRawPointer? {
    var hint = 0
    return pointer(address, count, hint: &hint)
  }

  /// ``pointer(_:_:)`` with the caller's buffer hint (see ``bufferIndex(_:_:hint:)``).
  @inline(__always)
  func pointer(_ address: UInt32, _ count: UInt32, hint: inout Int) -> UnsafeMutableRawPointer? {
    guard let index = bufferIndex(address, count, hint: &hint) else { return nil }
    let buffer = buffers[index]
    return buffer.bytes + Int(address &- buffer.base)
  }

  /// A little-endian 32-bit load, or nil outside every buffer.
  @inline(__always)
  func load32(_ address: UInt32) -> UInt32? {
    guard let p = pointer(address, 4) else { return nil }
    return UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))
  }
}
