/// The strict-mode warnings of one QPU, each with the point of the job where it was first
/// seen (``Machine/warningOrder(_:)``). One log per QPU, so that QPUs running on different
/// host threads record warnings without sharing anything; the job's list is the logs
/// merged in first-seen order.
final class WarningLog {
  /// The warnings in the order this QPU first saw them; their counts are in `counts`.
  @exclusivity(unchecked) private var seen: [RuleWarning] = []
  /// Per warning: where in the job it was first seen (smaller = earlier).
  @exclusivity(unchecked) private var order: [UInt64] = []
  @exclusivity(unchecked) private var index: [UInt64: Int] = [:]
  /// Per warning: how many times it was earned (`seen[i].count` is not kept up to date:
  /// counting again is a plain increment, without the array's uniqueness check).
  @exclusivity(unchecked) private var counts: UnsafeMutablePointer<Int>
  @exclusivity(unchecked) private var capacity = 16
  /// Warnings counted recently, as keys (``key(_:_:)``) and indices, in a small table
  /// indexed by instruction (pc bits 3…6): a loop that earns the same few warnings on
  /// every iteration finds each in one comparison, without a hashed lookup.
  private let recentKeys = UnsafeMutablePointer<UInt64>.allocate(capacity: WarningLog.recentCount)
  private let recentIndices = UnsafeMutablePointer<Int>.allocate(capacity: WarningLog.recentCount)
  private static let recentCount = 16
  /// A key no warning has (rule numbers are far below 2³²).
  private static let noKey = UInt64.max

  init() {
    counts = .allocate(capacity: capacity)
    recentKeys.initialize(repeating: WarningLog.noKey, count: WarningLog.recentCount)
    recentIndices.initialize(repeating: 0, count: WarningLog.recentCount)
  }

  deinit {
    counts.deallocate()
    recentKeys.deallocate()
    recentIndices.deallocate()
  }

  /// How many distinct warnings this QPU has recorded.
  var count: Int { seen.count }

  /// The warnings with their counts, in the order this QPU first saw them.
  var warnings: [RuleWarning] {
    seen.indices.map { i in
      var warning = seen[i]
      warning.count = counts[i]
      return warning
    }
  }

  @inline(__always)
  private static func key(_ rule: StrictRule, _ pc: UInt32) -> UInt64 {
    UInt64(UInt32(truncatingIfNeeded: rule.rawValue)) << 32 | UInt64(pc)
  }

  /// Counts `rule` at `pc` once more if this QPU has earned it there before.
  @inline(__always)
  func countAgain(_ rule: StrictRule, pc: UInt32) -> Bool {
    let key = WarningLog.key(rule, pc)
    let slot = WarningLog.recentSlot(pc)
    if recentKeys[slot] == key {
      counts[recentIndices[slot]] &+= 1
      return true
    }
    guard let known = index[key] else { return false }
    counts[known] &+= 1
    remember(known, key)
    return true
  }

  /// Records a warning seen for the first time, at point `order` of the job.
  func add(_ warning: RuleWarning, order: UInt64) {
    let known = seen.count
    if known == capacity {
      let larger = UnsafeMutablePointer<Int>.allocate(capacity: capacity * 2)
      larger.update(from: counts, count: known)
      counts.deallocate()
      counts = larger
      capacity *= 2
    }
    counts[known] = warning.count
    let key = WarningLog.key(warning.rule, warning.pc)
    index[key] = known
    remember(known, key)
    seen.append(warning)
    self.order.append(order)
  }

  @inline(__always)
  private static func recentSlot(_ pc: UInt32) -> Int { Int(pc >> 3) & (recentCount - 1) }

  private func remember(_ known: Int, _ key: UInt64) {
    let slot = WarningLog.recentSlot(UInt32(truncatingIfNeeded: key))
    recentKeys[slot] = key
    recentIndices[slot] = known
  }

  /// The warnings of every log, in the order they were first seen.
  static func merged(_ logs: [WarningLog]) -> [RuleWarning] {
    var all: [(order: UInt64, warning: RuleWarning)] = []
    for log in logs {
      for (order, warning) in zip(log.order, log.warnings) { all.append((order, warning)) }
    }
    return all.sorted { $0.order < $1.order }.map(\.warning)
  }
}
