import QPUISA
import VCKIR

/// Memory through the TMU: a load writes its per-lane addresses to `tmua` and pops the
/// words with `ldtmu` (which waits for them); a store writes the data to `tmud`, then the
/// addresses. Masks become conditions on the `tmua` write. A `tmuwt` separates stores from
/// later loads, barriers and the end of the program.
extension InstructionSelector {
  mutating func waitForStores() {
    if storePending {
      emit(.add(.tmuwt), comment: "earlier stores complete")
      storePending = false
    }
  }

  mutating func selectLoad(
    _ d: MachineDestination, _ address: MachineOperand, mask: MachineOperand?
  ) {
    waitForStores()
    if let mask {
      pushIsZero(mask)
      emit(.mul(.mov), .fixed(.magic(.tmua)), address, flags: ALUFlags(condition: .ifna))
      emit(.none, signals: .ldtmu, signalDestination: d)
      emit(.mul(.mov), d, .immediate(0), flags: ALUFlags(condition: .ifa))
    } else if switchThreadsOnLoads {
      emit(.mul(.mov), .fixed(.magic(.tmua)), address, signals: .thrsw)
      emit(.none, signals: .ldtmu, signalDestination: d)
    } else {
      emit(.mul(.mov), .fixed(.magic(.tmua)), address)
      emit(.none, signals: .ldtmu, signalDestination: d)
    }
  }

  mutating func selectStore(_ instruction: IRInstruction) {
    let address = operand(instruction.operands[0])
    let value = operand(instruction.operands[1])
    emit(.mul(.mov), .fixed(.magic(.tmud)), value)
    if let mask = maskOperand(instruction) {
      pushIsZero(mask)
      emit(.mul(.mov), .fixed(.magic(.tmua)), address, flags: ALUFlags(condition: .ifna))
    } else {
      emit(.mul(.mov), .fixed(.magic(.tmua)), address)
    }
    storePending = true
  }

  /// `barrierid syncb` with a thread switch: the thread waits until every batch of the
  /// supergroup got there.
  mutating func selectBarrier() {
    usesBarriers = true
    waitForStores()
    emit(.add(.barrierid), .fixed(.magic(.syncb)), signals: .thrsw, comment: "barrier")
  }
}

extension InstructionSelector {
  /// For each IR block, whether a store may still be in flight (not waited for with
  /// `tmuwt`) when it starts: a forward data-flow over the CFG, following what
  /// ``waitForStores()`` emits (loads and barriers wait; stores start a new pending store).
  func storesPendingAtEntry() -> [BlockID: Bool] {
    var pendingIn: [BlockID: Bool] = [:]
    var pendingOut: [BlockID: Bool] = [:]
    let predecessors = function.predecessors()
    var changed = true
    while changed {
      changed = false
      for block in function.blocks {
        let incoming = (predecessors[block.id] ?? []).contains { pendingOut[$0] ?? false }
        var pending = incoming
        for instruction in block.instructions {
          switch instruction.opcode {
          case .store: pending = true
          case .load, .barrier: pending = false
          default: break
          }
        }
        if pendingIn[block.id] != incoming || pendingOut[block.id] != pending {
          pendingIn[block.id] = incoming
          pendingOut[block.id] = pending
          changed = true
        }
      }
    }
    return pendingIn
  }
}
