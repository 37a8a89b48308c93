import QPUISA

/// The reference schedule: one operation per instruction, in selection order, with a nop
/// where a timing rule needs a gap, nops in every branch and thrsw delay slot. Simple
/// enough to be obviously right; the list scheduler is measured against it.
struct NaiveScheduler {
  static func schedule(_ blocks: [[PhysicalOperation]], _ function: MachineFunction)
    -> CodeBuffer
  {
    var code = CodeBuffer()
    for (index, operations) in blocks.enumerated() {
      code.startBlock(index, name: function.blocks[index].name)
      var previous: SymbolicALUInstruction?
      /// Instructions since the last `unifa` write.
      var sinceUnifaWrite = Hazards.unifaToRead
      for operation in operations {
        let instruction = operation.instruction
        if !Hazards.canFollow(previous, instruction) {
          code.nop(comment: "gap before a rotation")
          sinceUnifaWrite += 1
        }
        if Hazards.readsSecondStream(instruction) || instruction.signals.contains(.thrsw),
          sinceUnifaWrite < Hazards.unifaToRead
        {
          code.nop(Hazards.unifaToRead - sinceUnifaWrite, comment: "unifa delay")
          sinceUnifaWrite = Hazards.unifaToRead
        }
        sinceUnifaWrite = Hazards.writesUnifa(instruction) ? 1 : sinceUnifaWrite + 1
        code.append(
          instruction,
          comment: Note(
            text: operation.comment, sourceOffset: operation.sourceOffset,
            uniform: operation.uniform))
        previous = instruction
        if operation.signals.contains(.thrsw) {
          code.nop(2, comment: "thrsw delay slot")
          previous = SymbolicALUInstruction()
          sinceUnifaWrite += 2
        }
      }
      emitTerminator(function.blocks[index].terminator, after: index, into: &code)
    }
    return code
  }

  /// Branches (with nop delay slots) for a block's terminator; a jump to the next block in
  /// layout is a fall-through.
  static func emitTerminator(
    _ terminator: MachineTerminator, after index: Int, into code: inout CodeBuffer
  ) {
    switch terminator {
    case .jump(let target):
      if target != index + 1 {
        code.branch(.always, to: target)
        code.nop(3, comment: "branch delay slot")
      }
    case .branch(let condition, let taken, let notTaken):
      if taken == index + 1, let inverse = condition.inverse {
        code.branch(inverse, to: notTaken)
        code.nop(3, comment: "branch delay slot")
        return
      }
      code.branch(condition, to: taken)
      code.nop(3, comment: "branch delay slot")
      if notTaken != index + 1 {
        code.branch(.always, to: notTaken)
        code.nop(3, comment: "branch delay slot")
      }
    case .end:
      code.endProgram()
    }
  }
}

extension BranchCondition {
  /// The opposite condition (taken exactly when `self` is not).
  var inverse: BranchCondition? {
    switch self {
    case .allna: return .anya
    case .anya: return .allna
    case .alla: return .anyna
    case .anyna: return .alla
    case .a0: return .na0
    case .na0: return .a0
    case .always: return nil
    }
  }
}
