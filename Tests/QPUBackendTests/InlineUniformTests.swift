import Foundation
import QPUISA
import Testing
import VCKIR
import VCKLang
import VCKLower

@testable import QPUBackend

/// Constants re-read from the uniform stream near their uses instead of being kept in
/// registers (issue 16): the stream is laid out from the final code, and branches whose
/// target has another stream position redirect it (`ub`, docs/backend.md §3a).
@Suite struct InlineUniformTests {
  /// The branches of a kernel that redirect the uniform stream.
  static func redirectingBranches(_ kernel: CompiledKernel) throws -> Int {
    try kernel.words.map { try QPUISA.Instruction(decoding: $0) }.filter {
      if case .branch(let branch) = $0 { return branch.uniformTarget != nil }
      return false
    }.count
  }

  /// 72 distinct constants used in a uniform loop and in both arms of a varying branch,
  /// then again after them.
  static let loopAndBranches: String = {
    let constants = (0..<72).map { 1_000_003 &* UInt32($0 + 7) }
    var lines = ["kernel mixed(n: u32, src: *u32, dst: *u32) {", "    var acc: u32 = src[gid()]"]
    lines.append("    for j in 0 ..< n {")
    for c in constants.prefix(24) { lines.append("        acc = (acc ^ \(c)) + j") }
    lines.append("    }")
    lines.append("    if (acc & 1) == 0 {")
    for c in constants.dropFirst(24).prefix(24) { lines.append("        acc = acc * \(c) + 1") }
    lines.append("    } else {")
    for c in constants.dropFirst(48) { lines.append("        acc = (acc - \(c)) ^ 5") }
    lines.append("    }")
    for c in constants.reversed() { lines.append("    acc = acc + \(c)") }
    lines += ["    dst[gid()] = acc", "}"]
    return lines.joined(separator: "\n")
  }()

  @Test(arguments: [OptimizationLevel.none, .full], BackendOptions.Scheduling.allCases)
  func constantsInLoopsAndBothArmsAreReRead(
    _ level: OptimizationLevel, _ scheduling: BackendOptions.Scheduling
  ) throws {
    let function = try SpillTests.function(Self.loopAndBranches, level: level)
    let n: UInt32 = 3
    let src = (0..<32).map { UInt32($0) &* 2_654_435_761 }
    let run = try EmulatorHarness.run(
      function, arguments: [.u32(n), .buffer(0), .buffer(1)],
      buffers: [src, [UInt32](repeating: 0, count: 32)], qpus: 2,
      options: BackendOptions(scheduling: scheduling), optimise: false)
    #expect(run.emulated == run.interpreted)
    #expect(run.interpreted[1] != [UInt32](repeating: 0, count: 32))
    #expect(run.statistics.warnings.isEmpty, "\(run.statistics.warnings)")
    #expect(run.kernel.statistics.rematerialised > 0)
    #expect(run.kernel.statistics.spills == 0)
    #expect(try Self.redirectingBranches(run.kernel) > 0)
    #expect(run.kernel.statisticsHeader.contains("ub offset"))
    let instructions = try run.kernel.words.map { try QPUISA.Instruction(decoding: $0) }
    #expect(ProgramValidator().violations(in: instructions).isEmpty)
  }

  /// The 100-constant straight-line kernel of issue 16 re-reads its constants: no value
  /// goes to scratch memory, and with no branch there is no redirect.
  @Test func hundredConstantsNeedNoScratch() throws {
    let kernel = try SpillTests.expectRunsLikeInterpreter(
      SpillTests.constants(100), level: .full, n: 0,
      buffers: [SpillTests.floats(32), SpillTests.floats(32)])
    #expect(kernel.statistics.spills == 0)
    #expect(kernel.statistics.rematerialised > 0)
    #expect(kernel.scratchBytes == 0)
    #expect(try Self.redirectingBranches(kernel) == 0)
  }

  /// A kernel that reads every uniform before its first branch keeps its branches and its
  /// stream as they were: no redirect, the words in prologue order.
  @Test func kernelsWithoutInlineReadsHaveNoRedirects() throws {
    let source = """
      kernel saxpy(n: u32, a: f32, x: *f32, y: *f32) {
          for i in gid() ..< n step gsize() { y[i] = a * x[i] + y[i] * 1.5 }
      }
      """
    let function = try SpillTests.function(source, level: .full)
    for scheduling in BackendOptions.Scheduling.allCases {
      let kernel = try Backend.compile(function, options: BackendOptions(scheduling: scheduling))
      #expect(try Self.redirectingBranches(kernel) == 0)
      #expect(!kernel.statisticsHeader.contains("ub offset"))
      #expect(kernel.statistics.rematerialised == 0)
      let selector = try InstructionSelector.select(
        scheduling == .list ? StoreSinking.sink(function) : function)
      #expect(kernel.uniforms == selector.uniforms)
      #expect(kernel.uniforms.contains(.constant(Float(1.5).bitPattern)))
    }
  }

