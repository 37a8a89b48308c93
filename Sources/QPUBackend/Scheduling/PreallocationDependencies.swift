import QPUISA

/// The dependencies between one block's machine operations on virtual registers (before
/// register allocation), for ``LoadHoisting``: any order that keeps them computes the same.
///
/// Resources: each virtual register, each fixed physical register (r4, r5, the payload),
/// the flags, rtop, the uniform stream, the TMU and other magic writes (one ordered
/// queue: a store's `tmud` stays before its `tmua`, lookups keep their order), the TMU
/// result FIFO (`ldtmu`s keep their order, each after the lookup whose word it pops), and
/// thread switches, which order everything around them.
struct PreallocationDependencies {
  enum Resource: Hashable {
    case virtual(Int)
    case fixed(Operand)
    case flags, rtop, uniform, sideEffects, tmuResult
  }

  var successors: [[Int]]
  var predecessors: [[Int]]

  init(_ operations: [MachineOperation]) {
    let count = operations.count
    var edges = [Set<Int>](repeating: [], count: count)
    var lastWriter: [Resource: Int] = [:]
    var readersSinceWrite: [Resource: [Int]] = [:]
    var lastSwitch: Int?
    var sinceSwitch: [Int] = []
    // Lookups still owed words, in issue order, for matching `ldtmu`s to them.
    var pending: [(request: Int, words: Int)] = []
    func edge(_ from: Int, _ to: Int) { if from != to { edges[from].insert(to) } }
    for (index, operation) in operations.enumerated() {
      let (reads, writes) = Self.resources(operation)
      if let lastSwitch { edge(lastSwitch, index) }
      if operation.signals.contains(.thrsw) {
        for earlier in sinceSwitch { edge(earlier, index) }
        lastSwitch = index
        sinceSwitch = []
      }
      sinceSwitch.append(index)
      for resource in reads { if let writer = lastWriter[resource] { edge(writer, index) } }
      for resource in writes {
        if let writer = lastWriter[resource] { edge(writer, index) }
        for reader in readersSinceWrite[resource] ?? [] { edge(reader, index) }
      }
      for resource in reads { readersSinceWrite[resource, default: []].append(index) }
      for resource in writes {
        lastWriter[resource] = index
        readersSinceWrite[resource] = []
      }
      if operation.signals.contains(.ldtmu), !pending.isEmpty {
        edge(pending[0].request, index)
        pending[0].words -= 1
        if pending[0].words == 0 { pending.removeFirst() }
      }
      if operation.resultWords > 0 { pending.append((index, operation.resultWords)) }
    }
    successors = edges.map { $0.sorted() }
    predecessors = Array(repeating: [], count: count)
    for (from, targets) in successors.enumerated() {
      for to in targets { predecessors[to].append(from) }
    }
  }

  /// `node` and every operation it depends on, directly or not, that is not yet placed.
  func ancestors(of node: Int, excluding placed: [Bool]) -> Set<Int> {
    var result: Set<Int> = [node]
    var stack = [node]
    while let next = stack.popLast() {
      for predecessor in predecessors[next] where !placed[predecessor] {
        if result.insert(predecessor).inserted { stack.append(predecessor) }
      }
    }
    return result
  }

  /// What an operation reads and writes.
  static func resources(_ operation: MachineOperation) -> (reads: [Resource], writes: [Resource]) {
    var reads: [Resource] = []
    var writes: [Resource] = []
    func read(_ operand: MachineOperand?) {
      switch operand {
      case .virtual(let register)?: reads.append(.virtual(register.id))
      case .fixed(let fixed)?: reads.append(.fixed(fixed))
      default: break
      }
    }
    func write(_ destination: MachineDestination?, conditional: Bool) {
      guard let destination else { return }
      var written: [Resource] = []
      switch destination {
      case .virtual(let register): written = [.virtual(register.id)]
      case .fixed(.register(let n)): written = [.fixed(.register(n))]
      case .fixed(.magic(let register)):
        switch register.kind {
        case .accumulator:
          written = [.fixed(.accumulator(register == .r5rep ? 5 : register.rawValue))]
        case .discard: written = []
        case .sfu: written = [.sideEffects, .fixed(.accumulator(4))]
        // A `unifa` write orders only the second stream's reads: it reads read-only
        // buffers (the uniform cache does not see TMU stores), so it need not keep its
        // place among TMU writes, and a lookup does not depend on the stream before it.
        case .uniformAddress: written = [.uniform]
        default: written = [.sideEffects]
        }
      }
      writes += written
      if conditional { reads += written }
    }
    read(operation.a)
    read(operation.b)
    write(operation.destination, conditional: operation.flags.condition != nil)
    write(operation.signalDestination, conditional: false)
    let flags = operation.flags
    if flags.condition != nil { reads.append(.flags) }
    if flags.push != nil { writes.append(.flags) }
    if flags.update != nil {
      reads.append(.flags)
      writes.append(.flags)
    }
    switch operation.opcode {
    case .mul(.multop): writes.append(.rtop)
    case .mul(.umul24):
      reads.append(.rtop)
      writes.append(.rtop)
    case .add(let opcode) where opcode == .tmuwt || opcode == .barrierid:
      writes.append(.sideEffects)
    default: break
    }
    if operation.rotation == .byR5 { reads.append(.fixed(.accumulator(5))) }
    let signals = operation.signals
    if !signals.intersection([.ldunif, .ldunifrf, .ldunifa, .ldunifarf]).isEmpty {
      reads.append(.uniform)
      writes.append(.uniform)
    }
    // `ldunif` and `ldunifa` write r5, which the next reader reads as a fixed register.
    if !signals.intersection([.ldunif, .ldunifa]).isEmpty {
      writes.append(.fixed(.accumulator(5)))
    }
    if signals.contains(.ldtmu) {
      reads.append(.tmuResult)
      writes.append(.tmuResult)
    }
    if signals.contains(.wrtmuc) { writes.append(.sideEffects) }
    return (reads, writes)
  }
}
