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
    let address = scalarElementAddress(instruction)
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

  /// An atomic: the TMU config word (operation, per-lane mask, 32-bit or vec2 type) to
  /// `tmuc`, the operand(s) to `tmud`, the addresses to `tmua` (masked lanes dropped), then
  /// `ldtmu` pops each lane's old word. The TMU applies the lanes in ascending order.
  mutating func selectAtomic(_ instruction: IRInstruction, _ d: MachineDestination) {
    let operands = instruction.operands
    let dataCount = instruction.opcode.atomicDataCount
    waitForStores()
    let configuration = Self.atomicConfiguration(instruction.opcode, instruction.type.scalar)
    emit(
      .mul(.mov), .fixed(.magic(.tmuc)), constant(configuration),
      comment: instruction.opcode.rawValue)
    for index in 1...dataCount {
      emit(.mul(.mov), .fixed(.magic(.tmud)), operand(operands[index]))
    }
    let address = operand(operands[0])
    let mask = maskOperand(instruction)
    if let mask {
      pushIsZero(mask)
      emit(.mul(.mov), .fixed(.magic(.tmua)), address, flags: ALUFlags(condition: .ifna))
      emit(.none, signals: .ldtmu, signalDestination: d)
      emit(.mul(.mov), d, .immediate(0), flags: ALUFlags(condition: .ifa))
    } else {
      emit(.mul(.mov), .fixed(.magic(.tmua)), address)
      emit(.none, signals: .ldtmu, signalDestination: d)
    }
    storePending = true
  }

  /// The TMU config word of an atomic (semantics.md §11.2): `0xFFFFFF00 | per-pixel mask
  /// (0x80) | operation << 3 | type`, the type 32-bit (7), or vec2 (2) for the two words
  /// of a compare-exchange. Unused bytes are 0xFF, so later lookups are regular ones.
  static func atomicConfiguration(_ opcode: Opcode, _ scalar: ScalarType) -> UInt32 {
    let signed = scalar == .i32
    let operation: UInt32 =
      switch opcode {
      case .atomicAdd: 0
      case .atomicSub: 1
      case .atomicExchange: 2
      case .atomicCompareExchange: 3
      case .atomicMin: signed ? 6 : 4
      case .atomicMax: signed ? 7 : 5
      case .atomicAnd: 8
      case .atomicOr: 9
      default: 10  // xor
      }
    let type: UInt32 = opcode == .atomicCompareExchange ? 2 : 7
    return 0xFFFF_FF00 | 0x80 | operation << 3 | type
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
          case _ where instruction.opcode.isAtomic: pending = true
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
