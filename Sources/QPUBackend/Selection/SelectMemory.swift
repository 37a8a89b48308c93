import QPUISA
import VCKIR

/// Memory through the TMU: a load writes its per-lane addresses to `tmua` and pops the
/// words with `ldtmu` (which waits for them); a store writes the data to `tmud`, then the
/// addresses. Masks become conditions on the `tmua` write. A `tmuwt` separates stores from
/// later loads and atomics of the same buffer (or of an address whose buffer is not known:
/// the aliasing rule of lang/spec.md §9), barriers and the end of the program.
extension InstructionSelector {
  /// Waits for every pending store.
  mutating func waitForStores() {
    if !pendingStores.isEmpty {
      emit(.add(.tmuwt), comment: "earlier stores complete")
      pendingStores = PendingStores()
    }
  }

  /// Waits for the pending stores if the current access (``accessedParameter``) may
  /// touch what they write.
  mutating func waitForConflictingStores() {
    if pendingStores.conflict(with: accessedParameter) { waitForStores() }
  }

  /// The buffer parameter a load, store or atomic goes to (nil: unknown or not an access).
  func accessedBuffer(_ instruction: IRInstruction) -> Int? {
    switch instruction.opcode {
    case .load, .store: return addresses.buffer(of: instruction.operands[0])
    case _ where instruction.opcode.isAtomic:
      return addresses.buffer(of: instruction.operands[0])
    default: return nil
    }
  }

  mutating func selectLoad(
    _ d: MachineDestination, _ address: MachineOperand, mask: MachineOperand?,
    switchingThreads: Bool = false
  ) {
    waitForConflictingStores()
    if let mask {
      pushIsZero(mask)
      emit(.mul(.mov), .fixed(.magic(.tmua)), address, flags: ALUFlags(condition: .ifna))
      emit(.none, signals: .ldtmu, signalDestination: d)
      emit(.mul(.mov), d, .immediate(0), flags: ALUFlags(condition: .ifa))
    } else if switchingThreads {
      emit(.mul(.mov), .fixed(.magic(.tmua)), address, signals: .thrsw)
      emit(.none, signals: .ldtmu, signalDestination: d)
      switchedThreadsOnLoads = true
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
    pendingStores.insert(accessedParameter)
  }

  /// An atomic: the TMU config word (operation, per-lane mask, 32-bit or vec2 type) to
  /// `tmuc`, the operand(s) to `tmud`, the addresses to `tmua` (masked lanes dropped), then
  /// `ldtmu` pops each lane's old word. The TMU applies the lanes in ascending order.
  mutating func selectAtomic(_ instruction: IRInstruction, _ d: MachineDestination) {
    let operands = instruction.operands
    let dataCount = instruction.opcode.atomicDataCount
    waitForConflictingStores()
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
    pendingStores.insert(accessedParameter)
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
  /// For each IR block, the stores that may still be in flight (not waited for with
  /// `tmuwt`) when it starts: a forward data-flow over the CFG, following what
  /// ``waitForStores()`` emits (barriers wait for all, loads and atomics for conflicting
  /// ones; stores and atomics add a pending store).
  func storesPendingAtEntry() -> [BlockID: PendingStores] {
    var pendingIn: [BlockID: PendingStores] = [:]
    var pendingOut: [BlockID: PendingStores] = [:]
    let predecessors = function.predecessors()
    var changed = true
    while changed {
      changed = false
      for block in function.blocks {
        var incoming = PendingStores()
        for predecessor in predecessors[block.id] ?? [] {
          incoming.formUnion(pendingOut[predecessor] ?? PendingStores())
        }
        var pending = incoming
        for instruction in block.instructions {
          let accessed = accessedBuffer(instruction)
          switch instruction.opcode {
          case .store: pending.insert(accessed)
          case .load: if pending.conflict(with: accessed) { pending = PendingStores() }
          case .barrier: pending = PendingStores()
          case _ where instruction.opcode.isAtomic:
            if pending.conflict(with: accessed) { pending = PendingStores() }
            pending.insert(accessed)
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
