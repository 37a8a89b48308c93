extension GPUMemory {
  /// Says where an access of `count` bytes at `address` that fits in no
  /// buffer went: past the end of the nearest buffer below it, or before the
  /// start of the nearest buffer above it, and by how many bytes. Called only
  /// on the fault path, so it may be slow.
  func outOfBoundsDescription(_ address: UInt32, _ count: UInt32) -> String {
    let start = UInt64(address)
    let end = start + UInt64(count)
    var best: (distance: UInt64, text: String)?
    for buffer in buffers {
      let base = UInt64(buffer.base)
      let limit = base + UInt64(buffer.size)
      let candidate: (distance: UInt64, text: String)
      if end > limit && start >= base {
        // Starts inside or after the buffer and runs past its end.
        candidate = (
          start >= limit ? start - limit : 0,
          "overruns \(buffer.describedForMessages) by \(bytes(end - limit))"
        )
      } else if start < base {
        candidate = (
          end <= base ? base - end : 0,
          "starts \(bytes(base - start)) before the start of \(buffer.describedForMessages)"
        )
      } else {
        continue
      }
      if best == nil || candidate.distance < best!.distance { best = candidate }
    }
    return best?.text ?? "is outside every buffer (the job has none)"
  }

  private func bytes(_ count: UInt64) -> String { count == 1 ? "1 byte" : "\(count) bytes" }
}

extension GPUMemory.Buffer {
  /// `buffer 'x' (16 bytes at 0x00100000)`, or without a name `the buffer of
  /// 16 bytes at 0x00100000`.
  var describedForMessages: String {
    let extent = "\(size) byte\(size == 1 ? "" : "s") at 0x\(hex32(base))"
    if let name { return "buffer '\(name)' (\(extent))" }
    return "the buffer of \(extent)"
  }
}
