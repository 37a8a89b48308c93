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
  var liveIn: [RegisterSet] = []
  /// Registers whose first event in layout order is a read (an operand or a live-in
  /// point), not a definition: a loop value whose defining block is laid out after a
  /// block that reads it.
  var readFirst: Set<VirtualRegister> = []

  init(_ function: MachineFunction) {
    let blockCount = function.blocks.count
    let width = (function.virtualRegisterCount + 63) / 64
    var uses = [RegisterSet](repeating: RegisterSet(width: width), count: blockCount)
    var definitions = uses
    for (index, block) in function.blocks.enumerated() {
      for operation in block.operations {
        for register in operation.uses where !definitions[index].contains(register) {
          uses[index].insert(register)
        }
        for register in operation.definitions { definitions[index].insert(register) }
      }
    }
    var liveInSets = [RegisterSet](repeating: RegisterSet(width: width), count: blockCount)
    var liveOutSets = liveInSets
    let successors = (0..<blockCount).map { function.successors(of: $0) }
    var changed = true
    while changed {
      changed = false
      for index in stride(from: blockCount - 1, through: 0, by: -1) {
        var out = RegisterSet(width: width)
        for successor in successors[index] { out.formUnion(liveInSets[successor]) }
        var newIn = out
        newIn.subtract(definitions[index])
        newIn.formUnion(uses[index])
        liveOutSets[index] = out
        if newIn != liveInSets[index] {
          liveInSets[index] = newIn
          changed = true
        }
      }
    }
    liveIn = liveInSets
    let count = function.virtualRegisterCount
    var start = [Int](repeating: Int.max, count: count)
    var end = [Int](repeating: -1, count: count)
    var startsWithRead = [Bool](repeating: false, count: count)
    func extend(_ register: VirtualRegister, _ position: Int, read: Bool = false) {
      if position < start[register.id] || (position == start[register.id] && read) {
        startsWithRead[register.id] = read
      }
      start[register.id] = min(start[register.id], position)
      end[register.id] = max(end[register.id], position)
    }
    var counter = 0
    var firstPositions: [Int] = []
    var lastPositions: [Int] = []
    for block in function.blocks {
      firstPositions.append(counter)
      var blockPositions: [Int] = []
      for operation in block.operations {
        blockPositions.append(counter)
        for register in operation.uses {
          // A conditionally written destination counts as a use, but it is not read.
          let read =
            operation.a?.virtualRegister == register
            || operation.b?.virtualRegister == register
          extend(register, 2 * counter, read: read)
        }
        for register in operation.definitions { extend(register, 2 * counter + 1) }
        if operation.signals.contains(.thrsw) { threadSwitches.append(counter) }
        counter += 1
      }
      positions.append(blockPositions)
      lastPositions.append(counter)  // the terminator's slot
      counter += 1
    }
    // The first block a register is live into starts it, the last it is live out of ends
    // it (blocks are in layout order): one pass over the bit vectors each way.
    var seen = RegisterSet(width: width)
    for index in 0..<blockCount {
      var fresh = liveInSets[index]
      fresh.subtract(seen)
      for register in fresh.members { extend(register, 2 * firstPositions[index], read: true) }
      seen.formUnion(fresh)
    }
    seen = RegisterSet(width: width)
    for index in stride(from: blockCount - 1, through: 0, by: -1) {
      var fresh = liveOutSets[index]
      fresh.subtract(seen)
      for register in fresh.members { extend(register, 2 * lastPositions[index] + 1) }
      seen.formUnion(fresh)
    }
    for id in 0..<count where end[id] >= 0 {
      if startsWithRead[id] { readFirst.insert(VirtualRegister(id: id)) }
      intervals.append(
        Interval(register: VirtualRegister(id: id), start: start[id], end: end[id]))
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

  /// Whether an interval is live across a thread switch (defined before, used after), or
  /// is read first in layout order after one: at run time its definition comes first,
  /// but the validator follows the layout (accumulators written before the switch are
  /// stale there), so such a value goes to the register file too.
  func crossesThreadSwitch(_ interval: Interval) -> Bool {
    threadSwitches.contains { position in
      (interval.start < 2 * position && interval.end > 2 * position + 1)
        || (readFirst.contains(interval.register) && 2 * position + 1 < interval.start)
    }
  }
}

/// A set of virtual registers as a bit vector (liveness over many blocks and values).
struct RegisterSet: Equatable {
  private var words: [UInt64]

  init(width: Int) { words = [UInt64](repeating: 0, count: width) }

  var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

  func contains(_ register: VirtualRegister) -> Bool {
    words[register.id >> 6] & (1 << UInt64(register.id & 63)) != 0
  }

  mutating func insert(_ register: VirtualRegister) {
    words[register.id >> 6] |= 1 << UInt64(register.id & 63)
  }

  mutating func formUnion(_ other: RegisterSet) {
    for index in words.indices { words[index] |= other.words[index] }
  }

  mutating func subtract(_ other: RegisterSet) {
    for index in words.indices { words[index] &= ~other.words[index] }
  }

  /// The registers in the set, in increasing order.
  var members: [VirtualRegister] {
    var result: [VirtualRegister] = []
    for (index, word) in words.enumerated() where word != 0 {
      var rest = word
      while rest != 0 {
        let bit = rest.trailingZeroBitCount
        result.append(VirtualRegister(id: index << 6 | bit))
        rest &= rest - 1
      }
    }
    return result
  }
}
