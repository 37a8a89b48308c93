import QPUISA

/// Reorders the operations of a block with several loads, before register allocation, so
/// that the block issues its TMU lookups early and pops their results late: up to the
/// thread's share of the result FIFO (``ListScheduler/resultWordLimit(threadsPerQPU:)``)
/// is in flight at once.
///
/// After allocation the list scheduler cannot do this itself: the address temporaries of
/// consecutive loads share the few accumulators, and those false dependencies keep each
/// `ldtmu` next to its `tmua`. On virtual registers only true dependencies remain.
///
/// The order is a list schedule, one operation at a time, over the dependencies of
/// ``PreallocationDependencies``: while the next lookup that returns words still fits in
/// the result FIFO, the ready operations it depends on (its address arithmetic, earlier
/// TMU writes) go first; otherwise the ready operation that came first in the original
/// order. The TMU writes keep their order (so a store's `tmud` stays with its `tmua`, and
/// stores and loads are not reordered here), and so do the `ldtmu`s; each block still
/// pops every word it asks for, so the FIFO is empty at block boundaries.
enum LoadHoisting {
  /// Reorders every block of `function` that has two or more loads (lookups returning
  /// words, ``MachineOperation/resultWords`` set). Returns whether anything moved.
  @discardableResult
  static func hoist(_ function: inout MachineFunction, resultWordLimit: Int) -> Bool {
    var moved = false
    for index in function.blocks.indices {
      let operations = function.blocks[index].operations
      guard operations.filter({ $0.resultWords > 0 }).count >= 2,
        let order = reorder(operations, resultWordLimit: resultWordLimit),
        order != Array(operations.indices)
      else { continue }
      function.blocks[index].operations = order.map { operations[$0] }
      moved = true
    }
    return moved
  }

  /// The new order of `operations` (indices), or nil when the block is left alone: its
  /// FIFO use is not balanced within it, a lookup needs more words than the limit, or no
  /// order keeps the limit.
  static func reorder(_ operations: [MachineOperation], resultWordLimit: Int) -> [Int]? {
    guard balancedFIFO(operations, limit: resultWordLimit) else { return nil }
    let graph = PreallocationDependencies(operations)
    let count = operations.count
    var waitingFor = graph.predecessors.map(\.count)
    var ready = Set((0..<count).filter { waitingFor[$0] == 0 })
    var placed = [Bool](repeating: false, count: count)
    var order: [Int] = []
    var outstanding = 0
    // The lookups that return words, in order.
    let requests = (0..<count).filter { operations[$0].resultWords > 0 }
    var nextRequest = 0

    // An `ldtmu` ranks where its first reader was: the selector emits each pop right
    // after its lookup, and popping there would take a FIFO word's latency in full (and
    // make room for the next lookup only by stalling on this one). Ranked at its use, a
    // pop comes as late as the block's order allows, and the next lookup after it.
    let rank = (0..<count).map { node in
      guard operations[node].signals.contains(.ldtmu),
        let popped = operations[node].signalDestination?.virtualRegister
      else { return node }
      return graph.successors[node].filter { operations[$0].uses.contains(popped) }.min()
        ?? node
    }
    func first(_ candidates: [Int]) -> Int? {
      candidates.min { (rank[$0], $0) < (rank[$1], $1) }
    }
    func fits(_ node: Int) -> Bool {
      operations[node].resultWords == 0
        || outstanding + operations[node].resultWords <= resultWordLimit
    }
    while order.count < count {
      while nextRequest < requests.count, placed[requests[nextRequest]] { nextRequest += 1 }
      var choice: Int?
      if nextRequest < requests.count, fits(requests[nextRequest]) {
        let ancestors = graph.ancestors(of: requests[nextRequest], excluding: placed)
        choice = ready.filter { ancestors.contains($0) && fits($0) }.min()
      }
      if choice == nil { choice = first(ready.filter(fits)) }
      guard let node = choice else { return nil }
      placed[node] = true
      ready.remove(node)
      order.append(node)
      outstanding += operations[node].resultWords
      if operations[node].signals.contains(.ldtmu) { outstanding -= 1 }
      for successor in graph.successors[node] {
        waitingFor[successor] -= 1
        if waitingFor[successor] == 0 { ready.insert(successor) }
      }
    }
    return order
  }

  /// Whether, in the original order, every `ldtmu` pops a word of a lookup of this block,
  /// the block pops every word it asks for, and no lookup alone exceeds the limit.
  static func balancedFIFO(_ operations: [MachineOperation], limit: Int) -> Bool {
    var outstanding = 0
    for operation in operations {
      if operation.resultWords > limit { return false }
      outstanding += operation.resultWords
      if operation.signals.contains(.ldtmu) {
        outstanding -= 1
        if outstanding < 0 { return false }
      }
    }
    return outstanding == 0
  }
}

extension MachineFunction {
  /// Sets ``MachineOperation/resultWords`` of every lookup: the number of `ldtmu`s that
  /// follow it in its block before the next lookup. That is how instruction selection and
  /// the spiller emit a lookup (its pops right after it), so this runs on their output,
  /// before anything reorders it.
  mutating func countResultWords() {
    for blockIndex in blocks.indices {
      var current: Int?
      for index in blocks[blockIndex].operations.indices {
        let operation = blocks[blockIndex].operations[index]
        if operation.issuesLookup {
          blocks[blockIndex].operations[index].resultWords = 0
          current = index
        }
        if operation.signals.contains(.ldtmu), let current {
          blocks[blockIndex].operations[current].resultWords += 1
        }
      }
    }
  }
}

extension MachineOperation {
  /// Whether the operation writes `tmua` or `tmuau` (issues a TMU lookup).
  var issuesLookup: Bool {
    destination == .fixed(.magic(.tmua)) || destination == .fixed(.magic(.tmuau))
  }

  /// Whether the operation queues data or configuration for the next lookup (`tmud`,
  /// `tmuc` and the other TMU registers except the address).
  var queuesLookupData: Bool {
    if case .fixed(.magic(let register))? = destination, register.kind == .tmu {
      return !issuesLookup
    }
    return false
  }
}
