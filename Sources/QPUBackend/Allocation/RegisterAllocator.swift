import QPUISA

/// Linear-scan register allocation over accumulators r0–r3 and register-file entries
/// rf3–rf63 (rf0–rf2 hold the dispatch payload; r4 and r5 are the selector's scratch).
///
/// Intervals are single ranges, so allocating them in order of their start is optimal for
/// this interference graph: it fails only when more values are live at one point than
/// there are registers, and then reports a compile error (there is no spilling).
///
/// Constraints: values live across a thread switch and SFU results go to the register
/// file; short-lived values prefer an accumulator (Mesa's heuristic: they make add/mul
/// pairing easier, an instruction reads at most two register-file entries).
struct RegisterAllocator {
  static let accumulators: [UInt8] = [0, 1, 2, 3]
  static let registerFile: [UInt8] = Array(3...63)
  /// Intervals no longer than this (in positions, two per operation) prefer accumulators.
  static let shortInterval = 12

  /// The physical operand of each virtual register.
  var assignment: [VirtualRegister: Operand] = [:]
  var accumulatorsUsed: Set<UInt8> = []
  var registersUsed: Set<UInt8> = []

  init(_ function: MachineFunction, _ liveness: LiveIntervals) throws(BackendError) {
    var active: [(end: Int, operand: Operand)] = []
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
      for offset in 0..<Self.registerFile.count {
        let candidate = Self.registerFile[(nextRegister + offset) % Self.registerFile.count]
        if !busy.contains(.register(candidate)) {
          freeRegister = candidate
          nextRegister = (nextRegister + offset + 1) % Self.registerFile.count
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
        throw BackendError(
          "the kernel needs more than \(Self.accumulators.count + Self.registerFile.count) "
            + "registers at one point (\(liveness.maxLive) values live); spilling is not "
            + "implemented: split the kernel or shorten the live ranges of values")
      }
      assignment[interval.register] = choice
      active.append((interval.end, choice))
    }
  }
}
