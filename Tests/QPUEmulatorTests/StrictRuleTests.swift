import Testing

@testable import QPUEmulator

/// One program per strict-mode rule that breaks it (docs/emulator.md).
@Suite struct StrictRuleTests {
  static let thrsw = "nop ; nop ; thrsw"

  /// The body breaking each rule; it runs after the harness prologue and
  /// before a correct program end unless it contains its own end.
  static let cases: [(StrictRule, String)] = [
    (.r4ReadAfterSFU, "mov recip, r1\nmov rf10, r4"),
    (.r4WriteAfterSFU, "mov recip, r1\nmov r4, 1"),
    (.sfuAfterSFU, "mov recip, r1\nmov rsqrt, r1"),
    (.ldunifaTooSoonAfterUnifa, "mov unifa, r5\nnop\nnop ; nop ; ldunifa"),
    (.branchInBranchDelaySlot, "b next\nb next\nnop\nnop\nnop\nnop\nnop\nnext:\nnop"),
    (.thrswInBranchDelaySlot, "b next\n\(thrsw)\nnop\nnop\nnext:\nnop\nnop\nnop"),
    (.uniformInBranchDelaySlot, "b next\nnop ; nop ; ldunif\nnop\nnop\nnext:\nnop"),
    (.unifaWriteInBranchDelaySlot, "b next\nmov unifa, r5\nnop\nnop\nnext:\nnop"),
    (.rotateAfterR0Write, "eidx r0\nnop ; mov rf10, r0 ; rot(1)"),
    (.rotateAfterR1Write, "eidx r1\nnop ; mov rf10, r1 ; rot(1)"),
    (.rotateAfterR2Write, "eidx r2\nnop ; mov rf10, r2 ; rot(-1)"),
    (.rotateAfterR3Write, "eidx r3\nnop ; mov rf10, r3 ; rot(2)"),
    (.rotateAfterR4Write, "mov r4, 1\nnop ; mov rf10, r4 ; rot(3)"),
    (.rotateAfterR5Write, "mov r5, 1\nnop ; mov rf10, r5 ; rot(4)"),
    (.rotateAmountAfterR5Write, "mov r5, 1\nnop ; mov rf10, r0 ; rot(r5)"),
    (.branchInThrswDelaySlot, "\(thrsw)\nb next\nnop\nnop\nnop\nnext:\nnop"),
    (.sfuInThrswDelaySlot, "\(thrsw)\nmov recip, r1\nnop\nnop"),
    (.branchSoonAfterUnifa, "mov unifa, r5\nb next\nnop\nnop\nnop\nnext:\nnop"),
    (.barrierInThrswDelaySlot, "\(thrsw)\nbarrierid syncb\nnop\nnop"),
    (.onePeripheralAccess, "mov tmud, r1 ; mov recip, r1"),
    (.oneUniformConsumer, "mov tmuau, rf63 ; nop ; ldunif"),
    (.ldunifWithLdunifa, "mov tmuau, rf63 ; nop ; ldunifa"),
    (.twoWritersOfOneDestination, "mov r0, 1 ; mov r0, r1"),
    (.carryOfUncharacterisedOperation, "and.pushc -, r0, r1"),
    (.thrswTooClose, "\(thrsw)\nnop\n\(thrsw)\nnop\nnop"),
    (.tmuResultFIFOOverflow, Array(repeating: "mov tmua, rf63", count: 9).joined(separator: "\n")),
    (.tmuStoreDataCount, "bnot tmuc, 3\nmov tmud, r1\nmov tmua, rf63\ntmuwt -"),
    (.accumulatorReadAfterThreadSwitch, "mov r0, 1\n\(thrsw)\nnop\nnop\nmov rf10, r0"),
    (.flagsReadAfterThreadSwitch, "sub.pushz -, r1, 0\n\(thrsw)\nnop\nnop\nmov.ifa rf10, 1"),
  ]

  /// Replacements of the program end that break the thread-end rules.
  static let endCases: [(StrictRule, String)] = [
    (.registerFileWriteInThreadEnd, "mov rf10, r1 ; nop ; thrsw\nnop\nnop"),
    (.registerFileWriteInThreadEnd, "nop ; nop ; thrsw\nmov rf10, 1\nnop"),
    (.payloadReadInThreadEnd, "nop ; nop ; thrsw\nmov r0, rf1\nnop"),
    (.uniformInThreadEnd, "nop ; nop ; thrsw\nnop\nnop ; nop ; ldunif"),
    (.tmuwtInLastInstruction, "nop ; nop ; thrsw\nnop\ntmuwt -"),
    (
      .threadEndTooSoonAfterThrsw,
      "nop ; nop ; thrsw\nnop ; nop ; thrsw\nnop ; nop ; thrsw\nnop\nnop"
    ),
  ]

