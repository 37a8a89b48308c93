/// Constant folding and algebraic simplification.
///
/// Folds every element-wise operation whose operands are constants (with
/// ``LaneSemantics``, so folding agrees with execution), then applies identities such
/// as `x + 0 → x`, `x * 2^k → x << k`, `u32 x / 2^k → x >> k`, `(x + c1) + c2 →
/// x + (c1 + c2)`, `select(c, a, a) → a`, `any(uniform b) → b`, and drops masks that
/// are constantly true.
public struct Simplify: FunctionPass {
  public init() {}
  public var name: String { "simplify" }

  public func run(on function: inout Function) {
    var rewriter = Rewriter(function: function)
    for block in DominatorTree(function).reversePostorder {
      rewriter.simplify(block)
    }
    function = rewriter.function
    function.replaceUses(rewriter.replacements)
  }
}

private struct Rewriter {
  var function: Function
  var replacements: [Value: Value] = [:]
  var constants: [Value: UInt32] = [:]
  var definitions: [Value: Instruction] = [:]
  var pending: [Instruction] = []

  let blockIndices: [BlockID: Int]

  init(function: Function) {
    self.function = function
    self.blockIndices = function.blockIndices()
  }

  mutating func simplify(_ id: BlockID) {
    guard let index = blockIndices[id] else { return }
    let original = function.blocks[index].instructions
    pending = []
    for var instruction in original {
      instruction.operands = instruction.operands.map(resolve)
      if let replacement = rewrite(&instruction) {
        if let result = instruction.result { replacements[result] = replacement }
        continue
      }
      record(instruction)
    }
    function.blocks[index].instructions = pending
  }

  private func resolve(_ value: Value) -> Value {
    var current = value
    while let next = replacements[current], next != current { current = next }
    return current
  }

  private mutating func record(_ instruction: Instruction) {
    if let result = instruction.result {
      definitions[result] = instruction
      if instruction.opcode == .constant { constants[result] = instruction.immediate }
    }
    pending.append(instruction)
  }

  private mutating func makeConstant(_ bits: UInt32, _ scalar: ScalarType) -> Value {
    let value = function.makeValue(.uniform(scalar))
    record(Instruction(.constant, [], result: value, type: .uniform(scalar), immediate: bits))
    return value
  }

  private mutating func make(_ opcode: Opcode, _ operands: [Value], like original: Instruction)
    -> Value
  {
    make(opcode, operands, scalar: original.type.scalar)
  }

  /// `x / 2^k` rounded toward zero for `i32`: add `2^k - 1` to negative dividends, then
  /// shift arithmetically.
  private mutating func signedQuotient(_ x: Value, _ k: UInt32) -> Value {
    let sign = make(.shr, [x, makeConstant(31, .u32)], scalar: .i32)
    let signBits = make(.convert, [sign], scalar: .u32)
    let bias = make(.shr, [signBits, makeConstant(32 - k, .u32)], scalar: .u32)
    let sum = make(.add, [x, make(.convert, [bias], scalar: .i32)], scalar: .i32)
    return make(.shr, [sum, makeConstant(k, .u32)], scalar: .i32)
  }

  private mutating func make(_ opcode: Opcode, _ operands: [Value], scalar: ScalarType) -> Value {
    let shape = operands.reduce(Shape.uniform) { $0.joined(with: function.type(of: $1).shape) }
    let type = IRType(scalar, shape)
    let value = function.makeValue(type)
    var instruction = Instruction(opcode, operands, result: value, type: type)
    if let simpler = rewrite(&instruction) { return simpler }
    record(instruction)
    return value
  }

