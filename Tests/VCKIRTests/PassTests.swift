import Testing
import VCKIR

/// Instructions in blocks that belong to some loop.
func loopInstructions(_ function: Function) -> [Instruction] {
  let loops = LoopAnalysis.loops(in: function)
  let inLoop = loops.reduce(into: Set<BlockID>()) { $0.formUnion($1.blocks) }
  return function.blocks.filter { inLoop.contains($0.id) }.flatMap(\.instructions)
}

func optimised(_ function: Function) throws -> Function {
  var result = function
  try PassManager.pipeline(for: .full).run(on: &result)
  return result
}

@Suite struct PassTests {
  @Test func simplifyFoldsConstantsWithInterpreterSemantics() throws {
    var builder = IRBuilder(
      name: "fold", parameters: [Parameter(name: "out", kind: .buffer(element: .u32))])
    let seven = builder.constant(UInt32(7))
    let zero = builder.constant(UInt32(0))
    let quotient = builder.emit(.div, [seven, zero])  // all ones by definition
    let shifted = builder.emit(.shl, [seven, builder.constant(UInt32(33))])  // amount mod 32
    let sum = builder.emit(.add, [quotient, shifted])
    let negative = builder.constant(Int32(-7))
    let signed = builder.emit(.div, [negative, builder.constant(Int32(2))])
    let asUnsigned = builder.emit(.convert, [signed], type: .u32)
    let total = builder.emit(.add, [sum, asUnsigned])
    builder.store(total, address: builder.parameterValues[0])
    builder.returnFromKernel()
    var function = builder.function
    Simplify().run(on: &function)
    DeadCodeElimination().run(on: &function)
    try Verifier.verify(function)
    let stored = function.blocks[0].instructions.last { $0.opcode == .store }
    let definitions = function.definitions()
    let value = try #require(stored?.operands[1])
    let place = try #require(definitions[value])
    let constant = function.blocks[place.block].instructions[place.instruction]
    #expect(constant.opcode == .constant)
    #expect(constant.immediate == UInt32.max &+ 14 &+ UInt32(bitPattern: -3))
    #expect(function.instructionCount == 2)  // the folded constant and the store
  }

  @Test func algebraicIdentities() throws {
    var builder = IRBuilder(
      name: "identities",
      parameters: [
        Parameter(name: "x", kind: .scalar(.u32)),
        Parameter(name: "out", kind: .buffer(element: .u32)),
      ])
    let x = builder.parameterValues[0]
    let lane = builder.emit(.lane, [])
    let a = builder.emit(.add, [builder.emit(.mul, [lane, builder.constant(UInt32(1))]), x])
    let b = builder.emit(.mul, [a, builder.constant(UInt32(8))])  // → shl 3
    let c = builder.emit(.div, [b, builder.constant(UInt32(4))])  // → shr 2
    let d = builder.emit(.rem, [c, builder.constant(UInt32(16))])  // → and 15
    let e = builder.emit(.select, [builder.constant(true), d, lane])
    let f = builder.emit(
      .add, [builder.emit(.add, [e, builder.constant(UInt32(3))]), builder.constant(UInt32(4))])
    builder.store(f, address: builder.parameterValues[1], mask: builder.constant(true))
    builder.returnFromKernel()
    let function = try optimised(builder.function)
    let opcodes = function.blocks.flatMap(\.instructions).map(\.opcode)
    #expect(!opcodes.contains(.mul) && !opcodes.contains(.div) && !opcodes.contains(.rem))
    #expect(!opcodes.contains(.select))
    #expect(opcodes.contains(.shl) && opcodes.contains(.shr) && opcodes.contains(.and))
    #expect(opcodes.filter { $0 == .add }.count == 2)  // lane + x, then + 7
    let store = try #require(function.blocks[0].instructions.last)
    #expect(store.mask == nil)
  }

