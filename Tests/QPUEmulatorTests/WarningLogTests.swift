import Testing

@testable import QPUEmulator

/// The per-QPU warning log: counts, first-seen order, and the small recent-warning table
/// (indexed by pc bits) when warnings share or evict one another's entries.
@Suite struct WarningLogTests {
  static func warning(_ rule: StrictRule, pc: UInt32, qpu: Int = 0) -> RuleWarning {
    RuleWarning(rule: rule, qpu: qpu, pc: pc, disassembly: "nop", count: 1)
  }

  /// Counts as the log's caller does: count again if known, else add.
  static func earn(_ log: WarningLog, _ rule: StrictRule, pc: UInt32, order: inout UInt64) {
    if log.countAgain(rule, pc: pc) { return }
    order += 1
    log.add(warning(rule, pc: pc), order: order)
  }

  @Test func countsEveryWarningWhateverItsRecentTableEntry() {
    let log = WarningLog()
    var order: UInt64 = 0
    // pcs 128 bytes apart share a table entry; two rules at one pc share it too.
    let earned: [(StrictRule, UInt32)] = [
      (.accumulatorReadAfterThreadSwitch, 0x1000_0000),
      (.accumulatorReadAfterThreadSwitch, 0x1000_0080),
      (.thrswTooClose, 0x1000_0000),
      (.accumulatorReadAfterThreadSwitch, 0x1000_0008),
    ]
    var expected: [Int] = [0, 0, 0, 0]
    for round in 0..<50 {
      for (index, (rule, pc)) in earned.enumerated() where round % (index + 1) == 0 {
        Self.earn(log, rule, pc: pc, order: &order)
        expected[index] += 1
      }
    }
    #expect(log.count == 4)
    #expect(log.warnings.map(\.count) == expected)
    #expect(log.warnings.map(\.pc) == earned.map(\.1))
    #expect(log.warnings.map(\.rule) == earned.map(\.0))
  }

  @Test func manyWarningsGrowTheCounts() {
    let log = WarningLog()
    var order: UInt64 = 0
    for pass in 1...3 {
      for index in 0..<100 {
        Self.earn(log, .thrswTooClose, pc: 0x1000_0000 + UInt32(index * 8), order: &order)
      }
      #expect(log.warnings.allSatisfy { $0.count == pass })
    }
    #expect(log.count == 100)
    let merged = WarningLog.merged([log])
    #expect(merged.map(\.pc) == (0..<100).map { 0x1000_0000 + UInt32($0 * 8) })
  }
}
