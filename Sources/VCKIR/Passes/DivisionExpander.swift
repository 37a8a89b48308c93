/// Expands one integer `div`/`rem` into a shift-subtract loop (see
/// ``ExpandIntegerArithmetic``).
enum DivisionExpander {
  /// Replaces the instruction at `position` of block `blockIndex`; returns the index of
  /// the block holding the code that followed it.
  static func expand(
    at position: Int, in blockIndex: Int, of function: inout Function, instruction: Instruction
  ) -> Int {
    guard let result = instruction.result else { return blockIndex }
    let scalar = instruction.type.scalar
    let isRemainder = instruction.opcode == .rem
    let (dividend, divisor) = (instruction.operands[0], instruction.operands[1])
    let before = Array(function.blocks[blockIndex].instructions[..<position])
    var after = Array(function.blocks[blockIndex].instructions[(position + 1)...])
    let terminator = function.blocks[blockIndex].terminator

    // Set-up: magnitudes for i32.
    var setup = Emitter(function: function)
    var numerator = dividend
    var denominator = divisor
    var dividendNegative: Value? = nil
    var divisorNegative: Value? = nil
    if scalar == .i32 {
      let zero = setup.constant(0, .i32)
      dividendNegative = setup.emit(.lt, [dividend, zero], .bool)
      divisorNegative = setup.emit(.lt, [divisor, zero], .bool)
      numerator = setup.emit(.convert, [setup.emit(.abs, [dividend], .i32)], .u32)
      denominator = setup.emit(.convert, [setup.emit(.abs, [divisor], .i32)], .u32)
    }
    let shape = function.type(of: dividend).shape.joined(with: function.type(of: divisor).shape)
    let zero = setup.constant(0)
    let thirtyTwo = setup.constant(32)
    function = setup.function

    // Loop: header(step, quotient, remainder).
    let header = BlockID(function.nextBlockID)
    let body = BlockID(function.nextBlockID + 1)
    let exit = BlockID(function.nextBlockID + 2)
    function.nextBlockID += 3
    let step = function.makeValue(.uniform(.u32))
    let quotient = function.makeValue(IRType(.u32, shape))
    let remainder = function.makeValue(IRType(.u32, shape))
    var headerCode = Emitter(function: function)
    let more = headerCode.emit(.lt, [step, thirtyTwo], .bool)
    function = headerCode.function

    var bodyCode = Emitter(function: function)
    let one = bodyCode.constant(1)
    let thirtyOne = bodyCode.constant(31)
    let bit = bodyCode.emit(.sub, [thirtyOne, step], .u32)
    let incoming = bodyCode.emit(.and, [bodyCode.emit(.shr, [numerator, bit], .u32), one], .u32)
    let carry = bodyCode.emit(
      .ne, [bodyCode.emit(.shr, [remainder, thirtyOne], .u32), zero], .bool)
    let shifted = bodyCode.emit(
      .or, [bodyCode.emit(.shl, [remainder, one], .u32), incoming], .u32)
    let fits = bodyCode.emit(
      .or, [carry, bodyCode.emit(.ge, [shifted, denominator], .bool)], .bool)
    let reduced = bodyCode.emit(
      .select, [fits, bodyCode.emit(.sub, [shifted, denominator], .u32), shifted], .u32)
    let fitsBit = bodyCode.emit(.select, [fits, one, zero], .u32)
    let nextQuotient = bodyCode.emit(
      .or, [bodyCode.emit(.shl, [quotient, one], .u32), fitsBit], .u32)
    let nextStep = bodyCode.emit(.add, [step, one], .u32)
    function = bodyCode.function

    // Exit: signs for i32, then the rest of the original block. A `rem` of the same
    // operands after a `div` (or the reverse) shares the loop.
    var exitCode = Emitter(function: function)
    func finish(_ raw: Value, remainder isRemainder: Bool) -> Value {
      guard scalar == .i32, let dividendNegative, let divisorNegative else { return raw }
      let signed = exitCode.emit(.convert, [raw], .i32)
      let negated = exitCode.emit(.neg, [signed], .i32)
      if isRemainder { return exitCode.emit(.select, [dividendNegative, negated, signed], .i32) }
      let differ = exitCode.emit(.ne, [dividendNegative, divisorNegative], .bool)
      let withSign = exitCode.emit(.select, [differ, negated, signed], .i32)
      let byZero = exitCode.emit(.eq, [divisor, exitCode.constant(0, .i32)], .bool)
      let minusOne = exitCode.constant(UInt32.max, .i32)
      return exitCode.emit(.select, [byZero, minusOne, withSign], .i32)
    }
    var replacements = [result: finish(isRemainder ? remainder : quotient, remainder: isRemainder)]
    let partnerOpcode: Opcode = isRemainder ? .div : .rem
    let partner = after.firstIndex { candidate in
      candidate.opcode == partnerOpcode && candidate.operands == instruction.operands
        && candidate.type == instruction.type
    }
    if let partner, let partnerResult = after[partner].result {
      replacements[partnerResult] = finish(
        isRemainder ? quotient : remainder, remainder: !isRemainder)
      after.remove(at: partner)
    }
    function = exitCode.function

    function.blocks[blockIndex].instructions = before + setup.instructions
    function.blocks[blockIndex].terminator = .branch(BlockTarget(header, [zero, zero, zero]))
    let blocks = [
      Block(
        id: header, parameters: [step, quotient, remainder], instructions: headerCode.instructions,
        terminator: .conditionalBranch(
          condition: more, then: BlockTarget(body), else: BlockTarget(exit))),
      Block(
        id: body, instructions: bodyCode.instructions,
        terminator: .branch(BlockTarget(header, [nextStep, nextQuotient, reduced]))),
      Block(id: exit, instructions: exitCode.instructions + after, terminator: terminator),
    ]
    function.blocks.insert(contentsOf: blocks, at: blockIndex + 1)
    function.replaceUses(replacements)
    return blockIndex + 3
  }
}
