/// Legalisation for the QPU, which has no integer divider and only a 24 × 24-bit
/// multiplier (`umul24`). Run after optimisation, before instruction selection.
///
/// - `mul` on `i32`/`u32` becomes `mul24` when both operands are known to be below
///   2^24, and otherwise the three-product sequence
///   `lo(a)·lo(b) + ((hi(a)·b + a·hi(b)) << 16)` with 16-bit halves (exact mod 2^32).
/// - `div`/`rem` on `u32` become a 32-step shift-subtract loop that gives exactly the
///   IR's results, including division by zero (quotient all ones, remainder the
///   dividend); `i32` divides magnitudes and fixes the signs.
///
/// The interpreter runs the expanded code, so the expansion is checked like any pass.
public struct ExpandIntegerArithmetic: FunctionPass {
  public init() {}
  public var name: String { "expand-integer-arithmetic" }

  public func run(on function: inout Function) {
    var blockIndex = 0
    while blockIndex < function.blocks.count {
      var position = 0
      while position < function.blocks[blockIndex].instructions.count {
        let instruction = function.blocks[blockIndex].instructions[position]
        guard instruction.type.scalar.isInteger, let result = instruction.result else {
          position += 1
          continue
        }
        switch instruction.opcode {
        case .mul:
          let bounds = UpperBounds(function)
          var code = Emitter(function: function)
          let product = code.multiply(
            instruction.operands[0], instruction.operands[1], bounds: bounds,
            scalar: instruction.type.scalar)
          function = code.function
          function.blocks[blockIndex].instructions.replaceSubrange(
            position...position, with: code.instructions)
          function.replaceUses([result: product])
          position += code.instructions.count
        case .div, .rem:
          // Splits the block; continues with the block after the division loop.
          blockIndex = DivisionExpander.expand(
            at: position, in: blockIndex, of: &function, instruction: instruction)
          position = 0
        default:
          position += 1
        }
      }
      blockIndex += 1
    }
  }
}

/// Upper bounds of u32 values that are easy to prove (for choosing `mul24`).
struct UpperBounds {
  private var definitions: [Value: Instruction] = [:]
  private let function: Function

  init(_ function: Function) {
    self.function = function
    for block in function.blocks {
      for instruction in block.instructions {
        if let result = instruction.result { definitions[result] = instruction }
      }
    }
  }

  /// A bound `b` with `value <= b` in every lane, or `UInt32.max`.
  func bound(of value: Value, depth: Int = 0) -> UInt32 {
    guard depth < 16, function.type(of: value).scalar == .u32,
      let instruction = definitions[value]
    else { return UInt32.max }
    let operands = instruction.operands
    func constant(_ index: Int) -> UInt32? {
      guard index < operands.count, let definition = definitions[operands[index]],
        definition.opcode == .constant
      else { return nil }
      return definition.immediate
    }
    switch instruction.opcode {
    case .constant: return instruction.immediate
    case .lane: return 15
    case .and:
      return min(bound(of: operands[0], depth: depth + 1), bound(of: operands[1], depth: depth + 1))
    case .shr:
      guard let amount = constant(1) else { return UInt32.max }
      return bound(of: operands[0], depth: depth + 1) >> (amount & 31)
    case .rem:
      guard let divisor = constant(1), divisor > 0 else { return UInt32.max }
      return divisor - 1
    case .add:
      let (sum, overflow) = bound(of: operands[0], depth: depth + 1)
        .addingReportingOverflow(bound(of: operands[1], depth: depth + 1))
      return overflow ? UInt32.max : sum
    default: return UInt32.max
    }
  }
}

/// Appends straight-line instructions, creating their result values.
struct Emitter {
  var function: Function
  var instructions: [Instruction] = []

  mutating func emit(_ opcode: Opcode, _ operands: [Value], _ scalar: ScalarType) -> Value {
    let shape = operands.reduce(Shape.uniform) { $0.joined(with: function.type(of: $1).shape) }
    let type = IRType(scalar, shape)
    let value = function.makeValue(type)
    instructions.append(Instruction(opcode, operands, result: value, type: type))
    return value
  }

  mutating func constant(_ bits: UInt32, _ scalar: ScalarType = .u32) -> Value {
    let value = function.makeValue(.uniform(scalar))
    instructions.append(
      Instruction(.constant, [], result: value, type: .uniform(scalar), immediate: bits))
    return value
  }

  /// `a * b` mod 2^32 from 24-bit multiplies.
  mutating func multiply(_ a: Value, _ b: Value, bounds: UpperBounds, scalar: ScalarType)
    -> Value
  {
    let limit: UInt32 = 0xFF_FFFF
    if scalar == .u32 && bounds.bound(of: a) <= limit && bounds.bound(of: b) <= limit {
      return emit(.mul24, [a, b], .u32)
    }
    let x = scalar == .u32 ? a : emit(.convert, [a], .u32)
    let y = scalar == .u32 ? b : emit(.convert, [b], .u32)
    let sixteen = constant(16)
    let lowMask = constant(0xFFFF)
    let low = emit(
      .mul24, [emit(.and, [x, lowMask], .u32), emit(.and, [y, lowMask], .u32)], .u32)
    let cross = emit(
      .add,
      [
        emit(.mul24, [emit(.shr, [x, sixteen], .u32), y], .u32),
        emit(.mul24, [x, emit(.shr, [y, sixteen], .u32)], .u32),
      ], .u32)
    let product = emit(.add, [low, emit(.shl, [cross, sixteen], .u32)], .u32)
    return scalar == .u32 ? product : emit(.convert, [product], scalar)
  }
}