  @Test func cseMergesRepeatedAddressComputation() throws {
    var function = KernelFixtures.saxpy()
    let before = function.instructionCount
    CommonSubexpressionElimination().run(on: &function)
    DeadCodeElimination().run(on: &function)
    try Verifier.verify(function)
    // Three `const 4` and three `mul i, 4` become one each; two `add y, ...` become one.
    #expect(function.instructionCount == before - 5)
  }

  @Test func dceRemovesUnusedValuesAndLoopCarriedDeadParameters() throws {
    var builder = IRBuilder(name: "dead", parameters: [])
    _ = builder.emit(.lane, [])
    let zero = builder.constant(UInt32(0))
    let (loop, parameters) = builder.makeBlock(parameterTypes: [.uniform(.u32), .uniform(.u32)])
    let (exit, _) = builder.makeBlock()
    builder.branch(to: loop, [zero, zero])
    builder.position(at: loop)
    let next = builder.emit(.add, [parameters[0], builder.constant(UInt32(1))])
    let unused = builder.emit(.add, [parameters[1], next])  // feeds only itself
    let done = builder.emit(.eq, [next, builder.constant(UInt32(10))])
    builder.branch(if: done, then: BlockTarget(exit), else: BlockTarget(loop, [next, unused]))
    builder.position(at: exit)
    builder.returnFromKernel()
    var function = builder.function
    DeadCodeElimination().run(on: &function)
    try Verifier.verify(function)
    let loopBlock = try #require(function.blocks.first { $0.id == loop })
    #expect(loopBlock.parameters.count == 1)
    #expect(!function.blocks.flatMap(\.instructions).contains { $0.opcode == .lane })
  }

  @Test func strengthReductionRemovesMultipliesFromTheLoop() throws {
    let function = try optimised(KernelFixtures.saxpy())
    let body = loopInstructions(function)
    #expect(!body.contains { $0.opcode == .mul && $0.type.scalar == .u32 })
    #expect(!body.contains { $0.opcode == .shl })
    #expect(!body.contains { $0.opcode == .constant })
    // i, and one address per buffer, each stepped once.
    #expect(body.filter { $0.opcode == .add && $0.type.scalar == .u32 }.count == 3)
    // Header: lt, and, any; body: 2 loads, mul, add, store, and 3 × (add, select).
    #expect(body.count == 14)
  }

  @Test func licmHoistsInvariantsOutOfNestedLoops() throws {
    // for j in 0 ..< m { for k in 0 ..< m { out[(base * 3 + j) * 4 + k] = k } } (uniform)
    var builder = IRBuilder(
      name: "nested",
      parameters: [
        Parameter(name: "m", kind: .scalar(.u32)), Parameter(name: "base", kind: .scalar(.u32)),
        Parameter(name: "out", kind: .buffer(element: .u32)),
      ])
    let (m, base, out) = (
      builder.parameterValues[0], builder.parameterValues[1], builder.parameterValues[2]
    )
    let zero = builder.constant(UInt32(0))
    let (outer, outerParameters) = builder.makeBlock(parameterTypes: [.uniform(.u32)])
    let (inner, innerParameters) = builder.makeBlock(parameterTypes: [.uniform(.u32)])
    let (innerBody, _) = builder.makeBlock()
    let (outerLatch, _) = builder.makeBlock()
    let (outerBody, _) = builder.makeBlock()
    let (exit, _) = builder.makeBlock()
    builder.branch(to: outer, [zero])
    builder.position(at: outer)
    let j = outerParameters[0]
    builder.branch(
      if: builder.emit(.lt, [j, m]), then: BlockTarget(outerBody), else: BlockTarget(exit))
    builder.position(at: outerBody)
    builder.branch(to: inner, [builder.constant(UInt32(0))])
    builder.position(at: inner)
    let k = innerParameters[0]
    builder.branch(
      if: builder.emit(.lt, [k, m]), then: BlockTarget(innerBody), else: BlockTarget(outerLatch))
    builder.position(at: innerBody)
    let row = builder.emit(.add, [builder.emit(.mul, [base, builder.constant(UInt32(3))]), j])
    let index = builder.emit(.add, [builder.emit(.mul, [row, builder.constant(UInt32(4))]), k])
    builder.store(k, address: KernelFixtures.address(&builder, out, index))
    builder.branch(to: inner, [builder.emit(.add, [k, builder.constant(UInt32(1))])])
    builder.position(at: outerLatch)
    builder.branch(to: outer, [builder.emit(.add, [j, builder.constant(UInt32(1))])])
    builder.position(at: exit)
    builder.returnFromKernel()

    let original = builder.function
    let function = try optimised(original)
    let loops = LoopAnalysis.loops(in: function)
    #expect(loops.count == 2)
    let innermost = try #require(loops.first)
    let innerCode = function.blocks.filter { innermost.blocks.contains($0.id) }.flatMap(
      \.instructions)
    #expect(!innerCode.contains { $0.opcode == .mul || $0.opcode == .shl })
    #expect(innerCode.filter { $0.opcode == .add }.count == 2)  // k + 1, address + 4
    // base * 3 computed once, before both loops.
    let outerLoop = try #require(loops.last)
    let outerCode = function.blocks.filter { outerLoop.blocks.contains($0.id) }.flatMap(
      \.instructions)
    #expect(!outerCode.contains { $0.opcode == .mul })

    for (m, base) in [(UInt32(3), UInt32(1)), (0, 5), (4, 0)] {
      let size = Int((base * 3 + m) * 4 + 4)
      let expected = try launch(
        original, qpus: 1, arguments: [.u32(m), .u32(base), .buffer(0)],
        buffers: [[UInt32](repeating: 9, count: size)])
      let actual = try launch(
        function, qpus: 1, arguments: [.u32(m), .u32(base), .buffer(0)],
        buffers: [[UInt32](repeating: 9, count: size)])
      #expect(expected == actual)
    }
  }

