import QPUISA

/// Linear-scan register allocation over accumulators r0–r3 and register-file entries
/// rf3–rf63 (rf0–rf2 hold the dispatch payload; r4 and r5 are the selector's scratch).
///
/// Intervals are single ranges, so allocating them in order of their start is optimal for
/// this interference graph: it runs out only when more values are live at one point than
/// there are registers. Then, as in Poletto and Sarkar's linear scan, the interval that
/// ends last among those live there (and allowed to: not a spill temporary) is chosen for
/// spilling, the scan goes on, and ``spillCandidates`` lists every choice; the caller
/// spills them (``Spiller``) and allocates again.
///
/// Values the spiller can recompute at their uses (``Spiller/isRematerialisable(_:)``:
/// constants from the uniform stream, immediates) cost no memory traffic, so the choice
/// prefers them: the one that ends last among them, when one is live there.
///
/// Constraints: values live across a thread switch and SFU results go to the register
/// file; short-lived values prefer an accumulator (Mesa's heuristic: they make add/mul
/// pairing easier, an instruction reads at most two register-file entries).
struct RegisterAllocator {
  static let accumulators: [UInt8] = [0, 1, 2, 3]
  /// The first register-file entry values may use (rf0–rf2 hold the dispatch payload).
  static let firstRegister: UInt8 = 3
  /// The register-file entries values may use: rf3–rf63 with 2 threads per QPU, rf3–rf31
  /// with 4.
  let registerFile: [UInt8]
  /// Intervals no longer than this (in positions, two per operation) prefer accumulators.
  static let shortInterval = 12

  /// The physical operand of each virtual register.
  var assignment: [VirtualRegister: Operand] = [:]
  var accumulatorsUsed: Set<UInt8> = []
  var registersUsed: Set<UInt8> = []
  /// Registers to spill before allocation can succeed (empty: it succeeded).
  var spillCandidates: Set<VirtualRegister> = []
  /// The position where registers ran out first and the values live there, or nil.
  var exhaustedAt: (position: Int, live: Int)?
  /// Whether allocation failed even with spilling (only spill temporaries were live).
  var failed = false

  init(
    _ function: MachineFunction, _ liveness: LiveIntervals,
    unspillable: Set<VirtualRegister> = [], cheap: Set<VirtualRegister> = [],
    registerFile: [UInt8] = Array(firstRegister...63)
  ) {
    self.registerFile = registerFile
    var active: [(end: Int, operand: Operand, register: VirtualRegister)] = []
    // Round-robin starts: fewer false dependencies for the scheduler.
    var nextRegister = 0
    var nextAccumulator = 0
    for interval in liveness.intervals.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
      active.removeAll { $0.end < interval.start }
      let busy = Set(active.map(\.operand))
      let registerOnly =
        function.needsRegisterFile.contains(interval.register)
        || liveness.crossesThreadSwitch(interval)
      var freeAccumulator: UInt8?
      for offset in 0..<Self.accumulators.count {
        let candidate = Self.accumulators[(nextAccumulator + offset) % Self.accumulators.count]
        if !busy.contains(.accumulator(candidate)) {
          freeAccumulator = candidate
          break
        }
      }
      var freeRegister: UInt8?
      for offset in 0..<registerFile.count {
        let candidate = registerFile[(nextRegister + offset) % registerFile.count]
        if !busy.contains(.register(candidate)) {
          freeRegister = candidate
          nextRegister = (nextRegister + offset + 1) % registerFile.count
          break
        }
      }
      let short = interval.end - interval.start <= Self.shortInterval
      let choice: Operand
      if !registerOnly, let accumulator = freeAccumulator, short || freeRegister == nil {
        choice = .accumulator(accumulator)
        accumulatorsUsed.insert(accumulator)
        nextAccumulator = (Int(accumulator) + 1) % Self.accumulators.count
      } else if let register = freeRegister {
        choice = .register(register)
        registersUsed.insert(register)
      } else {
        if exhaustedAt == nil { exhaustedAt = (interval.start, active.count + 1) }
        // Spill the live interval that ends last (this one, or one holding a register
        // this one may take); a spill temporary always takes a register from another.
        // Rematerialisable values go first.
        var victim: Int?
        func better(_ index: Int, than other: Int?) -> Bool {
          guard let other else { return true }
          let (entry, current) = (active[index], active[other])
          let (cheapEntry, cheapCurrent) = (
            cheap.contains(entry.register), cheap.contains(current.register)
          )
          if cheapEntry != cheapCurrent { return cheapEntry }
          return entry.end > current.end
        }
        for (index, entry) in active.enumerated()
        where !unspillable.contains(entry.register)
          && (!registerOnly || entry.operand.isRegisterFile) && better(index, than: victim)
        {
          victim = index
        }
        let keepsThis = unspillable.contains(interval.register)
        let thisIsCheap = cheap.contains(interval.register)
        let victimIsCheap = victim.map { cheap.contains(active[$0].register) } ?? false
        let takesVictim =
          victimIsCheap != thisIsCheap
          ? victimIsCheap : victim.map { active[$0].end > interval.end } ?? false
        if let victim, keepsThis || takesVictim {
          let taken = active.remove(at: victim)
          spillCandidates.insert(taken.register)
          assignment[taken.register] = nil
          assignment[interval.register] = taken.operand
          active.append((interval.end, taken.operand, interval.register))
        } else if !keepsThis {
          spillCandidates.insert(interval.register)
        } else {
          failed = true
        }
        continue
      }
      assignment[interval.register] = choice
      active.append((interval.end, choice, interval.register))
    }
  }
}

extension Operand {
  /// Whether the operand is a register-file entry.
  var isRegisterFile: Bool {
    if case .register = self { return true }
    return false
  }
}
