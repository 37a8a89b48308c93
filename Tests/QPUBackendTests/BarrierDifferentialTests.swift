import Foundation
import Testing
import VCKIR
import VCKLang
import VCKLower

@testable import QPUBackend

/// Random source kernels with barriers after varying control flow (``RandomBarrierSource``):
/// the interpreter and the compiled code on the emulator agree bit for bit, at -O0 and
/// -O2, with both schedulers, with and without thread switches on loads.
/// `VCK_BARRIER_SEED` (default 1) and `VCK_BARRIER_COUNT` (default 24) choose the kernels:
/// `VCK_BARRIER_COUNT=1000 swift test --filter BarrierDifferentialTests`.
@Suite struct BarrierDifferentialTests {
  static var seed: UInt64 {
    ProcessInfo.processInfo.environment["VCK_BARRIER_SEED"].flatMap { UInt64($0) } ?? 1
  }
  static var count: Int {
    ProcessInfo.processInfo.environment["VCK_BARRIER_COUNT"].flatMap { Int($0) } ?? 24
  }

  /// The kernel of issue 16: a masked store in a grid-stride loop, then a barrier.
  static let maskedStoreThenBarrier = """
    kernel n2(n: u32, a: *f32, b: *f32) {
        for i in gid() ..< n step gsize() { if i > 0 { b[i] = 2.0 } }
        barrier()
    }
    """

  static func function(_ source: String, level: OptimizationLevel) throws -> Function {
    try EmulatorHarness.function(source, path: "random.vck", level: level)
  }

  @Test(arguments: [OptimizationLevel.none, .full])
  func maskedStoreInLoopBeforeBarrierCompiles(_ level: OptimizationLevel) throws {
    let function = try Self.function(Self.maskedStoreThenBarrier, level: level)
    let n: UInt32 = 40
    for scheduling in BackendOptions.Scheduling.allCases {
      let run = try EmulatorHarness.run(
        function, arguments: [.u32(n), .buffer(0), .buffer(1)],
        buffers: [[UInt32](repeating: 0, count: 48), [UInt32](repeating: 7, count: 48)],
        qpus: 2, options: BackendOptions(scheduling: scheduling), optimise: false)
      #expect(run.emulated == run.interpreted)
      #expect(run.emulated[1][1] == Float(2).bitPattern && run.emulated[1][0] == 7)
      #expect(run.emulated[1][39] == Float(2).bitPattern && run.emulated[1][40] == 7)
    }
  }

  @Test func randomBarrierKernelsMatchInterpreter() throws {
    var mismatches: [String] = []
    var barriers = 0
    for offset in 0..<Self.count {
      let seed = Self.seed &+ UInt64(offset)
      let source = RandomBarrierSource.make(seed: seed)
      barriers += source.components(separatedBy: "barrier()").count - 1
      let level: OptimizationLevel = seed % 2 == 0 ? .full : .none
      let options = BackendOptions(
        scheduling: seed % 3 == 0 ? .naive : .list,
        threadSwitching: seed % 4 == 1 ? .always : .automatic)
      let n = RandomBarrierSource.elements
      let src = (0..<n).map { ($0 &* 2_654_435_761) >> 23 }
      do {
        let function = try Self.function(source, level: level)
        let run = try EmulatorHarness.run(
          function, arguments: [.u32(n), .buffer(0), .buffer(1)],
          buffers: [src, [UInt32](repeating: 0x5A5A_5A5A, count: Int(n))], qpus: 2,
          options: options, optimise: false)
        if run.emulated != run.interpreted || !run.statistics.warnings.isEmpty {
          mismatches.append("seed \(seed): results differ\n\(source)")
        }
      } catch {
        mismatches.append("seed \(seed): \(error)\n\(source)")
      }
      if mismatches.count >= 3 { break }
    }
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n\n"))")
    print(
      "barrier differential: \(Self.count) kernels (\(barriers) barriers) from seed "
        + "\(Self.seed), \(mismatches.count) mismatches")
  }
}
