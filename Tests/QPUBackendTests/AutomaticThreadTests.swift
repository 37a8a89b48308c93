import Foundation
import QPUISA
import Testing
import VCKIR
import VCKLang
import VCKLower

@testable import QPUBackend

/// The automatic choice of thread switches and thread count (`BackendOptions()`, the
/// default; docs/backend.md §7b): which kernels switch threads on which loads, which get
/// four threads, the batches per QPU their metadata asks for, and that the code the
/// choice gives matches the interpreter bit for bit in strict mode.
@Suite struct AutomaticThreadTests {
  /// Pointer chasing through a uniform inner loop (`examples/chase.vck`): each load's
  /// address is the previous load's result.
  static var chase: String {
    get throws {
      try String(
        contentsOf: ExampleTests.examplesDirectory.appendingPathComponent("chase.vck"),
        encoding: .utf8)
    }
  }

  /// A gather: the load of x depends on a load of idx in the same pass, which the
  /// unrolled main loop overlaps across copies.
  static let gather = """
    kernel gather(n: u32, idx: *u32, x: *u32, y: *u32) {
        for i in gid() ..< n step gsize() {
            y[i] = x[idx[i]]
        }
    }
    """

  /// A uniform loop whose exit depends on the data it loads (a list walk that stops at
  /// a zero), with a loaded value added in each pass.
  static let walk = """
    kernel walk(n: u32, next: *u32, x: *u32, out: *u32) {
        var p: u32 = n
        var sum = gid()
        while next[p] != 0 {
            sum += x[gid() + p]
            p = p + 1
        }
        out[gid()] = sum + p
    }
    """

  /// Pointer chasing with 40 floats live across the loop: more than half the register
  /// file, so it switches threads with two threads per QPU.
  static let wideChase = """
    kernel wide(steps: u32, next: *u32, x: *f32, out: *f32) {
        var acc: [40]f32 = splat(0.0)
        var p = gid()
        for _ in 0 ..< steps {
            p = next[p]
            let v = x[p]
            unroll for k in 0 ..< 40 { acc[k] = acc[k] * 0.5 + v * f32(k) }
        }
        var total: f32 = 0.0
        unroll for k in 0 ..< 40 { total = total * 0.5 + acc[k] }
        out[gid()] = total
    }
    """

  static func function(_ source: String) throws -> Function {
    try EmulatorHarness.function(source, path: "threads.vck", level: .full)
  }

  static func switchingLoads(_ kernel: CompiledKernel) throws -> Int {
    try kernel.words.filter { word in
      guard case .alu(let alu) = try QPUISA.Instruction(decoding: word) else { return false }
      let writesTMUA = [alu.add.destination, alu.mul.destination].contains {
        if case .magic(.tmua)? = $0 { return true }
        return false
      }
      return writesTMUA && alu.signals.contains(.thrsw)
    }.count
  }

  @Test func theDecisionIsPinned() throws {
    // (kernel, switches on loads, threads per QPU)
    let expected: [(String, Bool, Int)] = [
      (try Self.chase, true, 4), (Self.gather, false, 2), (Self.walk, true, 4),
      (Self.wideChase, true, 2),
    ]
    for (source, switches, threads) in expected {
      let function = try Self.function(source)
      let kernel = try Backend.compile(function)
      #expect(kernel.switchesThreadsOnLoads == switches, "\(function.name)")
      #expect((try Self.switchingLoads(kernel) > 0) == switches, "\(function.name)")
      #expect(kernel.threadsPerQPU == threads, "\(function.name)")
      #expect(kernel.batchesPerQPU == (switches ? threads : 1), "\(function.name)")
      #expect(kernel.defaultBatches == 8 * kernel.batchesPerQPU, "\(function.name)")
      #expect(kernel.statistics.spills == 0 || threads == 2, "\(function.name)")
      // Explicit options override the choice.
      let never = try Backend.compile(function, options: BackendOptions(threadSwitching: .never))
      #expect(!never.switchesThreadsOnLoads && never.threadsPerQPU == 2)
      let two = try Backend.compile(function, options: BackendOptions(threadsPerQPU: 2))
      #expect(two.threadsPerQPU == 2 && two.switchesThreadsOnLoads == switches)
    }
  }

  /// Of the examples only `chase` switches (4 threads); the bandwidth-bound loops and
  /// sgemm keep one batch per QPU.
  @Test func examplesThatSwitch() throws {
    var switching: [String] = []
    for name in ExampleTests.exampleFiles {
      for function in try ExampleTests.kernels(name) {
        let kernel = try Backend.compile(function)
        if kernel.switchesThreadsOnLoads {
          switching.append("\(function.name):\(kernel.threadsPerQPU)")
        } else {
          #expect(kernel.threadsPerQPU == 2 && kernel.batchesPerQPU == 1, "\(function.name)")
        }
      }
    }
    #expect(switching == ["chase:4"])
  }

  static func words(_ count: Int, _ value: (Int) -> Int) -> [UInt32] {
    (0..<count).map { UInt32(value($0)) }
  }

  /// Interpreter against emulator (strict mode, flags, accumulators and rtop poisoned
  /// at every switch) with the automatic choice, both schedulers, 16 batches.
  @Test(arguments: BackendOptions.Scheduling.allCases)
  func automaticCodeRunsLikeTheInterpreter(_ scheduling: BackendOptions.Scheduling) throws {
    let next = Self.words(256) { ($0 * 37 + 11) % 200 }
    let runs: [(String, [KernelArgument], [[UInt32]])] = [
      (
        try Self.chase, [.u32(37), .u32(9), .buffer(0), .buffer(1)],
        [next, [UInt32](repeating: 0, count: 64)]
      ),
      (
        Self.gather, [.u32(45), .buffer(0), .buffer(1), .buffer(2)],
        [
          Self.words(64) { ($0 * 7) % 64 }, Self.words(64) { $0 * 3 + 1 },
          Self.words(64) { _ in 0 },
        ]
      ),
      (
        Self.walk, [.u32(3), .buffer(0), .buffer(1), .buffer(2)],
        [
          Self.words(64) { $0 < 13 ? 1 : 0 }, Self.words(300) { $0 * 5 },
          Self.words(300) { _ in 0 },
        ]
      ),
      (
        Self.wideChase, [.u32(5), .buffer(0), .buffer(1), .buffer(2)],
        [
          next, Self.words(300) { Int(Float(($0 * 13) % 17).bitPattern) },
          [UInt32](repeating: 0, count: 256),
        ]
      ),
    ]
    for (source, arguments, buffers) in runs {
      let function = try Self.function(source)
      let run = try EmulatorHarness.run(
        function, arguments: arguments, buffers: buffers, qpus: 16,
        options: BackendOptions(scheduling: scheduling), optimise: false)
      #expect(run.emulated == run.interpreted, "\(function.name) \(scheduling)")
      #expect(run.interpreted != buffers, "\(function.name) changes its buffers")
      #expect(run.statistics.warnings.isEmpty, "\(run.statistics.warnings)")
    }
  }
}