  /// The last-thrsw pair and its filler, then `finalPart` (which brings its own
  /// pair when it starts with three thrsw).
  static func endProgram(_ finalPart: String) -> String {
    let pair = "nop ; nop ; thrsw\nnop ; nop ; thrsw\nnop\nnop\n"
    let ownPair = finalPart.hasPrefix("nop ; nop ; thrsw\nnop ; nop ; thrsw\nnop ; nop ; thrsw")
    return (ownPair ? "" : pair) + finalPart + "\nnop\n"
  }

  func check(_ rule: StrictRule, _ source: String) throws {
    if rule.severity == .error {
      do {
        _ = try Harness.run(source)
        Issue.record("\(rule) was not reported")
      } catch let error as EmulatorError {
        #expect(error.kind == .ruleViolation(rule), "\(rule): \(error)")
        #expect(error.location != nil)
        #expect(error.description.contains(rule.summary))
        #expect(error.description.contains("QPU 0 thread 0"))
      }
    } else {
      let result = try Harness.run(source)
      #expect(result.statistics.warnings.contains { $0.rule == rule }, "\(rule)")
    }
  }

  @Test(arguments: cases.indices)
  func ruleInTheBody(_ index: Int) throws {
    let (rule, body) = Self.cases[index]
    try check(rule, Harness.prologue + body + "\ntmuwt -\n" + Harness.end)
  }

  @Test(arguments: endCases.indices)
  func ruleAtTheThreadEnd(_ index: Int) throws {
    let (rule, ending) = Self.endCases[index]
    try check(rule, Harness.prologue + "tmuwt -\n" + Self.endProgram(ending))
  }

  @Test func storesNotWaitedForIsAWarning() throws {
    let result = try Harness.run(Harness.prologue + "mov tmud, r1\nmov tmua, rf63\n" + Harness.end)
    #expect(result.statistics.warnings.map(\.rule) == [.storesNotWaitedAtEnd])
    #expect(result.lanes(0) == (0..<16).map { UInt32($0 * 4) })
  }

  @Test func tmuWriteWithLdtmuIsAWarning() throws {
    let body = "mov tmua, rf63\nmov tmud, r1 ; nop ; ldtmu.rf10\nmov tmua, rf63\ntmuwt -\n"
    let result = try Harness.run(Harness.prologue + body + Harness.end)
    #expect(result.statistics.warnings.map(\.rule) == [.tmuWriteWithLdtmu])
  }

  @Test func upperRegistersInFourThreadMode() throws {
    do {
      _ = try Harness.run(
        Harness.prologue + Harness.end,
        configuration: try Harness.configuration(fourThreads: true))
      Issue.record("rf62/rf63 in 4-thread mode not reported")
    } catch let error as EmulatorError {
      #expect(error.kind == .ruleViolation(.upperRegisterFileInFourThreadMode))
    }
  }

  @Test(arguments: cases.indices.filter { cases[$0].0.severity == .error })
  func nonStrictModeRunsTheSamePrograms(_ index: Int) throws {
    let (rule, body) = Self.cases[index]
    // These read past the uniforms (or from unifa 0) once the rule is not enforced.
    guard ![.tmuResultFIFOOverflow, .oneUniformConsumer, .ldunifWithLdunifa].contains(rule) else {
      return
    }
    _ = try Harness.run(Harness.prologue + body + "\ntmuwt -\n" + Harness.end, strict: false)
  }

  @Test func cleanProgramsHaveNoWarnings() throws {
    let result = try Harness.run(Harness.program("add rf10, rf1, rf2", storing: ["rf10"]))
    #expect(result.statistics.warnings.isEmpty)
  }

  /// Every rule has a test that breaks it.
  @Test func everyRuleIsCovered() {
    var covered = Set(Self.cases.map(\.0)).union(Self.endCases.map(\.0))
    covered.formUnion([
      .storesNotWaitedAtEnd, .tmuWriteWithLdtmu, .upperRegisterFileInFourThreadMode,
    ])
    #expect(Set(StrictRule.allCases).subtracting(covered).isEmpty)
  }
}
