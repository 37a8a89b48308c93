import QPUISA

/// Figures about one loop of the generated code: the instructions from the target of a
/// backward branch through that branch's three delay slots.
///
/// The figures are static: they count each instruction of the range once. For a loop body
/// without branches of its own (the main loop of a grid-stride loop, the `k` loop of
/// sgemm) that is exactly what one iteration issues; a body with an `if` inside counts
/// both of its sides.
public struct LoopStatistics: InstructionCounts, Hashable, Sendable, CustomStringConvertible {
  /// The index of the loop's first instruction (the back edge's target).
  public var firstInstruction: Int
  /// The index of the backward branch that closes the loop.
  public var backEdge: Int
  /// How many of the kernel's other loops contain this one (0: outermost).
  public var depth = 0
  /// The byte offset in the source of the first statement in the loop, or -1.
  public var sourceOffset = -1
  /// Instructions from the first through the back edge's delay slots.
  public var instructions = 0
  /// Instructions that issue both an add and a mul operation.
  public var dualIssued = 0
  /// Instructions that do nothing, including unfilled delay slots.
  public var nops = 0
  /// Branch instructions, the back edge included.
  public var branches = 0
  /// TMU lookups issued (writes to `tmua` or `tmuau`; a store's lookup included).
  public var tmuLookups = 0
  /// Words written to `tmud` (store and atomic data).
  public var tmuDataWrites = 0
  /// Words read back from the TMU (`ldtmu` signals).
  public var tmuResultReads = 0
  /// `tmuwt` operations (waits for outstanding stores).
  public var tmuWaits = 0
  /// Thread switches (`thrsw` signals).
  public var threadSwitches = 0

  public var description: String {
    var text =
      "\(instructionMix), \(branches) branches, \(tmuLookups) TMU lookups, "
      + "\(tmuResultReads) ldtmu"
    if tmuDataWrites > 0 { text += ", \(tmuDataWrites) tmud" }
    if tmuWaits > 0 { text += ", \(tmuWaits) tmuwt" }
    if threadSwitches > 0 { text += ", \(threadSwitches) thread switches" }
    return text
  }

  /// The loops of a program, outermost first and in code order: one per backward
  /// relative branch, with the figures of the instructions it repeats.
  public static func loops(of words: [UInt64], sourceOffsets: [Int] = []) -> [LoopStatistics] {
    let instructions = words.map { try? QPUISA.Instruction(decoding: $0) }
    var loops: [LoopStatistics] = []
    for (index, instruction) in instructions.enumerated() {
      guard case .branch(let branch)? = instruction, case .relative(let offset) = branch.target
      else { continue }
      let target = index + 4 + Int(offset) / 8
      guard target <= index, target >= 0 else { continue }
      var loop = LoopStatistics(firstInstruction: target, backEdge: index)
      let last = min(index + 3, instructions.count - 1)
      for position in target...last {
        loop.count(instructions[position])
        if loop.sourceOffset < 0, sourceOffsets.indices.contains(position) {
          loop.sourceOffset = sourceOffsets[position]
        }
      }
      loops.append(loop)
    }
    for index in loops.indices {
      let inner = loops[index]
      loops[index].depth =
        loops.filter { outer in
          outer.firstInstruction <= inner.firstInstruction && inner.backEdge <= outer.backEdge
            && (outer.firstInstruction, outer.backEdge) != (inner.firstInstruction, inner.backEdge)
        }.count
    }
    return loops.sorted {
      ($0.firstInstruction, -$0.backEdge) < ($1.firstInstruction, -$1.backEdge)
    }
  }

  private mutating func count(_ decoded: QPUISA.Instruction?) {
    instructions += 1
    switch decoded {
    case .branch?: branches += 1
    case .alu(let alu)?:
      if alu.isDualIssued { dualIssued += 1 }
      if alu.isNop { nops += 1 }
      if alu.signals.contains(.thrsw) { threadSwitches += 1 }
      if alu.signals.contains(.ldtmu) { tmuResultReads += 1 }
      if alu.add.opcode == .tmuwt { tmuWaits += 1 }
      for destination in [alu.add.destination, alu.mul.destination] {
        switch destination {
        case .magic(.tmua)?, .magic(.tmuau)?: tmuLookups += 1
        case .magic(.tmud)?: tmuDataWrites += 1
        default: break
        }
      }
    case nil: break
    }
  }
}

extension CompiledKernel {
  /// The figures of every loop in the code (``LoopStatistics``), outermost first.
  public var loopStatistics: [LoopStatistics] {
    LoopStatistics.loops(of: words, sourceOffsets: sourceOffsets)
  }

  /// One `//` comment line per loop: where it starts in the code and the source, and its
  /// figures; empty for a kernel without loops.
  ///
  /// `sourceLine` gives the text to show for a source offset (e.g. `5: for i in …`).
  public func loopSummary(sourceLine: ((Int) -> String?)? = nil) -> String {
    loopStatistics.map { loop in
      var line =
        "// " + String(repeating: "  ", count: loop.depth) + "loop at 0x"
        + String(loop.firstInstruction * 8, radix: 16)
      if loop.sourceOffset >= 0, let text = sourceLine?(loop.sourceOffset) {
        line += " (line \(text.prefix { $0 != ":" }))"
      }
      return line + ": \(loop)"
    }.joined(separator: "\n")
  }
}
