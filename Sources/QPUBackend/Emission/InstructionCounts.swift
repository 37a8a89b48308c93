import QPUISA

/// Counts of a stretch of code (a whole kernel, one loop) that say how well it uses the
/// QPU's two ALUs.
public protocol InstructionCounts {
  /// Instructions in the stretch.
  var instructions: Int { get }
  /// Instructions that issue both an add and a mul operation.
  var dualIssued: Int { get }
  /// Instructions that do nothing (including unfilled delay slots).
  var nops: Int { get }
  /// Branch instructions.
  var branches: Int { get }
}

extension InstructionCounts {
  /// The fraction of the ALU instructions (not branches, not nops) that are dual-issued.
  public var dualIssueRatio: Double {
    let alu = instructions - branches - nops
    return alu > 0 ? Double(dualIssued) / Double(alu) : 0
  }

  /// `N instructions, D dual-issued (R%), K nops`.
  public var instructionMix: String {
    let ratio = (dualIssueRatio * 1000).rounded() / 10
    return "\(instructions) instructions, \(dualIssued) dual-issued (\(ratio)%), \(nops) nops"
  }
}

extension ALUInstruction {
  /// Whether the instruction issues both an add and a mul operation (the figure's
  /// "dual-issued").
  var isDualIssued: Bool { add.opcode != .nop && mul.opcode != .nop }

  /// Whether the instruction does nothing: no operation and no signal besides perhaps a
  /// thread switch (the figure's "nops").
  var isNop: Bool {
    add.opcode == .nop && mul.opcode == .nop && signals.subtracting([.thrsw]).isEmpty
  }
}
