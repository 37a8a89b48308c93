/// A shared resource with a fixed capacity per cycle (a slice's TMU, the SFU,
/// DRAM), booked by requests that may arrive out of time order.
///
/// The emulator runs threads in its own order (a thread runs until it
/// switches), not in the order of modelled time, so a resource cannot be a
/// single "free at" clock. Instead, time is cut into buckets of
/// `bucketCycles`; each bucket serves at most `capacity` units. A request
/// books units in the first buckets at or after its arrival that have room,
/// and completes when its last unit is served. Work that arrives late in
/// emulation order but early in modelled time still finds the capacity that
/// earlier-emulated threads left free.
///
/// A class over raw storage (not an array) so that booking costs no
/// copy-on-write or exclusivity checks (docs/emulator.md, "Speed").
final class CapacityCalendar {
  static let bucketCycles: UInt64 = 256
  /// Units one bucket serves.
  let capacity: Double
  /// Units used per bucket (`bucketCount` of them, zero past the last booking).
  private var storage: UnsafeMutablePointer<Float>
  private var bucketCount = 0
  /// Units booked in total.
  private(set) var booked: Double = 0

  /// A calendar serving `unitsPerCycle` units each cycle.
  init(unitsPerCycle: Double) {
    capacity = unitsPerCycle * Double(CapacityCalendar.bucketCycles)
    storage = .allocate(capacity: 1)
  }

  deinit { storage.deallocate() }

  /// Units used per bucket.
  var used: [Float] { Array(UnsafeBufferPointer(start: storage, count: bucketCount)) }

  /// Makes room for buckets up to `bucket`, zero-filled.
  private func grow(to bucket: Int) {
    // Doubling: a long job books over a million buckets, and growing by a fixed step
    // copied (and faulted in) the whole calendar hundreds of times.
    let count = max(bucket + 1, bucketCount * 2, 4096)
    let bigger = UnsafeMutablePointer<Float>.allocate(capacity: count)
    bigger.initialize(repeating: 0, count: count)
    bigger.update(from: storage, count: bucketCount)
    storage.deallocate()
    storage = bigger
    bucketCount = count
  }

  /// Books `amount` units arriving at cycle `start`; returns the cycle when
  /// the last unit is served.
  func book(_ amount: Double, at start: UInt64) -> UInt64 {
    guard amount > 0 else { return start }
    booked += amount
    var remaining = amount
    var bucket = Int(start / CapacityCalendar.bucketCycles)
    let size = Double(CapacityCalendar.bucketCycles)
    // Of the first bucket only the part after `start` is available; the
    // bucket's earlier bookings are taken to be spread evenly over it.
    var from = Double(start % CapacityCalendar.bucketCycles) / size
    while true {
      if bucket >= bucketCount { grow(to: bucket) }
      let used = storage[bucket]
      let free = capacity - Double(used)
      let room = free * (1 - from)
      if room > 1e-9 {
        let take = min(room, remaining)
        storage[bucket] = Float(Double(used) + take)
        remaining -= take
        if remaining <= 1e-9 {
          let fraction = from + (1 - from) * (take / room)
          return UInt64(bucket) * CapacityCalendar.bucketCycles
            + CapacityCalendar.roundedUp(fraction * size)
        }
      }
      bucket += 1
      from = 0
    }
  }

  /// `UInt64(x.rounded(.up))` for 0 ≤ x < 2^63, without a call to the C library's `ceil`.
  @inline(__always)
  static func roundedUp(_ x: Double) -> UInt64 {
    guard x >= 0, x < 9.2e18 else { return UInt64(x.rounded(.up)) }
    // Through Int64: one conversion instruction each way on x86-64.
    let truncated = Int64(x)
    return UInt64(Double(truncated) < x ? truncated + 1 : truncated)
  }

  /// The cycles of full use that the booked units amount to.
  var busyCycles: Double { booked / (capacity / Double(CapacityCalendar.bucketCycles)) }
}
