import QPUISA

/// The dependency graph of one block's operations, for the list scheduler.
///
/// Resources: accumulators, register-file entries, the flags, rtop, the TMU request queue
/// (tmud/tmua/tmuwt keep their order), the TMU result FIFO (ldtmu keep their order, each
/// after its lookup), the uniform stream, and thread switches (which order everything).
/// A read-after-write or write-after-write edge needs the later operation in a later
/// instruction; a write-after-read edge allows the same instruction (all reads happen
/// before any write).
struct DependencyGraph {
  enum Resource: Hashable {
    case accumulator(UInt8)
    case register(UInt8)
    case flags, rtop, tmuRequest, tmuResult, uniform
    /// The second uniform stream: its address (written by `unifa`, read by every
    /// `ldunifa`/`ldunifarf`, so a `unifa` write may share the last read's instruction,
    /// which still reads the old stream: semantics.md §13.3) and its position (the reads
    /// keep their order).
    case secondUniformAddress, secondUniform
  }

  struct Edge {
    var to: Int
    /// Whether the target may share the source's instruction (write-after-read).
    var sameInstruction: Bool
    /// Cycles from the source to the target, for priorities.
    var latency: Int
  }

  var operations: [PhysicalOperation]
  var successors: [[Edge]]
  /// Each node's predecessors, with whether the edge allows the same instruction.
  var predecessors: [[(node: Int, sameInstruction: Bool)]] = []
  /// Longest latency path to the block's end.
  var priority: [Int]
  /// Per operation: the words per lane its lookup puts in the TMU result FIFO (0 for
  /// stores and everything that is not a lookup).
  var resultWords: [Int]

  init(_ operations: [PhysicalOperation]) {
    self.operations = operations
    let count = operations.count
    successors = Array(repeating: [], count: count)
    priority = []
    resultWords = operations.map(\.resultWords)
    var lastWriter: [Resource: Int] = [:]
    var readersSinceWrite: [Resource: [Int]] = [:]
    // Lookups still owed words, in issue order: each `ldtmu` pops the oldest.
    var pending: [(request: Int, words: Int)] = []
    var lastSwitch: Int?
    var sinceSwitch: [Int] = []
    func addEdge(_ from: Int, _ to: Int, sameInstruction: Bool, latency: Int) {
      guard from != to else { return }
      if let index = successors[from].firstIndex(where: { $0.to == to }) {
        successors[from][index].sameInstruction =
          successors[from][index].sameInstruction && sameInstruction
        successors[from][index].latency = max(successors[from][index].latency, latency)
        return
      }
      successors[from].append(Edge(to: to, sameInstruction: sameInstruction, latency: latency))
    }
    for (index, operation) in operations.enumerated() {
      let (reads, writes) = Self.resources(operation)
      let switches = operation.signals.contains(.thrsw)
      if let lastSwitch { addEdge(lastSwitch, index, sameInstruction: false, latency: 3) }
      if switches {
        for earlier in sinceSwitch { addEdge(earlier, index, sameInstruction: false, latency: 1) }
        lastSwitch = index
        sinceSwitch = []
      }
      sinceSwitch.append(index)
      for resource in reads {
        if let writer = lastWriter[resource] {
          let latency = Self.latency(from: operations[writer], to: operation, resource)
          addEdge(writer, index, sameInstruction: false, latency: latency)
        }
      }
      for resource in writes {
        if let writer = lastWriter[resource] {
          addEdge(writer, index, sameInstruction: false, latency: 1)
        }
        for reader in readersSinceWrite[resource] ?? [] {
          addEdge(reader, index, sameInstruction: true, latency: 0)
        }
      }
      for resource in reads { readersSinceWrite[resource, default: []].append(index) }
      for resource in writes {
        lastWriter[resource] = index
        readersSinceWrite[resource] = []
      }
      // ldtmu after the lookup whose word it pops, with a long latency to hide.
      if operation.signals.contains(.ldtmu), !pending.isEmpty {
        addEdge(pending[0].request, index, sameInstruction: false, latency: Self.lookupLatency)
        pending[0].words -= 1
        if pending[0].words == 0 { pending.removeFirst() }
      }
      if operation.resultWords > 0 { pending.append((index, operation.resultWords)) }
    }
    predecessors = Array(repeating: [], count: count)
    for (from, edges) in successors.enumerated() {
      for edge in edges { predecessors[edge.to].append((from, edge.sameInstruction)) }
    }
    priority = Array(repeating: 0, count: count)
    for index in stride(from: count - 1, through: 0, by: -1) {
      priority[index] = successors[index].map { priority[$0.to] + max($0.latency, 1) }.max() ?? 1
      // A rotation cannot share its instruction: issue it early so others pair around it.
      if operations[index].rotation != nil { priority[index] += 2 }
    }
  }

