/// Appends little-endian fields to a byte array.
struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func u8(_ value: UInt8) { bytes.append(value) }

  mutating func u16(_ value: UInt16) { integer(value) }

  mutating func u32(_ value: UInt32) { integer(value) }

  mutating func u64(_ value: UInt64) { integer(value) }

  mutating func string(_ value: String) {
    let utf8 = Array(value.utf8.prefix(Int(UInt16.max)))
    u16(UInt16(utf8.count))
    bytes += utf8
  }

  private mutating func integer<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
  }
}

/// Reads little-endian fields, failing with the offset when the data ends.
struct ByteReader {
  let bytes: [UInt8]
  var offset = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var remaining: Int { bytes.count - offset }

  mutating func u8(_ what: String) throws(ArtifactError) -> UInt8 {
    try integer(what)
  }

  mutating func u16(_ what: String) throws(ArtifactError) -> UInt16 { try integer(what) }

  mutating func u32(_ what: String) throws(ArtifactError) -> UInt32 { try integer(what) }

  mutating func u64(_ what: String) throws(ArtifactError) -> UInt64 { try integer(what) }

  mutating func string(_ what: String) throws(ArtifactError) -> String {
    let count = Int(try u16("the length of \(what)"))
    guard remaining >= count else { throw .truncated(offset: offset, reading: what) }
    defer { offset += count }
    return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
  }

  private mutating func integer<T: FixedWidthInteger>(_ what: String) throws(ArtifactError) -> T {
    let size = MemoryLayout<T>.size
    guard remaining >= size else { throw .truncated(offset: offset, reading: what) }
    var value: T = 0
    for index in 0..<size { value |= T(bytes[offset + index]) << (8 * index) }
    offset += size
    return value
  }
}

/// FNV-1a, 64-bit: the artifact checksum (``KernelArtifact/checksum(_:)``).
func fnv1a64(_ bytes: ArraySlice<UInt8>) -> UInt64 {
  var hash: UInt64 = 0xCBF2_9CE4_8422_2325
  for byte in bytes {
    hash ^= UInt64(byte)
    hash = hash &* 0x0000_0100_0000_01B3
  }
  return hash
}
