/// Live intervals of virtual registers over the linear order of a machine function.
///
/// Operation i (counted over all blocks in layout order, one extra slot per block for its
/// terminator) reads at position 2i and writes at 2i + 1. A register's interval runs from
/// its first definition or live-in point to its last use or live-out point, so loops
/// extend it over their whole body.
struct LiveIntervals {
  struct Interval {
    var register: VirtualRegister
    var start: Int
    var end: Int
  }

  var intervals: [Interval] = []
  /// The position of each operation, by block and operation index.
  var positions: [[Int]] = []
  /// Positions of operations that switch threads (accumulators do not survive them).
  var threadSwitches: [Int] = []
  /// The most intervals that overlap at one point.
  var maxLive = 0
  /// The registers live on entry to each block.
  var liveIn: [Set<VirtualRegister>] = []

  init(_ function: MachineFunction) {
    let blockCount = function.blocks.count
    var uses = [Set<VirtualRegister>](repeating: [], count: blockCount)
    var definitions = [Set<VirtualRegister>](repeating: [], count: blockCount)
    for (index, block) in function.blocks.enumerated() {
      for operation in block.operations {
        for register in operation.uses where !definitions[index].contains(register) {
          uses[index].insert(register)
        }
        for register in operation.definitions { definitions[index].insert(register) }
      }
    }
    liveIn = [Set<VirtualRegister>](repeating: [], count: blockCount)
    var liveOut = [Set<VirtualRegister>](repeating: [], count: blockCount)
    var changed = true
    while changed {
      changed = false
      for index in stride(from: blockCount - 1, through: 0, by: -1) {
        var out = Set<VirtualRegister>()
        for successor in function.successors(of: index) { out.formUnion(liveIn[successor]) }
        let newIn = uses[index].union(out.subtracting(definitions[index]))
        if out != liveOut[index] || newIn != liveIn[index] {
          liveOut[index] = out
          liveIn[index] = newIn
          changed = true
        }
      }
    }
    var start: [VirtualRegister: Int] = [:]
    var end: [VirtualRegister: Int] = [:]
    func extend(_ register: VirtualRegister, _ position: Int) {
      start[register] = min(start[register] ?? position, position)
      end[register] = max(end[register] ?? position, position)
    }
    var counter = 0
    for (index, block) in function.blocks.enumerated() {
      let first = counter
      var blockPositions: [Int] = []
      for operation in block.operations {
        blockPositions.append(counter)
        for register in operation.uses { extend(register, 2 * counter) }
        for register in operation.definitions { extend(register, 2 * counter + 1) }
        if operation.signals.contains(.thrsw) { threadSwitches.append(counter) }
        counter += 1
      }
      positions.append(blockPositions)
      let last = counter  // the terminator's slot
      counter += 1
      for register in liveIn[index] { extend(register, 2 * first) }
      for register in liveOut[index] { extend(register, 2 * last + 1) }
    }
    intervals = start.keys.sorted().map {
      Interval(register: $0, start: start[$0] ?? 0, end: end[$0] ?? 0)
    }
    var events: [(Int, Int)] = []
    for interval in intervals {
      events.append((interval.start, 1))
      events.append((interval.end + 1, -1))
    }
    events.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
    var live = 0
    for (_, delta) in events {
      live += delta
      maxLive = max(maxLive, live)
    }
  }

  /// Whether an interval is live across a thread switch (defined before, used after).
  func crossesThreadSwitch(_ interval: Interval) -> Bool {
    threadSwitches.contains { interval.start < 2 * $0 && interval.end > 2 * $0 + 1 }
  }
}
