import QPUISA

/// Filling a conditional branch's delay slots with the first instructions of the block
/// that follows it in layout (where execution continues when the branch is not taken).
/// They then also run when the branch is taken, so each must be harmless there: no
/// memory, uniform, SFU, rtop or synchronisation effect, no thread switch, rotation or flag
/// write (the target may start with the branch's flags), and only writes to registers
/// that are dead where the branch goes (the scratch accumulators never live across
/// blocks). The fall-through block must have no other
/// predecessor, since it loses those instructions.
extension ListScheduler {
  static func fillFromFallThrough(
    _ slots: inout [(SymbolicALUInstruction, Note)], taken: Int, notTaken: Int, at index: Int,
    blocks: inout [[(SymbolicALUInstruction, Note)]], predecessorCounts: [Int],
    liveIn: (Int) -> Set<Operand>
  ) {
    let fallThrough: Int
    let target: Int
    if taken == index + 1 {
      (fallThrough, target) = (taken, notTaken)
    } else if notTaken == index + 1 {
      (fallThrough, target) = (notTaken, taken)
    } else {
      return
    }
    guard fallThrough != index, blocks.indices.contains(fallThrough),
      predecessorCounts[fallThrough] == 1, target < blocks.count
    else { return }
    let liveAtTarget = liveIn(target)
    while slots.count < 3, let first = blocks[fallThrough].first,
      isSpeculatable(first.0, deadAt: liveAtTarget)
    {
      slots.append(first)
      blocks[fallThrough].removeFirst()
    }
  }

  /// Whether executing the instruction on the taken path changes nothing that matters.
  static func isSpeculatable(_ instruction: SymbolicALUInstruction, deadAt live: Set<Operand>)
    -> Bool
  {
    if instruction.rotation != nil { return false }
    // The taken path may rely on the flags the branch saw.
    for flags in [instruction.add.flags, instruction.mul.flags]
    where flags.push != nil || flags.update != nil {
      return false
    }
    let effects: Signals = [.thrsw, .ldunif, .ldunifrf, .ldunifa, .ldunifarf, .ldtmu, .wrtmuc]
    if !instruction.signals.intersection(effects).isEmpty { return false }
    let sfu: Set<AddOpcode> = [.recip, .rsqrt, .exp, .log, .sin, .rsqrt2, .barrierid]
    if sfu.contains(instruction.add.opcode) { return false }
    // rtop is state too: multop sets it, umul24 consumes it.
    if instruction.mul.opcode == .multop || instruction.mul.opcode == .umul24 { return false }
    for destination in [
      instruction.add.destination, instruction.mul.destination, instruction.signalDestination,
    ] {
      switch destination {
      case nil, .magic(.nop)?: continue
      case .register(let n)?:
        if live.contains(.register(n)) { return false }
      case .magic(let register)?:
        guard register.kind == .accumulator else { return false }
        let number = register == .r5rep ? 5 : register.rawValue
        if live.contains(.accumulator(number)) { return false }
      }
    }
    return true
  }
}