  @Test func everyPassKeepsEveryFixtureValid() throws {
    for fixture in [
      KernelFixtures.saxpy(), KernelFixtures.summation(), KernelFixtures.collatz(),
      KernelFixtures.exchange(),
    ] {
      var function = fixture
      var stages: [String] = []
      var manager = PassManager.pipeline(for: .full)
      manager.verifiesEachPass = true
      manager.observer = { name, _ in stages.append(name) }
      try manager.run(on: &function)
      #expect(stages.count == manager.passes.count)
      #expect(function.instructionCount <= fixture.instructionCount)
    }
  }

  @Test func printerIsStableAcrossRenumbering() throws {
    let function = try optimised(KernelFixtures.collatz())
    var shifted = function
    // Waste value numbers: printing renumbers, so the text must not change.
    for _ in 0..<5 { _ = shifted.makeValue(.uniform(.u32)) }
    #expect(Printer.print(function) == Printer.print(shifted))
    #expect(Printer.print(function).hasPrefix("kernel @collatz(%0: *u32 input, %1: *u32 output) {"))
  }
}

@Suite struct IfConversionTests {
  /// `if lane() < limit { v = v * 3 }` (masked) with the given condition on the select.
  static func kernel(selectOnGuardMask: Bool) -> Function {
    var builder = IRBuilder(
      name: "ifconv",
      parameters: [
        Parameter(name: "limit", kind: .scalar(.u32)),
        Parameter(name: "out", kind: .buffer(element: .u32)),
      ])
    let lane = builder.emit(.lane, [])
    let mask = builder.emit(.lt, [lane, builder.parameterValues[0]])
    let other = builder.emit(.lt, [lane, builder.constant(UInt32(8))])
    let (body, _) = builder.makeBlock()
    let (join, parameters) = builder.makeBlock(parameterTypes: [.varying(.u32)])
    builder.branch(
      if: builder.emit(.any, [mask]), then: BlockTarget(body), else: BlockTarget(join, [lane]))
    builder.position(at: body)
    let tripled = builder.emit(.mul, [lane, builder.constant(UInt32(3))])
    let condition = selectOnGuardMask ? builder.emit(.and, [mask, other]) : other
    builder.branch(to: join, [builder.emit(.select, [condition, tripled, lane])])
    builder.position(at: join)
    builder.store(
      parameters[0], address: KernelFixtures.address(&builder, builder.parameterValues[1], lane))
    builder.returnFromKernel()
    return builder.function
  }

