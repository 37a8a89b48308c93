/// A set-associative cache of lines with least-recently-used replacement and
/// dirty bits: the TMU cache of a slice or the shared L2T.
struct CacheModel {
  let lineShift: Int
  let setCount: Int
  let ways: Int
  /// Per set, `ways` entries: line number + 1 (0 = empty), most recent first.
  private var tags: [UInt32]
  private var dirty: [Bool]

  init(bytes: Int, ways: Int, lineBytes: Int) {
    lineShift = lineBytes.trailingZeroBitCount
    self.ways = max(1, ways)
    setCount = max(1, bytes / lineBytes / self.ways)
    tags = Array(repeating: 0, count: setCount * self.ways)
    dirty = Array(repeating: false, count: setCount * self.ways)
  }

  /// What an access did.
  struct Outcome {
    var hit: Bool
    /// A dirty line was evicted to make room (it must be written back).
    var wroteBack: Bool
  }

  /// Looks `line` up, bringing it in (most recent) if it was absent; marks it
  /// dirty for a write.
  mutating func access(line: UInt32, write: Bool) -> Outcome {
    let set = Int(line % UInt32(setCount))
    let base = set * ways
    let tag = line &+ 1
    var position = ways - 1
    var hit = false
    for way in 0..<ways where tags[base + way] == tag {
      position = way
      hit = true
      break
    }
    let wasDirty = dirty[base + position]
    let wroteBack = !hit && tags[base + position] != 0 && wasDirty
    // Move the entry to the front.
    var way = position
    while way > 0 {
      tags[base + way] = tags[base + way - 1]
      dirty[base + way] = dirty[base + way - 1]
      way -= 1
    }
    tags[base] = tag
    dirty[base] = (hit && wasDirty) || write
    return Outcome(hit: hit, wroteBack: wroteBack)
  }

  /// Drops `line` if present (a write that bypasses this cache).
  mutating func invalidate(line: UInt32) {
    let set = Int(line % UInt32(setCount))
    let base = set * ways
    for way in 0..<ways where tags[base + way] == line &+ 1 {
      tags[base + way] = 0
      dirty[base + way] = false
    }
  }

  /// Dirty lines, which a cache clean writes back.
  var dirtyLines: Int { dirty.reduce(0) { $0 + ($1 ? 1 : 0) } }
}
