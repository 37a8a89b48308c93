/// A kernel parameter as the launch supplies it.
public struct Parameter: Hashable, Sendable {
  /// What the parameter is.
  public enum Kind: Hashable, Sendable {
    /// A scalar in the uniform stream.
    case scalar(ScalarType)
    /// A buffer of 32-bit elements; the SSA value is its base byte address (uniform u32).
    case buffer(element: ScalarType)
  }
  /// The name in the kernel signature.
  public var name: String
  /// Scalar or buffer.
  public var kind: Kind

  public init(name: String, kind: Kind) {
    self.name = name
    self.kind = kind
  }

  /// The type of the SSA value that holds the parameter.
  public var valueType: IRType {
    switch kind {
    case .scalar(let scalar): return .uniform(scalar)
    case .buffer: return .uniform(.u32)
    }
  }
}

/// A kernel in SSA form.
///
/// The first block in ``blocks`` is the entry; its parameters are the kernel
/// parameters, in order. Block order is layout order. Every value has one type
/// in ``valueTypes`` (indexed by ``Value/id``).
public struct Function: Hashable, Sendable {
  public var name: String
  public var parameters: [Parameter]
  public var blocks: [Block]
  public var valueTypes: [IRType]
  /// The next unused block number.
  public var nextBlockID: Int
  /// 0 for a flat launch (`qpus` batches); N = 1…3 for a kernel launched over an
  /// N-dimensional grid (one lane per point, workgroups of 16 × 1 × 1 points).
  public var gridDimensions = 0

  public init(name: String, parameters: [Parameter]) {
    self.name = name
    self.parameters = parameters
    self.valueTypes = parameters.map(\.valueType)
    self.blocks = [
      Block(id: BlockID(0), parameters: parameters.indices.map { Value($0) })
    ]
    self.nextBlockID = 1
  }

  /// The entry block's identity.
  public var entry: BlockID { blocks[0].id }

  /// The type of `value`.
  public func type(of value: Value) -> IRType { valueTypes[value.id] }

  /// Makes a fresh value of `type`.
  public mutating func makeValue(_ type: IRType) -> Value {
    valueTypes.append(type)
    return Value(valueTypes.count - 1)
  }

  /// Appends an empty block (ending in `return` until a terminator is set).
  public mutating func appendBlock() -> BlockID {
    let id = BlockID(nextBlockID)
    nextBlockID += 1
    blocks.append(Block(id: id))
    return id
  }

  /// The position of each block in ``blocks``.
  public func blockIndices() -> [BlockID: Int] {
    var indices: [BlockID: Int] = [:]
    for (index, block) in blocks.enumerated() { indices[block.id] = index }
    return indices
  }

  /// The predecessors of every block (one entry per edge, so a block reached by both
  /// edges of a conditional branch appears twice).
  public func predecessors() -> [BlockID: [BlockID]] {
    var result: [BlockID: [BlockID]] = [:]
    for block in blocks { result[block.id, default: []] = result[block.id] ?? [] }
    for block in blocks {
      for target in block.terminator.targets { result[target.block, default: []].append(block.id) }
    }
    return result
  }

  /// Replaces every use of a value by another, following chains (`a -> b -> c`).
  public mutating func replaceUses(_ replacements: [Value: Value]) {
    if replacements.isEmpty { return }
    func resolve(_ value: Value) -> Value {
      var current = value
      var steps = 0
      while let next = replacements[current], steps <= replacements.count {
        current = next
        steps += 1
      }
      return current
    }
    for index in blocks.indices {
      for instructionIndex in blocks[index].instructions.indices {
        blocks[index].instructions[instructionIndex].operands =
          blocks[index].instructions[instructionIndex].operands.map(resolve)
      }
      blocks[index].terminator = blocks[index].terminator.mapOperands(resolve)
    }
  }

  /// How many times each value is read (by instructions and terminators).
  public func useCounts() -> [Int] {
    var counts = [Int](repeating: 0, count: valueTypes.count)
    for block in blocks {
      for instruction in block.instructions {
        for operand in instruction.operands { counts[operand.id] += 1 }
      }
      for operand in block.terminator.operands { counts[operand.id] += 1 }
    }
    return counts
  }

  /// The instruction defining each value, as (block index, instruction index).
  public func definitions() -> [Value: (block: Int, instruction: Int)] {
    var result: [Value: (block: Int, instruction: Int)] = [:]
    for (blockIndex, block) in blocks.enumerated() {
      for (index, instruction) in block.instructions.enumerated() {
        if let value = instruction.result { result[value] = (blockIndex, index) }
      }
    }
    return result
  }

  /// The number of instructions (not counting terminators).
  public var instructionCount: Int { blocks.reduce(0) { $0 + $1.instructions.count } }
}