  /// The layout on hand-made code: a forward branch over a uniform read redirects, with the
  /// distance from the word after its own to the target's position.
  @Test func layoutPlacesBranchOffsets() throws {
    let read = ALUInstruction(signals: .ldunifrf, signalDestination: .register(3))
    let code: [QPUInstruction] = [
      .alu(read),  // word 0
      .branch(BranchInstruction(condition: .a0, target: .relative(8))),  // to 6
      .nop, .nop, .nop,
      .alu(read),  // skipped by the branch
      .alu(read),  // the target
      .branch(BranchInstruction(target: .relative(-8 * 11))),  // back to 0
      .nop, .nop, .nop,
    ]
    let reads: [UniformSlot?] = [
      .constant(10), nil, nil, nil, nil, .constant(11), .constant(12), nil, nil, nil, nil,
    ]
    let layout = try UniformStreamLayout(code, reads: reads, scratchBytesPerThread: 0)
    // Branch 1 (word 1) goes to position 3: 3 − 2 = 1 word on. Branch 7 (word 4) goes
    // back to position 0: 0 − 5 = −5 words.
    #expect(
      layout.slots == [
        .constant(10), .constant(4), .constant(11), .constant(12),
        .constant(UInt32(bitPattern: -20)),
      ])
    #expect(layout.redirectingBranches == [1, 7])
    for index in layout.redirectingBranches {
      guard case .branch(let branch) = layout.instructions[index] else {
        Issue.record("instruction \(index) is not a branch")
        continue
      }
      #expect(branch.uniformTarget == .relative)
    }
  }

  @Test func layoutRefusesAnUnknownRead() {
    let code: [QPUInstruction] = [
      .alu(ALUInstruction(signals: .ldunifrf, signalDestination: .register(3)))
    ]
    #expect(throws: BackendError.self) {
      _ = try UniformStreamLayout(code, reads: [nil], scratchBytesPerThread: 0)
    }
  }
}

/// Random kernels with more distinct constants than registers, in loops and branches
/// (``RandomConstantSource``): the interpreter and the compiled code on the emulator
/// (strict mode) agree bit for bit, at -O0 and -O2, with both schedulers.
/// `VCK_CONSTANT_SEED` (default 1) and `VCK_CONSTANT_COUNT` (default 12) choose the kernels:
/// `VCK_CONSTANT_COUNT=500 swift test --filter RandomConstantDifferentialTests`.
@Suite struct RandomConstantDifferentialTests {
  static var seed: UInt64 {
    ProcessInfo.processInfo.environment["VCK_CONSTANT_SEED"].flatMap { UInt64($0) } ?? 1
  }
  static var count: Int {
    ProcessInfo.processInfo.environment["VCK_CONSTANT_COUNT"].flatMap { Int($0) } ?? 12
  }

  /// Seeds that once failed with thread switches on every load: a loop value read in a
  /// block laid out before its definition, after a thread switch, got an accumulator (the
  /// validator follows the layout); a back edge copied a `multop` into its delay slots.
  @Test(arguments: [UInt64(1061), 1069, 1181])
  func threadSwitchingKernelsOfPastFailures(_ seed: UInt64) throws {
    let source = RandomConstantSource.make(seed: seed)
    let n = RandomConstantSource.elements
    let function = try SpillTests.function(source, level: .none)
    let run = try EmulatorHarness.run(
      function, arguments: [.u32(n), .buffer(0), .buffer(1)],
      buffers: [(0..<n).map { $0 &* 2_654_435_761 }, [UInt32](repeating: 0, count: Int(n))],
      qpus: 2, options: BackendOptions(threadSwitching: .always), optimise: false)
    #expect(run.emulated == run.interpreted)
    #expect(run.statistics.warnings.isEmpty, "\(run.statistics.warnings)")
  }

  @Test func randomConstantKernelsMatchInterpreter() throws {
    var mismatches: [String] = []
    var redirected = 0
    var rematerialised = 0
    for offset in 0..<Self.count {
      let seed = Self.seed &+ UInt64(offset)
      let source = RandomConstantSource.make(seed: seed)
      let level: OptimizationLevel = seed % 2 == 0 ? .full : .none
      let options = BackendOptions(
        scheduling: seed % 3 == 0 ? .naive : .list,
        threadSwitching: seed % 4 == 1 ? .always : .automatic)
      let n = RandomConstantSource.elements
      let src = (0..<n).map { $0 &* 2_654_435_761 }
      do {
        let function = try SpillTests.function(source, level: level)
        let run = try EmulatorHarness.run(
          function, arguments: [.u32(n), .buffer(0), .buffer(1)],
          buffers: [src, [UInt32](repeating: 0x5A5A_5A5A, count: Int(n))], qpus: 2,
          options: options, optimise: false)
        if run.emulated != run.interpreted || !run.statistics.warnings.isEmpty {
          mismatches.append("seed \(seed): results differ\n\(source)")
        }
        if try InlineUniformTests.redirectingBranches(run.kernel) > 0 { redirected += 1 }
        rematerialised += run.kernel.statistics.rematerialised
      } catch {
        mismatches.append("seed \(seed): \(error)\n\(source)")
      }
      if mismatches.count >= 3 { break }
    }
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n\n"))")
    // The generator must exercise what it is for.
    #expect(redirected > Self.count / 2)
    print(
      "constant differential: \(Self.count) kernels from seed \(Self.seed) (\(redirected) with "
        + "ub branches, \(rematerialised) rematerialised values), \(mismatches.count) mismatches"
    )
  }
}
