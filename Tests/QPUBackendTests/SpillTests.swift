import Foundation
import QPUISA
import Testing
import VCKIR
import VCKLang
import VCKLower

@testable import QPUBackend

/// Kernels that need more registers than the QPU has: values are spilled to scratch
/// memory (or rematerialised), and the code still matches the interpreter.
@Suite struct SpillTests {
  static func function(_ source: String, level: OptimizationLevel) throws -> Function {
    try EmulatorHarness.function(source, path: "spill.vck", level: level)
  }

  /// Runs `source` (parameters: `n: u32`, then f32 buffers) on the interpreter and the
  /// emulator and expects equal results and some spilling.
  static func expectRunsLikeInterpreter(
    _ source: String, level: OptimizationLevel, n: UInt32, buffers: [[UInt32]],
    scheduling: BackendOptions.Scheduling = .list
  ) throws -> CompiledKernel {
    let function = try Self.function(source, level: level)
    var arguments: [KernelArgument] = []
    if case .scalar = function.parameters[0].kind { arguments.append(.u32(n)) }
    arguments += buffers.indices.map { KernelArgument.buffer($0) }
    let run = try EmulatorHarness.run(
      function, arguments: arguments, buffers: buffers, qpus: 2,
      options: BackendOptions(scheduling: scheduling), optimise: false)
    #expect(run.emulated == run.interpreted)
    #expect(run.interpreted != buffers)
    #expect(run.statistics.warnings.isEmpty, "\(run.statistics.warnings)")
    let instructions = try run.kernel.words.map { try QPUISA.Instruction(decoding: $0) }
    #expect(ProgramValidator().violations(in: instructions).isEmpty)
    return run.kernel
  }

  static func floats(_ count: Int) -> [UInt32] {
    (0..<count).map { Float(($0 * 37) % 23) * 0.25 - 1.5 }.map(\.bitPattern)
  }

  /// Issue 16: the spec's own limit, a `[64]f32` accumulator.
  static let accumulator64 = """
    kernel acc64(n: u32, x: *f32, out: *f32) {
        var acc: [64]f32 = splat(0.0)
        for i in 0 ..< n {
            let v = x[i * 16 + lane()]
            unroll for t in 0 ..< 64 { acc[t] += v * f32(t) }
        }
        var total: f32 = 0.0
        unroll for t in 0 ..< 64 { total = total * 0.5 + acc[t] }
        out[gid()] = total
    }
    """

  @Test(arguments: [OptimizationLevel.none, .full], BackendOptions.Scheduling.allCases)
  func accumulatorOf64Floats(_ level: OptimizationLevel, _ scheduling: BackendOptions.Scheduling)
    throws
  {
    let kernel = try Self.expectRunsLikeInterpreter(
      Self.accumulator64, level: level, n: 3, buffers: [Self.floats(64), Self.floats(32)],
      scheduling: scheduling)
    #expect(kernel.statistics.spills > 0)
    #expect(kernel.scratchBytes > 0)
  }

  /// Straight-line code with `count` distinct f32 constants.
  static func constants(_ count: Int) -> String {
    var lines = ["kernel constants(x: *f32, out: *f32) {", "    var v = x[gid()]"]
    for index in 0..<count {
      let c = 1.0 + Double(index) * 0.0137 + 0.001
      lines.append(
        index % 2 == 0 ? "    v = v * \(c) + 0.25" : "    v = v - \(c)")
    }
    lines += ["    out[gid()] = v", "}"]
    return lines.joined(separator: "\n")
  }

  @Test(arguments: [OptimizationLevel.none, .full])
  func hundredConstants(_ level: OptimizationLevel) throws {
    _ = try Self.expectRunsLikeInterpreter(
      Self.constants(100), level: level, n: 0, buffers: [Self.floats(32), Self.floats(32)])
  }
}

/// The capacity shapes of issue 19: constants, loops in sequence, long if/else chains.
@Suite struct CapacityTests {
  /// `count` counted loops in sequence, `acc = acc * c + x[j]`, alternating constants.
  static func loops(_ count: Int) -> String {
    var lines = ["kernel loops(n: u32, x: *f32, out: *f32) {", "    var acc: f32 = x[gid()]"]
    for index in 0..<count {
      let constant = index % 2 == 0 ? "0.5" : "0.75"
      lines.append("    for j in 0 ..< n { acc = acc * \(constant) + x[j] }")
    }
    lines += ["    out[gid()] = acc", "}"]
    return lines.joined(separator: "\n")
  }

  /// An if/else chain of `count` varying branches with distinct constants.
  static func chain(_ count: Int) -> String {
    var lines = [
      "kernel chain(x: *f32, out: *f32) {", "    let v = x[gid()]", "    var acc: f32 = 0.0",
    ]
    for index in 0..<count {
      lines.append(
        "    if v > \(index % 7).5 { acc = acc + \(index + 1).25 } else { acc = acc * 0.5 }")
    }
    lines += ["    out[gid()] = acc", "}"]
    return lines.joined(separator: "\n")
  }

  @Test(arguments: [(32, OptimizationLevel.full), (256, .none), (1024, .none)])
  func loopsInSequenceRun(_ count: Int, _ level: OptimizationLevel) throws {
    _ = try SpillTests.expectRunsLikeInterpreter(
      Self.loops(count), level: level, n: 2,
      buffers: [SpillTests.floats(32), SpillTests.floats(32)])
  }

  @Test(arguments: [58, 500])
  func distinctConstantsCompile(_ count: Int) throws {
    let function = try SpillTests.function(SpillTests.constants(count), level: .full)
    let kernel = try Backend.compile(function)
    #expect(kernel.uniforms.count >= count)
  }

  @Test func constantsRun() throws {
    _ = try SpillTests.expectRunsLikeInterpreter(
      SpillTests.constants(58), level: .full, n: 0,
      buffers: [SpillTests.floats(32), SpillTests.floats(32)])
  }

  @Test func ifElseChainRuns() throws {
    _ = try SpillTests.expectRunsLikeInterpreter(
      Self.chain(128), level: .none, n: 0,
      buffers: [SpillTests.floats(32), SpillTests.floats(32)])
  }

  @Test func longIfElseChainCompilesUnoptimised() throws {
    let function = try SpillTests.function(Self.chain(1024), level: .none)
    let kernel = try Backend.compile(function)
    // Its constants are re-read from the uniform stream in the arms that use them.
    #expect(kernel.statistics.rematerialised > 500)
  }
}
