import Testing
import VCKIR

/// Runs `function` at `level` and returns the buffers afterwards.
func launch(
  _ function: Function, level: OptimizationLevel = .none, qpus: Int = 2,
  arguments: [KernelArgument], buffers: [[UInt32]]
) throws -> [[UInt32]] {
  var optimised = function
  try PassManager.pipeline(for: level).run(on: &optimised)
  var memory = buffers
  try Interpreter(function: optimised, qpuCount: qpus).run(arguments: arguments, buffers: &memory)
  return memory
}

func floats(_ words: [UInt32]) -> [Float] { words.map { Float(bitPattern: $0) } }
func words(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

@Suite struct InterpreterTests {
  @Test(arguments: OptimizationLevel.allCases)
  func saxpyMatchesSwift(level: OptimizationLevel) throws {
    let n = 77
    let x = (0..<n).map { Float($0) * 0.5 - 3 }
    let y = (0..<n).map { Float($0 % 7) + 0.25 }
    let result = try launch(
      KernelFixtures.saxpy(), level: level, qpus: 3,
      arguments: [.u32(UInt32(n)), .f32(1.5), .buffer(0), .buffer(1)],
      buffers: [words(x), words(y)])
    let expected = zip(x, y).map { 1.5 * $0 + $1 }
    #expect(floats(result[1]) == expected)
    #expect(floats(result[0]) == x)
  }

  @Test(arguments: OptimizationLevel.allCases)
  func summationReducesAcrossLanes(level: OptimizationLevel) throws {
    let n = 100
    let source = (0..<n).map { UInt32($0 * 3 + 1) }
    let qpus = 2
    let result = try launch(
      KernelFixtures.summation(), level: level, qpus: qpus,
      arguments: [.u32(UInt32(n)), .buffer(0), .buffer(1), .buffer(2)],
      buffers: [source, [UInt32](repeating: 0, count: 32), [0, 0]])
    var laneSums = [UInt32](repeating: 0, count: 32)
    for i in 0..<n { laneSums[i % 32] &+= source[i] }
    #expect(result[1] == laneSums)
    #expect(result[2] == [laneSums[0..<16].reduce(0, &+), laneSums[16..<32].reduce(0, &+)])
  }

  @Test(arguments: OptimizationLevel.allCases)
  func varyingWhileRunsEachLaneItsOwnTripCount(level: OptimizationLevel) throws {
    let input = (1...16).map { UInt32($0) }
    let result = try launch(
      KernelFixtures.collatz(), level: level, qpus: 1, arguments: [.buffer(0), .buffer(1)],
      buffers: [input, [UInt32](repeating: 0, count: 16)])
    func steps(_ start: UInt32) -> UInt32 {
      var value = start
      var count: UInt32 = 0
      while value != 1 {
        value = value % 2 == 1 ? 3 * value + 1 : value / 2
        count += 1
      }
      return count
    }
    #expect(result[1] == input.map(steps))
  }

  @Test func barrierMakesOtherQPUsStoresVisibleAndLaneOpsMoveData() throws {
    let qpus = 3
    let size = qpus * 16
    let result = try launch(
      KernelFixtures.exchange(), qpus: qpus, arguments: [.buffer(0), .buffer(1), .buffer(2)],
      buffers: Array(repeating: [UInt32](repeating: 0, count: size), count: 3))
    #expect(result[1] == (0..<size).map { UInt32(($0 + 16) % size) })
    let expectedMix = (0..<size).map { gid -> UInt32 in
      let qpuBase = gid / 16 * 16
      let rotated = qpuBase + (gid % 16 + 15) % 16
      return UInt32(rotated * 100 + qpuBase + 3)
    }
    #expect(result[2] == expectedMix)
  }

  @Test func outOfBoundsAccessNamesLaneAndAddress() throws {
    #expect(throws: InterpreterError.self) {
      _ = try launch(
        KernelFixtures.saxpy(), arguments: [.u32(40), .f32(1), .buffer(0), .buffer(1)],
        buffers: [[UInt32](repeating: 0, count: 8), [UInt32](repeating: 0, count: 40)])
    }
    do {
      _ = try launch(
        KernelFixtures.saxpy(), arguments: [.u32(40), .f32(1), .buffer(0), .buffer(1)],
        buffers: [[UInt32](repeating: 0, count: 8), [UInt32](repeating: 0, count: 40)])
    } catch {
      #expect(String(describing: error).contains("lane 8"))
      #expect(String(describing: error).contains("outside every buffer"))
    }
  }

  @Test func wrongArgumentsAreRejected() {
    #expect(throws: InterpreterError.self) {
      _ = try launch(KernelFixtures.saxpy(), arguments: [.u32(1)], buffers: [])
    }
    #expect(throws: InterpreterError.self) {
      _ = try launch(
        KernelFixtures.saxpy(), arguments: [.u32(1), .f32(1), .buffer(0), .buffer(7)],
        buffers: [[0]])
    }
  }

  @Test func infiniteLoopStopsAtTheStepLimit() throws {
    var builder = IRBuilder(name: "spin", parameters: [])
    let (loop, _) = builder.makeBlock()
    builder.branch(to: loop)
    builder.position(at: loop)
    _ = builder.emit(.lane, [])
    builder.branch(to: loop)
    var buffers: [[UInt32]] = []
    #expect(throws: InterpreterError.self) {
      try Interpreter(function: builder.function, qpuCount: 1, stepLimit: 1000)
        .run(arguments: [], buffers: &buffers)
    }
  }

  @Test func barrierSkippedByOneQPUIsReported() throws {
    // QPU 0 returns early; the others wait at a barrier.
    var builder = IRBuilder(name: "split", parameters: [])
    let isFirst = builder.emit(.eq, [builder.emit(.qpu, []), builder.constant(UInt32(0))])
    let (early, _) = builder.makeBlock()
    let (late, _) = builder.makeBlock()
    builder.branch(if: isFirst, then: BlockTarget(early), else: BlockTarget(late))
    builder.position(at: early)
    builder.returnFromKernel()
    builder.position(at: late)
    builder.barrier()
    builder.returnFromKernel()
    var buffers: [[UInt32]] = []
    #expect(throws: InterpreterError.self) {
      try Interpreter(function: builder.function, qpuCount: 2).run(arguments: [], buffers: &buffers)
    }
  }
}
