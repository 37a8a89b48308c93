/// A set-associative cache of lines with least-recently-used replacement and
/// dirty bits: the TMU cache of a slice or the shared L2T.
///
/// A class over raw storage (not arrays) so that an access costs no
/// copy-on-write or exclusivity checks: it runs for every line of every TMU
/// lookup (docs/emulator.md, "Speed").
final class CacheModel {
  let lineShift: Int
  let setCount: Int
  let ways: Int
  /// Per set, `ways` entries: line number + 1 (0 = empty), most recent first.
  private let tags: UnsafeMutablePointer<UInt32>
  private let dirty: UnsafeMutablePointer<Bool>

  /// `setCount - 1` when `setCount` is a power of two (the set is then a mask
  /// away, not a division), else 0.
  private let setMask: UInt32

  init(bytes: Int, ways: Int, lineBytes: Int) {
    lineShift = lineBytes.trailingZeroBitCount
    self.ways = max(1, ways)
    setCount = max(1, bytes / lineBytes / self.ways)
    setMask = setCount.nonzeroBitCount == 1 ? UInt32(truncatingIfNeeded: setCount - 1) : 0
    tags = .allocate(capacity: setCount * self.ways)
    tags.initialize(repeating: 0, count: setCount * self.ways)
    dirty = .allocate(capacity: setCount * self.ways)
    dirty.initialize(repeating: false, count: setCount * self.ways)
  }

  deinit {
    tags.deallocate()
    dirty.deallocate()
  }

  /// What an access did.
  struct Outcome {
    var hit: Bool
    /// A dirty line was evicted to make room (it must be written back).
    var wroteBack: Bool
  }

  /// Looks `line` up, bringing it in (most recent) if it was absent; marks it
  /// dirty for a write.
  /// The set holding `line`: line mod setCount.
  @inline(__always)
  private func set(of line: UInt32) -> Int {
    setMask != 0 || setCount == 1 ? Int(line & setMask) : Int(line % UInt32(setCount))
  }

  @inline(__always)
  func access(line: UInt32, write: Bool) -> Outcome {
    let set = set(of: line)
    let tags = self.tags + set * ways
    let dirty = self.dirty + set * ways
    let tag = line &+ 1
    var position = ways - 1
    var hit = false
    for way in 0..<ways where tags[way] == tag {
      position = way
      hit = true
      break
    }
    let wasDirty = dirty[position]
    let wroteBack = !hit && tags[position] != 0 && wasDirty
    // Move the entry to the front.
    var way = position
    while way > 0 {
      tags[way] = tags[way - 1]
      dirty[way] = dirty[way - 1]
      way -= 1
    }
    tags[0] = tag
    dirty[0] = (hit && wasDirty) || write
    return Outcome(hit: hit, wroteBack: wroteBack)
  }

  /// Drops `line` if present (a write that bypasses this cache).
  @inline(__always)
  func invalidate(line: UInt32) {
    let set = set(of: line)
    let base = set * ways
    for way in 0..<ways where tags[base + way] == line &+ 1 {
      tags[base + way] = 0
      dirty[base + way] = false
    }
  }

  /// Dirty lines, which a cache clean writes back.
  var dirtyLines: Int {
    var count = 0
    for index in 0..<setCount * ways where dirty[index] { count += 1 }
    return count
  }
}