  /// A value equal to `instruction`'s result, or `nil` to keep the instruction (which
  /// may have been changed in place: operands reordered, a constant mask dropped).
  private mutating func rewrite(_ instruction: inout Instruction) -> Value? {
    let opcode = instruction.opcode
    let operands = instruction.operands
    let known = operands.map { constants[$0] }
    let operandType = operands.first.map { function.type(of: $0).scalar } ?? instruction.type.scalar
    let resultType = instruction.type.scalar

    if Self.isElementwise(opcode), !operands.isEmpty, known.allSatisfy({ $0 != nil }) {
      let bits = known.map { $0 ?? 0 }
      let decisive = opcode == .select ? function.type(of: operands[1]).scalar : operandType
      let folded = LaneSemantics.evaluate(
        opcode, operandType: decisive, resultType: resultType, bits[0],
        bits.count > 1 ? bits[1] : 0, bits.count > 2 ? bits[2] : 0)
      return makeConstant(folded, resultType)
    }

    // Commutative operations keep their constant on the right.
    if opcode.isCommutative, known[0] != nil, known[1] == nil {
      instruction.operands.swapAt(0, 1)
      return rewrite(&instruction)
    }

    switch opcode {
    case .select:
      if let condition = known[0] { return condition != 0 ? operands[1] : operands[2] }
      if operands[1] == operands[2] { return operands[1] }
      if resultType == .bool, known[1] == 1, known[2] == 0 { return operands[0] }
    case .rotate:
      if function.type(of: operands[0]).shape == .uniform { return operands[0] }
      if let amount = known[1], amount % 16 == 0 { return operands[0] }
    case .broadcast, .any, .all:
      if function.type(of: operands[0]).shape == .uniform { return operands[0] }
    case .not:
      if let inner = definitions[operands[0]], inner.opcode == .not { return inner.operands[0] }
    case .load, .store, .reduceAdd, .reduceMin, .reduceMax:
      if let mask = instruction.mask, constants[mask] == 1 {
        instruction.operands.removeLast()
      }
    case _ where opcode.isAtomic:
      if let mask = instruction.mask, constants[mask] == 1 {
        instruction.operands.removeLast()
      }
      return nil
    default:
      if operands.count == 2,
        let simpler = simplifyBinary(instruction, operandType: operandType, rhs: known[1])
      {
        return simpler
      }
    }
    return nil
  }

  private mutating func simplifyBinary(
    _ instruction: Instruction, operandType: ScalarType, rhs: UInt32?
  ) -> Value? {
    let (a, b) = (instruction.operands[0], instruction.operands[1])
    let isInteger = operandType.isInteger
    let allOnes: UInt32 = operandType == .bool ? 1 : UInt32.max
    let zero = Float(0).bitPattern
    let one = Float(1).bitPattern
    if a == b {
      switch instruction.opcode {
      case .and, .or, .min, .max: return a
      case .sub where isInteger, .xor: return makeConstant(0, instruction.type.scalar)
      case .eq where isInteger, .le where isInteger, .ge where isInteger:
        return makeConstant(1, .bool)
      case .ne where isInteger, .lt where isInteger, .gt where isInteger:
        return makeConstant(0, .bool)
      default: break
      }
    }
    guard let rhs else { return nil }
    let powerOfTwo = rhs != 0 && rhs & (rhs &- 1) == 0
    let log2 = UInt32(rhs.trailingZeroBitCount)
    switch instruction.opcode {
    case .add where isInteger, .or where operandType != .f32, .xor where operandType != .f32,
      .shl, .shr:
      if rhs == 0 { return a }
      if instruction.opcode == .or && rhs == allOnes {
        return makeConstant(allOnes, instruction.type.scalar)
      }
      if instruction.opcode == .add, let inner = definitions[a], inner.opcode == .add,
        let innerConstant = constants[inner.operands[1]]
      {
        let sum = makeConstant(innerConstant &+ rhs, operandType)
        return make(.add, [inner.operands[0], sum], like: instruction)
      }
    case .sub:
      if isInteger && rhs == 0 || operandType == .f32 && rhs == zero { return a }
      if isInteger {
        return make(.add, [a, makeConstant(0 &- rhs, operandType)], like: instruction)
      }
    case .mul:
      if isInteger {
        if rhs == 1 { return a }
        if rhs == 0 { return makeConstant(0, operandType) }
        if powerOfTwo {
          return make(.shl, [a, makeConstant(log2, operandType)], like: instruction)
        }
      } else if rhs == one {
        return a
      }
    case .div:
      if isInteger && rhs == 1 || operandType == .f32 && rhs == one { return a }
      if operandType == .u32 && powerOfTwo {
        return make(.shr, [a, makeConstant(log2, .u32)], like: instruction)
      }
      if operandType == .i32 && powerOfTwo && log2 < 31 { return signedQuotient(a, log2) }
    case .rem where operandType == .u32:
      if powerOfTwo { return make(.and, [a, makeConstant(rhs &- 1, .u32)], like: instruction) }
    case .rem where operandType == .i32:
      if powerOfTwo && log2 < 31 {
        let quotient = signedQuotient(a, log2)
        let multiple = make(.shl, [quotient, makeConstant(log2, .u32)], scalar: .i32)
        return make(.sub, [a, multiple], scalar: .i32)
      }
    case .and where operandType != .f32:
      if rhs == 0 { return makeConstant(0, instruction.type.scalar) }
      if rhs == allOnes { return a }
    case .eq where operandType == .bool:
      if rhs == 1 { return a }
    default: break
    }
    return nil
  }

  /// Opcodes computed lane by lane from their operands alone (foldable).
  static func isElementwise(_ opcode: Opcode) -> Bool {
    switch opcode.info.category {
    case .arithmetic, .bitwise, .shift, .comparison, .unary, .conversion, .select: return true
    default: return false
    }
  }
}