  /// The latency the priorities give a lookup's data (cycles the scheduler tries to put
  /// between a `tmua` and its `ldtmu`).
  static let lookupLatency = 12

  static func latency(
    from writer: PhysicalOperation, to reader: PhysicalOperation, _ resource: Resource
  )
    -> Int
  {
    if let opcode = writer.add?.opcode,
      [.recip, .rsqrt, .exp, .log, .sin, .rsqrt2].contains(opcode)
    {
      return 3
    }
    if reader.rotation != nil, case .accumulator = resource { return 2 }
    if resource == .secondUniformAddress {
      return Hazards.unifaToRead
    }
    return 1
  }

  /// What an operation reads and writes.
  static func resources(_ operation: PhysicalOperation) -> (reads: [Resource], writes: [Resource]) {
    var reads: [Resource] = []
    var writes: [Resource] = []
    func read(_ source: SymbolicSource?) {
      switch source?.operand {
      case .accumulator(let n)?: reads.append(.accumulator(n))
      case .register(let n)?: reads.append(.register(n))
      default: break
      }
    }
    func write(_ destination: Destination?, conditional: Bool) {
      guard let destination else { return }
      if destination == .magic(.unifa) {
        writes.append(.secondUniformAddress)
        return
      }
      var resource: Resource?
      switch destination {
      case .register(let n): resource = .register(n)
      case .magic(let register):
        switch register.kind {
        case .accumulator: resource = .accumulator(register == .r5rep ? 5 : register.rawValue)
        case .tmu: resource = .tmuRequest
        case .discard: resource = nil
        default: resource = .tmuRequest  // other side effects keep their order too
        }
      }
      if let resource {
        writes.append(resource)
        if conditional { reads.append(resource) }
      }
    }
    func flags(_ flags: ALUFlags) {
      if flags.condition != nil { reads.append(.flags) }
      if flags.push != nil { writes.append(.flags) }
      if flags.update != nil {
        reads.append(.flags)
        writes.append(.flags)
      }
    }
    if let add = operation.add {
      read(add.a)
      read(add.b)
      write(add.destination, conditional: add.flags.condition != nil)
      flags(add.flags)
      if add.opcode == .tmuwt { writes.append(.tmuRequest) }
    }
    if let mul = operation.mul {
      read(mul.a)
      read(mul.b)
      write(mul.destination, conditional: mul.flags.condition != nil)
      flags(mul.flags)
      if mul.opcode == .multop { writes.append(.rtop) }
      if mul.opcode == .umul24 {
        reads.append(.rtop)
        writes.append(.rtop)
      }
    }
    if operation.rotation == .byR5 { reads.append(.accumulator(5)) }
    write(operation.signalDestination, conditional: false)
    let signals = operation.signals
    if !signals.intersection([.ldunif, .ldunifrf]).isEmpty {
      reads.append(.uniform)
      writes.append(.uniform)
    }
    if signals.contains(.ldunif) { writes.append(.accumulator(5)) }
    if !signals.intersection([.ldunifa, .ldunifarf]).isEmpty {
      reads += [.secondUniformAddress, .secondUniform]
      writes.append(.secondUniform)
    }
    if signals.contains(.ldunifa) { writes.append(.accumulator(5)) }
    if signals.contains(.ldtmu) {
      reads.append(.tmuResult)
      writes.append(.tmuResult)
    }
    return (reads, writes)
  }
}
