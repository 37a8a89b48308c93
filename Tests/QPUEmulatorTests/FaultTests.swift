import QPUISA
import Testing

@testable import QPUEmulator

/// Faults stop the job with a located error; no input crashes the process.
@Suite struct FaultTests {
  func error(_ run: () throws -> Void) -> EmulatorError? {
    do {
      try run()
      return nil
    } catch let error as EmulatorError {
      return error
    } catch {
      Issue.record("unexpected error \(error)")
      return nil
    }
  }

  @Test func runningIntoAnInvalidWordIsAFault() {
    let failure = error { _ = try Harness.run("nop\nnop") }
    #expect(failure?.kind == .invalidInstruction)
    #expect(failure?.location?.pc == Harness.codeBase + 16)
    #expect(failure?.description.contains("invalid instruction 0x0000000000000000") == true)
  }

  @Test func outOfBoundsLoadNamesLaneAndAddress() {
    let end = Harness.dataBase + UInt32(Harness.dataSize)
    let failure = error {
      _ = try Harness.run(
        Harness.program("nop", storing: []), uniforms: [Harness.dataBase, end - 20, Harness.inputB])
    }
    #expect(failure?.kind == .outOfBounds)
    #expect(failure?.lane == 5)
    #expect(failure?.address == end)
    #expect(failure?.description.contains("lane 5, address 0x30008000") == true)
    #expect(failure?.location?.disassembly.contains("tmua") == true)
  }

  @Test func outOfBoundsStoreIsAFault() {
    let failure = error {
      _ = try Harness.run(
        Harness.program("nop", storing: ["rf1"]),
        uniforms: [0x4000_0000, Harness.inputA, Harness.inputB])
    }
    #expect(failure?.kind == .outOfBounds)
    #expect(failure?.lane == 0)
    #expect(failure?.address == 0x4000_0000)
  }

  @Test func endlessLoopExhaustsTheBudget() {
    let failure = error {
      _ = try Harness.run("loop:\nb loop\nnop\nnop\nnop", maxInstructions: 1000)
    }
    #expect(failure?.kind == .instructionBudgetExceeded)
  }

  @Test func ldtmuWithoutALookupWouldHang() {
    let failure = error { _ = try Harness.run("nop ; nop ; ldtmu.r0\n" + Harness.end) }
    #expect(failure?.kind == .deadlock)
  }

  @Test func barrierThatCannotCompleteIsADeadlock() throws {
    // Batch 0 waits at the barrier, batch 1 of its supergroup ends without it.
    let program = """
      tidx r0
      and.pushz -, r0, 4
      b.na0 skip
      nop
      nop
      nop
      barrierid syncb ; nop ; thrsw
      nop
      nop
      skip:

      """ + Harness.end
    let failure = error {
      _ = try Harness.run(
        program, configuration: try Harness.configuration(batches: 2, batchesPerSupergroup: 2))
    }
    #expect(failure?.kind == .deadlock)
  }

  @Test func graphicsOnlyRegistersAreRefused() {
    let failure = error { _ = try Harness.run("mov tlb, r0\n" + Harness.end) }
    #expect(failure?.kind == .unsupported)
  }

  @Test func invalidConfigurations() throws {
    let memory = GPUMemory()
    try memory.addBuffer(at: 0x1000, size: 64)
    let emulator = Emulator(memory: memory)
    #expect(throws: EmulatorError.self) { try emulator.run(try CSDConfiguration([0, 0, 0])) }
    #expect(throws: EmulatorError.self) {
      try emulator.run(try CSDConfiguration([0, 0, 0, 0, 0, 0x8000, 0x1000]))
    }
    #expect(throws: GPUMemory.LayoutError.self) { try memory.addBuffer(at: 0x1020, size: 64) }
    #expect(throws: GPUMemory.LayoutError.self) { try memory.addBuffer(at: 0xFFFF_FFF0, size: 64) }
  }

  /// Random words, run as programs in both modes, stop with an error or end;
  /// they never crash the process.
  @Test func randomWordsNeverCrash() throws {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return state
    }
    var outcomes = [String: Int]()
    for round in 0..<300 {
      var words = (0..<24).map { _ in next() }
      // Bias towards valid ALU words: a nonzero mul opcode and a defined signal.
      for index in words.indices where index % 2 == 0 {
        words[index] = (words[index] & ~(0x1F << 53)) | (UInt64(round % 26) << 53) | (1 << 58)
      }
      do {
        _ = try Harness.run(
          words: words, uniforms: (0..<64).map { _ in UInt32(truncatingIfNeeded: next()) },
          configuration: try Harness.configuration(batches: 1 + round % 3),
          strict: round % 2 == 0, maxInstructions: 2000)
        outcomes["completed", default: 0] += 1
      } catch let error as EmulatorError {
        outcomes["\(error.kind)", default: 0] += 1
      }
    }
    #expect(outcomes.values.reduce(0, +) == 300)
    #expect(outcomes.count > 2)
  }

  @Test func uniformStreamOutsideMemoryIsAFault() {
    let failure = error {
      _ = try Harness.run(
        "nop ; nop ; ldunif\n" + Harness.end, uniforms: [],
        configuration: try CSDConfiguration([0, 0, 0, 0, 0, Harness.codeBase, 0x7000_0000]))
    }
    #expect(failure?.kind == .outOfBounds)
    #expect(failure?.address == 0x7000_0000)
  }

  @Test func branchOutOfTheCodeIsAFault() {
    let failure = error { _ = try Harness.run("b zero_addr+0x50000000\nnop\nnop\nnop\n") }
    #expect(failure?.kind == .outOfBounds)
    #expect(failure?.location?.pc == 0x5000_0000)
    #expect(failure?.description.contains("outside the code buffer") == true)
  }

  @Test func threadEndingAtABarrierIsADeadlock() {
    let program = """
      barrierid syncb
      nop ; nop ; thrsw
      nop
      nop

      """
    let failure = error {
      _ = try Harness.run(
        program, configuration: try Harness.configuration(singleSegment: true), strict: false)
    }
    #expect(failure?.kind == .deadlock)
    #expect(failure?.description.contains("barrier") == true)
  }
}
