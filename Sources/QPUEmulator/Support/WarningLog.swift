/// The strict-mode warnings of one QPU, each with the point of the job where it was first
/// seen (``Machine/warningOrder(_:)``). One log per QPU, so that QPUs running on different
/// host threads record warnings without sharing anything; the job's list is the logs
/// merged in first-seen order.
final class WarningLog {
  @exclusivity(unchecked) private(set) var warnings: [RuleWarning] = []
  /// Per warning: where in the job it was first seen (smaller = earlier).
  @exclusivity(unchecked) private(set) var order: [UInt64] = []
  @exclusivity(unchecked) private var index: [Key: Int] = [:]
  /// The last few warnings counted (indices into `warnings`): a loop that earns the same
  /// few warnings on every iteration finds them without a hashed lookup.
  private let recent = UnsafeMutablePointer<Int>.allocate(capacity: WarningLog.recentCount)
  @exclusivity(unchecked) private var nextRecent = 0
  private static let recentCount = 4

  private struct Key: Hashable {
    let rule: StrictRule
    let pc: UInt32
  }

  init() { recent.initialize(repeating: Int.max, count: WarningLog.recentCount) }

  deinit { recent.deallocate() }

  /// Counts `rule` at `pc` once more if this QPU has earned it there before.
  @inline(__always)
  func countAgain(_ rule: StrictRule, pc: UInt32) -> Bool {
    for slot in 0..<WarningLog.recentCount {
      let known = recent[slot]
      if known < warnings.count && warnings[known].rule == rule && warnings[known].pc == pc {
        warnings[known].count += 1
        return true
      }
    }
    guard let known = index[Key(rule: rule, pc: pc)] else { return false }
    warnings[known].count += 1
    remember(known)
    return true
  }

  /// Records a warning seen for the first time, at point `order` of the job.
  func add(_ warning: RuleWarning, order: UInt64) {
    index[Key(rule: warning.rule, pc: warning.pc)] = warnings.count
    remember(warnings.count)
    warnings.append(warning)
    self.order.append(order)
  }

  private func remember(_ known: Int) {
    recent[nextRecent] = known
    nextRecent = (nextRecent + 1) % WarningLog.recentCount
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
