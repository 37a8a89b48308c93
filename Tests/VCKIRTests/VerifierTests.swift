import Testing
import VCKIR

@Suite struct VerifierTests {
  @Test func fixturesAreValid() {
    for function in [
      KernelFixtures.saxpy(), KernelFixtures.summation(), KernelFixtures.collatz(),
      KernelFixtures.exchange(),
    ] {
      #expect(Verifier.check(function) == [], "\(function.name)")
    }
  }

  @Test func rejectsUseBeforeDefinition() {
    var function = KernelFixtures.saxpy()
    // Move the first instruction of the entry block to the end of the function's last block.
    let first = function.blocks[0].instructions.removeFirst()
    function.blocks[function.blocks.count - 1].instructions.append(first)
    #expect(!Verifier.check(function).isEmpty)
  }

  @Test func rejectsVaryingBranchCondition() {
    var builder = IRBuilder(name: "bad", parameters: [])
    let condition = builder.emit(.lt, [builder.emit(.lane, []), builder.constant(UInt32(4))])
    let (then, _) = builder.makeBlock()
    let (other, _) = builder.makeBlock()
    builder.branch(if: condition, then: BlockTarget(then), else: BlockTarget(other))
    let problems = Verifier.check(builder.function)
    #expect(problems.contains { $0.contains("not a uniform bool") })
  }

  @Test func rejectsArgumentCountAndTypeMismatches() {
    var builder = IRBuilder(name: "bad", parameters: [])
    let (target, _) = builder.makeBlock(parameterTypes: [.uniform(.u32)])
    builder.branch(to: target, [])
    #expect(Verifier.check(builder.function).contains { $0.contains("arguments") })

    var typed = IRBuilder(name: "bad", parameters: [])
    let varying = typed.emit(.lane, [])
    let (uniformTarget, _) = typed.makeBlock(parameterTypes: [.uniform(.u32)])
    typed.branch(to: uniformTarget, [varying])
    #expect(!Verifier.check(typed.function).isEmpty)
  }

  @Test func builderRecordsTypeErrorsAndVerifierRejectsThem() {
    var builder = IRBuilder(name: "bad", parameters: [])
    _ = builder.emit(.add, [builder.constant(UInt32(1)), builder.constant(Float(1))])
    #expect(!builder.errors.isEmpty)
    #expect(!Verifier.check(builder.function).isEmpty)
  }

  @Test func rejectsDuplicateDefinitionAndUnknownBlock() {
    var function = KernelFixtures.collatz()
    let duplicate = function.blocks[0].instructions[0]
    function.blocks[0].instructions.append(duplicate)
    #expect(function.blocks.count > 1)
    function.blocks[1].terminator = .branch(BlockTarget(BlockID(999)))
    let problems = Verifier.check(function)
    #expect(problems.contains { $0.contains("defined twice") })
    #expect(problems.contains { $0.contains("missing block") })
  }

  @Test func interpreterRefusesInvalidIR() {
    var function = KernelFixtures.saxpy()
    function.blocks[0].instructions.removeFirst()
    var buffers: [[UInt32]] = [[0], [0]]
    #expect(throws: InterpreterError.self) {
      try Interpreter(function: function).run(
        arguments: [.u32(1), .f32(1), .buffer(0), .buffer(1)], buffers: &buffers)
    }
  }
}
