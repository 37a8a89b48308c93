/// An SSA value: the result of one instruction or one block parameter.
public struct Value: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Index into the function's value table.
  public var id: Int
  public init(_ id: Int) { self.id = id }
  public static func < (lhs: Value, rhs: Value) -> Bool { lhs.id < rhs.id }
  public var description: String { "%\(id)" }
}

/// A basic block's identity within its function.
public struct BlockID: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var id: Int
  public init(_ id: Int) { self.id = id }
  public static func < (lhs: BlockID, rhs: BlockID) -> Bool { lhs.id < rhs.id }
  public var description: String { "^\(id)" }
}

/// One operation: an opcode, its operands and, for most opcodes, a result.
///
/// Operand layout by opcode:
/// - `const`: none; the value is ``immediate`` (the 32-bit pattern; 0/1 for bool).
/// - `load addr [mask]`: byte address (u32); with a mask, inactive lanes read nothing
///   and get 0.
/// - `store addr value [mask]`: with a mask only active lanes write.
/// - A `load` or `store` may be one element of a vector access (``vectorElement``, kept
///   in ``immediate``): it then moves the word at `addr + 4·index`, and `addr` must be a
///   multiple of `4·width` in every active lane.
/// - `reduce_* value [mask]`: with a mask only active lanes take part.
/// - `atomic_* addr value [mask]`, `atomic_cmpxchg addr expected new [mask]`: the
///   result is each active lane's old memory word (0 in inactive lanes).
/// - `rotate value amount`, `broadcast value lane`: the amount / lane is uniform.
/// - `select cond a b`.
public struct Instruction: Hashable, Sendable {
  public var opcode: Opcode
  public var operands: [Value]
  /// The result; `nil` for `store` and `barrier`.
  public var result: Value?
  /// The result type; for `store` the type of the stored value.
  public var type: IRType
  /// The constant bits of a `const`; for a `load` or `store`, its ``vectorElement``.
  public var immediate: UInt32
  /// The byte offset in the kernel's source file of the statement this instruction
  /// comes from, or -1. Not part of the instruction's identity (equality, hashing).
  public var sourceOffset: Int32 = -1

  public init(
    _ opcode: Opcode, _ operands: [Value], result: Value?, type: IRType, immediate: UInt32 = 0
  ) {
    self.opcode = opcode
    self.operands = operands
    self.result = result
    self.type = type
    self.immediate = immediate
  }

  public static func == (lhs: Instruction, rhs: Instruction) -> Bool {
    lhs.opcode == rhs.opcode && lhs.operands == rhs.operands && lhs.result == rhs.result
      && lhs.type == rhs.type && lhs.immediate == rhs.immediate
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(opcode)
    hasher.combine(operands)
    hasher.combine(result)
    hasher.combine(type)
    hasher.combine(immediate)
  }

  /// The lane mask operand of a masked `load`, `store` or reduction, if any.
  public var mask: Value? {
    switch opcode {
    case .load: return operands.count == 2 ? operands[1] : nil
    case .store: return operands.count == 3 ? operands[2] : nil
    case .reduceAdd, .reduceMin, .reduceMax: return operands.count == 2 ? operands[1] : nil
    default:
      guard opcode.isAtomic else { return nil }
      return operands.count == opcode.atomicDataCount + 2 ? operands[operands.count - 1] : nil
    }
  }
}

/// A control-flow edge with the values passed to the target's parameters.
public struct BlockTarget: Hashable, Sendable {
  public var block: BlockID
  public var arguments: [Value]
  public init(_ block: BlockID, _ arguments: [Value] = []) {
    self.block = block
    self.arguments = arguments
  }
}

/// How a block ends. Conditions are uniform: every branch is taken by all 16 lanes
/// of a QPU together (varying control flow is expressed with masks, not branches).
public enum Terminator: Hashable, Sendable {
  case branch(BlockTarget)
  case conditionalBranch(condition: Value, then: BlockTarget, else: BlockTarget)
  case `return`

  /// The edges leaving the block, in order.
  public var targets: [BlockTarget] {
    switch self {
    case .branch(let target): return [target]
    case .conditionalBranch(_, let thenTarget, let elseTarget): return [thenTarget, elseTarget]
    case .return: return []
    }
  }

  /// Every value the terminator reads.
  public var operands: [Value] {
    switch self {
    case .branch(let target): return target.arguments
    case .conditionalBranch(let condition, let thenTarget, let elseTarget):
      return [condition] + thenTarget.arguments + elseTarget.arguments
    case .return: return []
    }
  }

  /// The terminator with every operand passed through `transform`.
  public func mapOperands(_ transform: (Value) -> Value) -> Terminator {
    switch self {
    case .branch(let target):
      return .branch(BlockTarget(target.block, target.arguments.map(transform)))
    case .conditionalBranch(let condition, let thenTarget, let elseTarget):
      return .conditionalBranch(
        condition: transform(condition),
        then: BlockTarget(thenTarget.block, thenTarget.arguments.map(transform)),
        else: BlockTarget(elseTarget.block, elseTarget.arguments.map(transform)))
    case .return: return .return
    }
  }

  /// The terminator with every edge passed through `transform`.
  public func mapTargets(_ transform: (BlockTarget) -> BlockTarget) -> Terminator {
    switch self {
    case .branch(let target): return .branch(transform(target))
    case .conditionalBranch(let condition, let thenTarget, let elseTarget):
      return .conditionalBranch(
        condition: condition, then: transform(thenTarget), else: transform(elseTarget))
    case .return: return .return
    }
  }
}

/// A basic block: parameters (the SSA join points, like phis), straight-line
/// instructions and one terminator.
public struct Block: Hashable, Sendable {
  public var id: BlockID
  public var parameters: [Value]
  public var instructions: [Instruction]
  public var terminator: Terminator

  public init(
    id: BlockID, parameters: [Value] = [], instructions: [Instruction] = [],
    terminator: Terminator = .return
  ) {
    self.id = id
    self.parameters = parameters
    self.instructions = instructions
    self.terminator = terminator
  }
}
