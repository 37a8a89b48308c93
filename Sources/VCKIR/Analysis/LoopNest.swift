/// The natural loops of a function with the analyses the loop passes need while they
/// visit the loops one by one, kept up to date as loops get preheaders.
///
/// Analysing the function once and updating the analyses locally makes a pass over
/// `N` loops cost about `O(F + Σ loop sizes)` instead of `O(N · F)` for recomputing
/// dominators, loops and predecessors after every loop. The visiting order, the block
/// orders and the preheaders are exactly those a fresh ``LoopAnalysis`` would give after
/// each loop: loops innermost (smallest) first, by their current size and then their
/// header; blocks in reverse postorder; a new preheader placed just before its header.
///
/// New preheaders are appended to ``function``'s blocks while the pass runs (so block
/// indices stay valid) and moved before their headers by ``finish()``.
public struct LoopNest {
  /// The function being transformed; call ``finish()`` for the final block layout.
  public var function: Function
  /// The loops, with their block sets grown by the preheaders made inside them.
  public private(set) var loops: [Loop]
  /// The position of every block in ``function``'s blocks (stable during the pass).
  public private(set) var indices: [BlockID: Int]
  /// The predecessors of every block, one entry per edge.
  private var predecessors: [BlockID: [BlockID]]
  /// The index of the smallest loop strictly containing each loop.
  private let parents: [Int?]
  /// Reverse-postorder rank: `2 · position + 1` for the analysed blocks, one less than
  /// its header's for a preheader (reverse postorder puts it right before the header).
  private var rank: [BlockID: Int]
  /// The header each new preheader goes before.
  private var placement: [BlockID: BlockID] = [:]
  /// Loops still to visit: (size, header, loop) with stale entries skipped.
  private var queue: MinimumHeap<QueueEntry>
  private var visited: [Bool]

  private struct QueueEntry: Comparable {
    var size: Int
    var header: Int
    var loop: Int
    static func < (a: QueueEntry, b: QueueEntry) -> Bool {
      (a.size, a.header, a.loop) < (b.size, b.header, b.loop)
    }
  }

  /// Analyses `function`.
  public init(_ function: Function) {
    self.function = function
    let loops = LoopAnalysis.loops(in: function)
    self.loops = loops
    self.indices = function.blockIndices()
    self.predecessors = function.predecessors()
    var rank: [BlockID: Int] = [:]
    for (position, block) in DominatorTree(function).reversePostorder.enumerated() {
      rank[block] = 2 * position + 1
    }
    self.rank = rank
    // Largest first: the loop that last claimed a header before its own loop is the
    // smallest loop around it (nested loops are strictly smaller).
    var parents = [Int?](repeating: nil, count: loops.count)
    var owner: [BlockID: Int] = [:]
    for index in loops.indices.reversed() {
      parents[index] = owner[loops[index].header]
      for block in loops[index].blocks { owner[block] = index }
    }
    self.parents = parents
    self.visited = [Bool](repeating: false, count: loops.count)
    self.queue = MinimumHeap(
      loops.indices.map {
        QueueEntry(size: loops[$0].blocks.count, header: loops[$0].header.id, loop: $0)
      })
  }

  /// The next loop to visit (the smallest not yet visited), or `nil` when all are done.
  public mutating func nextLoop() -> Int? {
    while let entry = queue.popMinimum() {
      guard !visited[entry.loop], loops[entry.loop].blocks.count == entry.size else { continue }
      visited[entry.loop] = true
      return entry.loop
    }
    return nil
  }

  /// The block indices of `loop` in reverse postorder.
  public func orderedBlocks(of loop: Int) -> [Int] {
    loops[loop].blocks.sorted { rank[$0, default: 0] < rank[$1, default: 0] }.compactMap {
      indices[$0]
    }
  }

  /// Values defined (as parameters or results) inside `loop`.
  public func definedValues(in loop: Int) -> Set<Value> {
    var values = Set<Value>()
    for block in loops[loop].blocks {
      guard let index = indices[block] else { continue }
      values.formUnion(function.blocks[index].parameters)
      for instruction in function.blocks[index].instructions {
        if let result = instruction.result { values.insert(result) }
      }
    }
    return values
  }

  /// The distinct blocks with an edge to `block`.
  public func predecessorBlocks(of block: BlockID) -> Set<BlockID> {
    Set(predecessors[block] ?? [])
  }

  /// The loop's preheader, as ``LoopAnalysis/preheader(of:in:)`` makes it: the one block
  /// outside the loop that enters it, ending in an unconditional branch, or a new one.
  /// Returns its index in ``function``'s blocks.
  public mutating func preheader(of loop: Int) -> Int {
    let header = loops[loop].header
    let incoming = predecessors[header] ?? []
    let outside = incoming.filter { !loops[loop].blocks.contains($0) }
    if outside.count == 1, let index = indices[outside[0]],
      case .branch = function.blocks[index].terminator
    {
      return index
    }
    guard let headerIndex = indices[header] else { return 0 }
    let types = function.blocks[headerIndex].parameters.map { function.type(of: $0) }
    let id = BlockID(function.nextBlockID)
    function.nextBlockID += 1
    let parameters = types.map { function.makeValue($0) }
    for block in Set(outside) {
      guard let index = indices[block] else { continue }
      function.blocks[index].terminator = function.blocks[index].terminator.mapTargets {
        $0.block == header ? BlockTarget(id, $0.arguments) : $0
      }
    }
    function.blocks.append(
      Block(
        id: id, parameters: parameters, instructions: [],
        terminator: .branch(BlockTarget(header, parameters))))
    let index = function.blocks.count - 1
    indices[id] = index
    predecessors[id] = outside
    predecessors[header] = incoming.filter { loops[loop].blocks.contains($0) } + [id]
    rank[id] = rank[header, default: 1] - 1
    placement[id] = header
    // The preheader lies in every loop around this one; they grow by one block.
    var enclosing = parents[loop]
    while let outer = enclosing {
      loops[outer].blocks.insert(id)
      if !visited[outer] {
        queue.insert(
          QueueEntry(size: loops[outer].blocks.count, header: loops[outer].header.id, loop: outer))
      }
      enclosing = parents[outer]
    }
    return index
  }

  /// The function with every new preheader moved just before its header.
  public func finish() -> Function {
    guard !placement.isEmpty else { return function }
    var before: [BlockID: Block] = [:]
    for block in function.blocks {
      if let header = placement[block.id] { before[header] = block }
    }
    var result = function
    result.blocks = []
    result.blocks.reserveCapacity(function.blocks.count)
    for block in function.blocks where placement[block.id] == nil {
      if let preheader = before[block.id] { result.blocks.append(preheader) }
      result.blocks.append(block)
    }
    return result
  }
}

/// A binary min-heap.
struct MinimumHeap<Element: Comparable> {
  private var storage: [Element] = []

  init(_ elements: [Element]) {
    for element in elements { insert(element) }
  }

  mutating func insert(_ element: Element) {
    storage.append(element)
    var child = storage.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard storage[child] < storage[parent] else { break }
      storage.swapAt(child, parent)
      child = parent
    }
  }

  mutating func popMinimum() -> Element? {
    guard !storage.isEmpty else { return nil }
    storage.swapAt(0, storage.count - 1)
    let minimum = storage.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var smallest = parent
      if left < storage.count, storage[left] < storage[smallest] { smallest = left }
      if right < storage.count, storage[right] < storage[smallest] { smallest = right }
      guard smallest != parent else { return minimum }
      storage.swapAt(parent, smallest)
      parent = smallest
    }
  }
}
