import Foundation
import Testing
import VCKIR

@testable import QPUBackend

/// Random programs: the interpreter and the compiled code on the emulator agree bit for
/// bit. `VCK_DIFF_SEED` (default 1) and `VCK_DIFF_COUNT` (default 40) choose the programs,
/// so long runs can be done outside CI:
/// `VCK_DIFF_COUNT=10000 swift test --filter DifferentialTests`.
@Suite struct DifferentialTests {
  static var seed: UInt64 {
    ProcessInfo.processInfo.environment["VCK_DIFF_SEED"].flatMap { UInt64($0) } ?? 1
  }
  static var count: Int {
    ProcessInfo.processInfo.environment["VCK_DIFF_COUNT"].flatMap { Int($0) } ?? 40
  }

  static func inputs(seed: UInt64) -> [[UInt32]] {
    var generator = SplitMix(seed: seed ^ 0xABCD)
    let lanes = RandomProgram.laneCount
    let in0 = (0..<lanes).map { _ in
      Bool.random(using: &generator)
        ? UInt32.random(in: 0...100, using: &generator)
        : UInt32.random(in: .min ... .max, using: &generator)
    }
    let in1 = (0..<lanes).map { _ in UInt32.random(in: 0...2000, using: &generator) &- 1000 }
    let atomics = (0..<lanes).map { _ in UInt32.random(in: 0...3, using: &generator) }
    return [
      in0, in1, [UInt32](repeating: 0x5A5A_5A5A, count: lanes * RandomProgram.outputs), atomics,
    ]
  }

  @Test func randomProgramsMatchInterpreter() throws {
    var mismatches: [String] = []
    var vectorPrograms = 0
    var switchingPrograms = 0
    for offset in 0..<Self.count {
      let seed = Self.seed &+ UInt64(offset)
      let function = RandomProgram.make(seed: seed)
      if function.blocks.contains(where: { $0.instructions.contains { $0.vectorElement != nil } }) {
        vectorPrograms += 1
      }
      let k = UInt32(seed % 13)
      let scheduling: BackendOptions.Scheduling = seed % 2 == 0 ? .list : .naive
      do {
        let run = try EmulatorHarness.run(
          function, arguments: [.u32(k), .buffer(0), .buffer(1), .buffer(2), .buffer(3)],
          buffers: Self.inputs(seed: seed), qpus: 2,
          options: BackendOptions(scheduling: scheduling),
          optimise: seed % 3 != 0)
        if run.kernel.switchesThreadsOnLoads { switchingPrograms += 1 }
        if run.emulated != run.interpreted || !run.statistics.warnings.isEmpty {
          mismatches.append("seed \(seed): results differ\n" + Printer.print(function))
        }
      } catch {
        mismatches.append("seed \(seed): \(error)\n" + Printer.print(function))
      }
      if mismatches.count >= 3 { break }
    }
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n\n"))")
    // Vector loads and stores are part of the mix (a few programs in every 40).
    #expect(Self.count < 20 || vectorPrograms >= Self.count / 10)
    // So are loads the automatic choice switches threads on (pointer-chasing loops).
    #expect(Self.count < 20 || switchingPrograms >= Self.count / 10)
    print(
      "differential: \(Self.count) programs from seed \(Self.seed) (\(vectorPrograms) with "
        + "vector accesses, \(switchingPrograms) switching threads on loads), "
        + "\(mismatches.count) mismatches")
  }

  /// Programs that once failed: hoisting moved the reader of an `ldunifa` word (in r5)
  /// above the `ldunifa`, since it was not known to write r5 (wrong results and a read of
  /// r5 after a thread switch). Each with thread switches chosen, on every load and on none.
  @Test(arguments: [9134, 11330] as [UInt64])
  func formerFailuresMatchInterpreter(seed: UInt64) throws {
    let function = RandomProgram.make(seed: seed)
    for switching in BackendOptions.ThreadSwitching.allCases {
      let run = try EmulatorHarness.run(
        function,
        arguments: [.u32(UInt32(seed % 13)), .buffer(0), .buffer(1), .buffer(2), .buffer(3)],
        buffers: Self.inputs(seed: seed), qpus: 2,
        options: BackendOptions(threadSwitching: switching), optimise: seed % 3 != 0)
      #expect(run.emulated == run.interpreted, "seed \(seed), \(switching)")
      #expect(run.statistics.warnings.isEmpty, "seed \(seed), \(switching)")
    }
  }
}
