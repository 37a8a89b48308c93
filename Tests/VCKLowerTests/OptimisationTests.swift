import Foundation
import Testing
import VCKIR
import VCKLower

/// The -O2 output of every example kernel is visibly optimised.
@Suite struct OptimisationTests {
  /// Every `examples/*.vck` (new examples are picked up automatically).
  static let examples: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: examplesDirectory.path)) ?? []
    return names.filter { $0.hasSuffix(".vck") }.map { String($0.dropLast(4)) }.sorted()
  }()

  @Test func theExamplesAreFound() {
    #expect(Self.examples.count >= 9)
    #expect(Self.examples.contains("sgemm"))
  }

  /// Any example, with every scalar 16 (1.5 for f32) and 4096-word buffers, behaves the
  /// same at -O0 and -O2: the same buffers, or both stop with an error.
  @Test func genericLaunchesAgreeAcrossLevels() throws {
    for kernel in try Self.allKernels() {
      let arguments: [KernelArgument] = kernel.parameters.enumerated().map { index, parameter in
        switch parameter.kind {
        case .scalar(.f32): return .f32(1.5)
        case .scalar: return .u32(16)
        case .buffer: return .buffer(index)
        }
      }
      let buffers = kernel.parameters.map { parameter -> [UInt32] in
        (0..<4096).map { index in
          if case .buffer(element: .f32) = parameter.kind { return Float(index % 13).bitPattern }
          return UInt32(index * 7 % 13)
        }
      }
      var outcomes: [[[UInt32]]?] = []
      for level in OptimizationLevel.allCases {
        var memory = buffers
        let function = try optimise(kernel, level)
        let ran = try? Interpreter(function: function, qpuCount: 2).run(
          arguments: arguments, buffers: &memory)
        outcomes.append(ran == nil ? nil : memory)
      }
      #expect(outcomes[0] == outcomes[1], "\(kernel.name)")
    }
  }

  static func allKernels() throws -> [Function] {
    try examples.flatMap { try lowerKernels(try exampleSource($0)).values }
  }

  @Test func verifierAcceptsEveryKernelAfterEveryPass() throws {
    for kernel in try Self.allKernels() {
      var function = kernel
      var passes = 0
      var manager = PassManager.pipeline(for: .full)
      manager.verifiesEachPass = true
      manager.observer = { _, after in
        passes += 1
        #expect(Verifier.check(after) == [], "\(kernel.name)")
      }
      try manager.run(on: &function)
      #expect(passes == manager.passes.count)
    }
  }

  @Test func noDeadValuesRemain() throws {
    for kernel in try Self.allKernels() {
      let function = try optimise(kernel, .full)
      let uses = function.useCounts()
      for block in function.blocks.dropFirst() {
        for parameter in block.parameters {
          #expect(uses[parameter.id] > 0, "\(kernel.name): unused block parameter")
        }
      }
      for instruction in function.blocks.flatMap(\.instructions) {
        // An atomic stays for its effect even when its old value is unused.
        if let result = instruction.result, !instruction.opcode.info.hasSideEffects {
          #expect(uses[result.id] > 0, "\(kernel.name): unused \(instruction.opcode)")
        }
      }
      #expect(function.instructionCount < kernel.instructionCount, "\(kernel.name)")
    }
  }

  @Test func loopInvariantCodeIsHoisted() throws {
    for kernel in try Self.allKernels() {
      let function = try optimise(kernel, .full)
      for loop in LoopAnalysis.loops(in: function) {
        let inside = LoopAnalysis.definedValues(in: loop, of: function)
        for block in function.blocks where loop.blocks.contains(block.id) {
          for instruction in block.instructions where instruction.opcode.isPure {
            let invariant = instruction.operands.allSatisfy { !inside.contains($0) }
            #expect(!invariant, "\(kernel.name): \(instruction.opcode) left in a loop")
          }
        }
      }
    }
  }

  @Test func innermostLoopAddressesAreInductionVariables() throws {
    for kernel in try Self.allKernels() {
      let function = try optimise(kernel, .full)
      let loops = LoopAnalysis.loops(in: function)
      let definitions = function.definitions()
      for loop in loops {
        let isInnermost = !loops.contains {
          $0.header != loop.header && loop.blocks.contains($0.header)
        }
        guard isInnermost else { continue }
        // A loop with more addresses than strength reduction takes keeps its arithmetic.
        let addresses = Set(
          function.blocks.filter { loop.blocks.contains($0.id) }.flatMap(\.instructions)
            .filter { $0.opcode == .load || $0.opcode == .store }.map { $0.operands[0] })
        guard addresses.count <= StrengthReduction.maximumReducedAddresses else { continue }
        for block in function.blocks where loop.blocks.contains(block.id) {
          for instruction in block.instructions
          where instruction.opcode == .load || instruction.opcode == .store {
            guard let place = definitions[instruction.operands[0]],
              loop.blocks.contains(function.blocks[place.block].id)
            else { continue }
            let producer = function.blocks[place.block].instructions[place.instruction]
            // A copy of the body in a grid-stride main loop adds a loop-invariant offset
            // to the induction variable (one add, no multiply).
            let offsetOfInductionVariable =
              producer.opcode == .add
              && producer.operands.contains { operand in
                guard let at = definitions[operand] else { return true }
                return !loop.blocks.contains(function.blocks[at.block].id)
              }
            #expect(
              producer.opcode != .shl && producer.opcode != .mul
                && (producer.opcode != .add || offsetOfInductionVariable),
              "\(kernel.name): address computed in the loop by \(producer.opcode)")
          }
        }
      }
    }
  }

  @Test func saxpyInnerLoopIsMinimal() throws {
    let function = try optimise(try lowerKernel(try exampleSource("saxpy"), "saxpy"), .full)
    let text = Printer.print(function)
    let instructions = loopInstructions(function)
    let loops = LoopAnalysis.loops(in: function).map { loop in
      function.blocks.filter { loop.blocks.contains($0.id) }.flatMap(\.instructions)
    }
    // The masked remainder loop. Header: lt, and, any. Body: 2 loads, fmul, fadd, store;
    // i and two addresses stepped under the mask (add + select each).
    let masked = try #require(loops.first { $0.contains { $0.opcode == .any } }, "\(text)")
    #expect(masked.count == 14, "\(text)")
    // The uniform main loop: 4 copies of the body (2 loads each: 8 words in the FIFO),
    // no selects, at most 10 instructions per copy (5 of the body, address offsets, the
    // step, the vote).
    let main = try #require(loops.first { $0.contains { $0.opcode == .all } }, "\(text)")
    #expect(main.filter { $0.opcode == .load }.count == 8, "\(text)")
    #expect(!main.contains { $0.opcode == .select }, "\(text)")
    #expect(main.count <= 40, "\(text)")
    #expect(
      !masked.contains { $0.type.scalar == .u32 && ($0.opcode == .shl || $0.opcode == .mul) },
      "\(text)")
    // Not yet: strength reduction of the main loop's copies (each still scales its
    // counter with a shl; see docs/backend.md §7c).
    #expect(instructions.filter { $0.opcode == .constant }.isEmpty)
  }

  @Test func sgemmInnerLoopsAreBlockedAndMinimal() throws {
    let function = try optimise(try lowerKernel(try exampleSource("sgemm"), "sgemm"), .full)
    let text = Printer.print(function)
    let loops = LoopAnalysis.loops(in: function).map { loop in
      function.blocks.filter { loop.blocks.contains($0.id) }.flatMap(\.instructions)
    }
    // The blocked loop (16 steps of k): 16 varying loads (rows of B) and 256 uniform ones
    // (A's block, row by row), 256 × (fmul, fadd); each address one add from the previous
    // index plus its scaling (shl, add), the starting indices, k0 + 16 and the compare.
    let blocked = try #require(
      loops.first { $0.filter { $0.opcode == .load }.count == 16 + 256 }, "\(text)")
    let uniformLoads = blocked.filter {
      $0.opcode == .load && function.type(of: $0.operands[0]).shape == .uniform
    }
    #expect(uniformLoads.count == 256)
    #expect(blocked.filter { $0.type.scalar == .f32 }.count == 2 * 256 + 16 + 256)
    #expect(blocked.count - (3 * 256 + 16 + 256) <= 16 * 3 + 256 * 3 + 12, "\(text)")
    // The remainder loop (q % 16 steps): 2 loads, 16 × (broadcast, fmul, fadd), k + 1, two
    // address steps, the compare.
    let remainder = try #require(loops.first { $0.filter { $0.opcode == .load }.count == 2 })
    #expect(remainder.filter { $0.opcode == .broadcast }.count == 16)
    #expect(remainder.filter { $0.type.scalar == .u32 && $0.opcode == .add }.count == 3)
    #expect(remainder.count == 2 + 48 + 3 + 1)
  }
}

@Suite struct TextRoundTripTests {
  @Test func everyExampleRoundTripsThroughText() throws {
    for kernel in try OptimisationTests.allKernels() {
      for level in OptimizationLevel.allCases {
        let function = try optimise(kernel, level)
        let text = Printer.print(function)
        let parsed = try IRParser.parse(text)
        #expect(Verifier.check(parsed) == [], "\(kernel.name)")
        #expect(Printer.print(parsed) == text, "\(kernel.name)")
      }
    }
  }
}