  @Test(arguments: [true, false])
  func flattensOnlyWhenSelectsAreGuarded(guarded: Bool) throws {
    let original = Self.kernel(selectOnGuardMask: guarded)
    var converted = original
    IfConversion().run(on: &converted)
    try Verifier.verify(converted)
    #expect(converted.blocks.count == (guarded ? 2 : 3))
    for limit: UInt32 in [0, 5, 16] {
      var before: [[UInt32]] = [[UInt32](repeating: 0, count: 16)]
      var after = before
      try Interpreter(function: original, qpuCount: 1).run(
        arguments: [.u32(limit), .buffer(0)], buffers: &before)
      try Interpreter(function: converted, qpuCount: 1).run(
        arguments: [.u32(limit), .buffer(0)], buffers: &after)
      #expect(before == after)
    }
  }
}

@Suite struct SignedPowerOfTwoDivisionTests {
  @Test func signedDivisionByPowersOfTwoBecomesShifts() throws {
    let divisors: [Int32] = [2, 8, 1 << 30, -8, 3]
    var builder = IRBuilder(
      name: "sdiv",
      parameters: [
        Parameter(name: "x", kind: .buffer(element: .i32)),
        Parameter(name: "out", kind: .buffer(element: .i32)),
      ])
    let lane = builder.emit(.lane, [])
    let x = builder.load(
      .i32, address: KernelFixtures.address(&builder, builder.parameterValues[0], lane))
    for (index, divisor) in divisors.enumerated() {
      for (offset, opcode) in [Opcode.div, .rem].enumerated() {
        let value = builder.emit(opcode, [x, builder.constant(divisor)])
        let slot = builder.emit(
          .add,
          [
            builder.emit(.mul, [lane, builder.constant(UInt32(divisors.count * 2))]),
            builder.constant(UInt32(index * 2 + offset)),
          ])
        builder.store(
          value, address: KernelFixtures.address(&builder, builder.parameterValues[1], slot))
      }
    }
    builder.returnFromKernel()
    let original = builder.function
    var simplified = original
    Simplify().run(on: &simplified)
    DeadCodeElimination().run(on: &simplified)
    try Verifier.verify(simplified)
    let remaining = simplified.blocks.flatMap(\.instructions).filter {
      ($0.opcode == .div || $0.opcode == .rem) && $0.type.scalar == .i32
    }
    #expect(remaining.count == 4)  // -8 and 3 stay divisions
    let inputs: [Int32] = [
      0, 1, -1, 7, -7, 8, -8, 9, -9, Int32.max, Int32.min, 1 << 30, -(1 << 30), 12345, -12345, 100,
    ]
    let outputSize = inputs.count * divisors.count * 2
    var before: [[UInt32]] = [
      inputs.map { UInt32(bitPattern: $0) }, [UInt32](repeating: 0, count: outputSize),
    ]
    var after = before
    try Interpreter(function: original, qpuCount: 1).run(
      arguments: [.buffer(0), .buffer(1)], buffers: &before)
    try Interpreter(function: simplified, qpuCount: 1).run(
      arguments: [.buffer(0), .buffer(1)], buffers: &after)
    #expect(before[1] == after[1])
    // And the original agrees with Swift's truncating division.
    for (lane, value) in inputs.enumerated() {
      for (index, divisor) in divisors.enumerated() {
        let quotient = value.dividedReportingOverflow(by: divisor).partialValue
        let remainder = value.remainderReportingOverflow(dividingBy: divisor).partialValue
        #expect(Int32(bitPattern: after[1][lane * divisors.count * 2 + index * 2]) == quotient)
        #expect(Int32(bitPattern: after[1][lane * divisors.count * 2 + index * 2 + 1]) == remainder)
      }
    }
  }
}
