import Foundation
import Testing
import VCKIR

@testable import QPUBackend

/// Loads kept in flight (``LoadHoisting``, word-counted TMU result FIFO) and the aliasing
/// rule (``StoreSinking``, `tmuwt` only before accesses to a buffer with pending stores).
/// The results of these kernels are checked against the interpreter and the source in
/// `GridStrideLoopTests`; here the shape of the code.
@Suite struct MemoryPipeliningTests {
  static func compile(_ name: String, threadsPerQPU: Int = 2) throws -> CompiledKernel {
    let functions = try GridStrideLoopTests.functions()
    var function = try #require(functions[name])
    try PassManager.pipeline(for: .full).run(on: &function)
    return try Backend.compile(function, options: BackendOptions(threadsPerQPU: threadsPerQPU))
  }

  /// The code lines of a listing (no comments or labels).
  static func lines(_ kernel: CompiledKernel) -> [String] {
    kernel.assemblyListing().split(separator: "\n").map(String.init)
      .filter { $0.contains("/* 0x") }
  }

  /// Result words outstanding along the layout, at most: each `tmua` of a kernel without
  /// stores asks for one, each `ldtmu` pops one.
  static func mostOutstanding(_ lines: [String]) -> Int {
    var outstanding = 0
    var most = 0
    for line in lines {
      if line.contains("tmua") { outstanding += 1 }
      if line.contains("ldtmu") { outstanding -= 1 }
      most = max(most, outstanding)
    }
    return most
  }

  /// 8 words per thread with 2 threads per QPU, 4 with 4 (the QPU's 16 shared).
  @Test func summationKeepsTheResultFIFOFull() throws {
    for threads in [2, 4] {
      let lines = Self.lines(try Self.compile("summation", threadsPerQPU: threads))
      #expect(Self.mostOutstanding(lines) == 16 / threads, "\(threads) threads: \(lines)")
    }
  }

  /// The main loop's back edge (an unconditional branch) carries copies of the loop's
  /// first instructions in its delay slots instead of nops, and branches past them.
  @Test func backEdgeSlotsHoldTheLoopsFirstInstructions() throws {
    let lines = Self.lines(try Self.compile("summation"))
    let copies = lines.filter { $0.contains("copied from the branch target") }
    #expect(copies.count == 3, "\(lines)")
    for copy in copies {
      let text = copy.split(separator: "*/").last.map(String.init) ?? ""
      let instruction = text.components(separatedBy: "//")[0].trimmingCharacters(in: .whitespaces)
      // The same instruction sits at the loop's start.
      #expect(lines.filter { $0.contains(instruction) }.count >= 2, "\(instruction)")
    }
  }

  /// scopy's stores go to `y`, its loads come from `x`: no `tmuwt` but the one at the end.
  @Test func copyWaitsForStoresOnlyAtTheEnd() throws {
    let lines = Self.lines(try Self.compile("scopy"))
    #expect(lines.filter { $0.contains("tmuwt") }.count == 1, "\(lines)")
    // Several loads are issued before the first store.
    let firstData = try #require(lines.firstIndex { $0.contains("tmud") })
    #expect(lines[..<firstData].filter { $0.contains("tmua") }.count >= 4, "\(lines)")
  }

  /// `reread` stores to `y` and loads `y[i]` back: that load waits for the store.
  @Test func aLoadAfterAStoreToTheSameBufferWaits() throws {
    let lines = Self.lines(try Self.compile("reread"))
    #expect(lines.filter { $0.contains("tmuwt") }.count > 2, "\(lines)")
  }

  /// Sinking keeps a store ahead of a later load of its own buffer and of an unknown one.
  @Test func storesStayAheadOfConflictingLoads() throws {
    let functions = try GridStrideLoopTests.functions()
    let function = try #require(functions["reread"])
    let sunk = StoreSinking.sink(function)
    let addresses = AddressAnalysis(function)
    // The orders differ only by moving stores down: same instructions per block.
    for (original, moved) in zip(function.blocks, sunk.blocks) {
      #expect(Set(original.instructions) == Set(moved.instructions))
      let originalOrder = original.instructions.filter { $0.opcode == .store || $0.opcode == .load }
      let movedOrder = moved.instructions.filter { $0.opcode == .store || $0.opcode == .load }
      for (index, store) in originalOrder.enumerated() where store.opcode == .store {
        let buffer = addresses.buffer(of: store.operands[0])
        for later in originalOrder[(index + 1)...] where later.opcode == .load {
          let laterBuffer = addresses.buffer(of: later.operands[0])
          guard buffer == nil || laterBuffer == nil || buffer == laterBuffer else { continue }
          let storeAt = try #require(movedOrder.firstIndex(of: store))
          let loadAt = try #require(movedOrder.firstIndex(of: later))
          #expect(storeAt < loadAt, "store \(store) moved below \(later)")
        }
      }
    }
  }

  /// Lookups of several words each (vector loads): hoisting never has more than the
  /// limit outstanding, and every word is popped in its block.
  @Test func hoistingCountsWordsNotLookups() {
    var function = MachineFunction()
    var operations: [MachineOperation] = []
    var sum = function.makeRegister()
    operations.append(MachineOperation(.add(.add), .virtual(sum), .immediate(0), .immediate(0)))
    for lookup in 0..<5 {
      let address = function.makeRegister()
      operations.append(
        MachineOperation(.add(.add), .virtual(address), .immediate(UInt32(lookup)), .immediate(4)))
      var request = MachineOperation(.mul(.mov), .fixed(.magic(.tmua)), .virtual(address))
      request.resultWords = 3
      operations.append(request)
      for _ in 0..<3 {
        let word = function.makeRegister()
        operations.append(
          MachineOperation(.none, signals: .ldtmu, signalDestination: .virtual(word)))
        let next = function.makeRegister()
        operations.append(
          MachineOperation(.add(.add), .virtual(next), .virtual(sum), .virtual(word)))
        sum = next
      }
    }
    function.blocks = [MachineBlock(operations: operations, name: "b0")]
    let order = LoadHoisting.reorder(operations, resultWordLimit: 8)
    let reordered = try? #require(order).map { operations[$0] }
    var outstanding = 0
    var most = 0
    var atFirstPop: Int?
    for operation in reordered ?? [] {
      outstanding += operation.resultWords
      if operation.signals.contains(.ldtmu) {
        if atFirstPop == nil { atFirstPop = outstanding }
        outstanding -= 1
      }
      most = max(most, outstanding)
    }
    #expect(outstanding == 0)
    #expect(most == 8, "a third 3-word lookup goes once one word is popped")
    #expect(atFirstPop == 6, "two 3-word lookups are issued before the first pop")
    // The recount gives each lookup its words back in the original order.
    var recounted = function
    for index in recounted.blocks[0].operations.indices {
      recounted.blocks[0].operations[index].resultWords = 0
    }
    recounted.countResultWords()
    #expect(recounted.blocks[0].operations.map(\.resultWords) == operations.map(\.resultWords))
  }
}
