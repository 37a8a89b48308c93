import QPUISA

/// What an instruction is for (a comment for listings), the source offset of the
/// statement it comes from (-1: none) and the uniform word it reads, if any.
struct Note: Hashable, Sendable, ExpressibleByStringLiteral {
  var text: String
  var sourceOffset: Int32 = -1
  var uniform: UniformSlot?

  init(text: String, sourceOffset: Int32 = -1, uniform: UniformSlot? = nil) {
    self.text = text
    self.sourceOffset = sourceOffset
    self.uniform = uniform
  }

  init(stringLiteral text: String) { self.text = text }
}

/// The program as it is laid out: ALU instructions, branches to blocks, block starts.
struct CodeBuffer {
  enum Item {
    case alu(SymbolicALUInstruction, comment: Note)
    /// A branch to the start of `block`, or `skip` instructions into it (when the delay
    /// slots hold copies of the block's first instructions).
    case branch(BranchCondition, block: Int, skip: Int)
  }

  var items: [Item] = []
  /// The instruction index where each machine block starts.
  var blockStarts: [Int: Int] = [:]
  var blockNames: [Int: String] = [:]

  var count: Int { items.count }

  /// The comment of every instruction.
  var comments: [String] {
    items.map { item in
      switch item {
      case .alu(_, let comment): return comment.text
      case .branch: return ""
      }
    }
  }

  /// The uniform word each instruction reads from the main stream (nil: none, or a
  /// branch).
  var uniformReads: [UniformSlot?] {
    items.map { item in
      switch item {
      case .alu(_, let comment): return comment.uniform
      case .branch: return nil
      }
    }
  }

  /// The source offset of every instruction (-1: none).
  var sourceOffsets: [Int] {
    items.map { item in
      switch item {
      case .alu(_, let comment): return Int(comment.sourceOffset)
      case .branch: return -1
      }
    }
  }

  mutating func startBlock(_ index: Int, name: String) {
    blockStarts[index] = items.count
    blockNames[index] = name
  }

  mutating func append(_ instruction: SymbolicALUInstruction, comment: Note = "") {
    items.append(.alu(instruction, comment: comment))
  }

  mutating func nop(_ count: Int = 1, signals: Signals = [], comment: String = "") {
    for _ in 0..<count {
      append(SymbolicALUInstruction(signals: signals), comment: Note(text: comment))
    }
  }

  /// A branch and its three delay slots (nops, filled later by the scheduler if it can).
  mutating func branch(_ condition: BranchCondition, to block: Int, skip: Int = 0) {
    items.append(.branch(condition, block: block, skip: skip))
  }

  /// The thread-end sequence (semantics.md §8.2): the last-thrsw marker pair, then the
  /// thread-end thrsw with its two delay slots, plus the pad py-videocore6 keeps.
  mutating func endProgram() {
    nop(signals: .thrsw, comment: "last thread switch")
    nop(signals: .thrsw, comment: "marks the previous thrsw as the last")
    nop(2)
    nop(signals: .thrsw, comment: "thread end")
    nop(2, comment: "thread-end delay slot")
    nop(comment: "pad (never executed)")
  }

  /// Resolves branch targets and returns the instructions.
  func resolved() throws(BackendError) -> [QPUInstruction] {
    var result: [QPUInstruction] = []
    for (index, item) in items.enumerated() {
      switch item {
      case .alu(let symbolic, _):
        do {
          result.append(.alu(try symbolic.resolved()))
        } catch {
          throw BackendError("internal error: instruction \(index) cannot be encoded: \(error)")
        }
      case .branch(let condition, let block, let skip):
        guard let start = blockStarts[block] else {
          throw BackendError("internal error: branch to an unplaced block \(block)")
        }
        let target = start + skip
        let offset = Int32((target - (index + 4)) * 8)
        result.append(.branch(BranchInstruction(condition: condition, target: .relative(offset))))
      }
    }
    return result
  }
}
