/// Dominator tree of a function's reachable blocks (Cooper, Harvey and Kennedy's
/// iterative algorithm over reverse postorder).
///
/// Blocks are numbered by their identity (block identities are small integers below
/// ``Function/nextBlockID``), so the analysis uses arrays, not hash tables: it runs
/// after nearly every pass and must stay cheap on functions of thousands of blocks.
public struct DominatorTree {
  /// Reachable blocks in reverse postorder (entry first).
  public let reversePostorder: [BlockID]
  /// Position of each block identity in reverse postorder, or -1 (unreachable, unknown).
  private let order: [Int]
  /// Immediate dominator of each block, by reverse-postorder position (the entry's is
  /// itself).
  private let idom: [Int]
  /// Children of each block in the tree, by reverse-postorder position, in reverse
  /// postorder.
  private let childPositions: [[Int]]
  /// Entry and exit times of a depth-first walk of the tree, by reverse-postorder position.
  private let entered: [Int]
  private let exited: [Int]

  /// The dominator tree of `function`.
  public init(_ function: Function) {
    let identities = max(function.nextBlockID, (function.blocks.map(\.id.id).max() ?? 0) + 1)
    var indexOf = [Int](repeating: -1, count: identities)
    for (index, block) in function.blocks.enumerated() where block.id.id >= 0 {
      indexOf[block.id.id] = index
    }
    func index(_ block: BlockID) -> Int {
      block.id >= 0 && block.id < identities ? indexOf[block.id] : -1
    }
    let successors: [[Int]] = function.blocks.map { block in
      block.terminator.targets.map { index($0.block) }.filter { $0 >= 0 }
    }
    // Iterative depth-first search for postorder (no recursion on user-sized input).
    var postorder: [Int] = []
    postorder.reserveCapacity(function.blocks.count)
    var visited = [Bool](repeating: false, count: function.blocks.count)
    var stack: [(block: Int, next: Int)] = []
    if !function.blocks.isEmpty {
      visited[0] = true
      stack.append((0, 0))
    }
    while let (block, next) = stack.last {
      if next < successors[block].count {
        stack[stack.count - 1].next += 1
        let successor = successors[block][next]
        if !visited[successor] {
          visited[successor] = true
          stack.append((successor, 0))
        }
      } else {
        postorder.append(block)
        stack.removeLast()
      }
    }
    let rpo = Array(postorder.reversed())
    let count = rpo.count
    var position = [Int](repeating: -1, count: function.blocks.count)
    for (rank, block) in rpo.enumerated() { position[block] = rank }
    var predecessors = [[Int]](repeating: [], count: count)
    for (rank, block) in rpo.enumerated() {
      for successor in successors[block] { predecessors[position[successor]].append(rank) }
    }

    // Everything below works on reverse-postorder positions; the entry is 0.
    var idom = [Int](repeating: -1, count: count)
    if count > 0 { idom[0] = 0 }
    func intersect(_ a: Int, _ b: Int) -> Int {
      var first = a
      var second = b
      while first != second {
        while first > second { first = idom[first] }
        while second > first { second = idom[second] }
      }
      return first
    }
    var changed = true
    while changed {
      changed = false
      for block in 1..<max(count, 1) {
        var candidate = -1
        for predecessor in predecessors[block] where idom[predecessor] >= 0 {
          candidate = candidate < 0 ? predecessor : intersect(candidate, predecessor)
        }
        if candidate >= 0, idom[block] != candidate {
          idom[block] = candidate
          changed = true
        }
      }
    }
    var children = [[Int]](repeating: [], count: count)
    for block in 1..<max(count, 1) where idom[block] >= 0 { children[idom[block]].append(block) }

    // `a` dominates `b` exactly when `b`'s interval lies inside `a`'s.
    var entered = [Int](repeating: 0, count: count)
    var exited = [Int](repeating: 0, count: count)
    var clock = 0
    var walk: [(block: Int, done: Bool)] = count > 0 ? [(0, false)] : []
    while let (block, done) = walk.popLast() {
      clock += 1
      if done {
        exited[block] = clock
        continue
      }
      entered[block] = clock
      walk.append((block, true))
      for child in children[block].reversed() { walk.append((child, false)) }
    }

    var order = [Int](repeating: -1, count: identities)
    for (rank, block) in rpo.enumerated() { order[function.blocks[block].id.id] = rank }
    self.reversePostorder = rpo.map { function.blocks[$0].id }
    self.order = order
    self.idom = idom
    self.childPositions = children
    self.entered = entered
    self.exited = exited
  }

  private func position(_ block: BlockID) -> Int {
    block.id >= 0 && block.id < order.count ? order[block.id] : -1
  }

  /// The immediate dominator of every reachable block except the entry.
  public var immediateDominator: [BlockID: BlockID] {
    var result: [BlockID: BlockID] = [:]
    for rank in reversePostorder.indices.dropFirst() where idom[rank] >= 0 {
      result[reversePostorder[rank]] = reversePostorder[idom[rank]]
    }
    return result
  }

  /// Children in the dominator tree, in reverse postorder.
  public var children: [BlockID: [BlockID]] {
    var result: [BlockID: [BlockID]] = [:]
    for (rank, list) in childPositions.enumerated() where !list.isEmpty {
      result[reversePostorder[rank]] = list.map { reversePostorder[$0] }
    }
    return result
  }

  /// The children of `block` in the dominator tree, in reverse postorder.
  public func children(of block: BlockID) -> [BlockID] {
    let rank = position(block)
    return rank < 0 ? [] : childPositions[rank].map { reversePostorder[$0] }
  }

  /// Whether `block` is reachable from the entry.
  public func isReachable(_ block: BlockID) -> Bool { position(block) >= 0 }

  /// Whether `a` dominates `b` (every block dominates itself).
  public func dominates(_ a: BlockID, _ b: BlockID) -> Bool {
    let first = position(a)
    let second = position(b)
    guard first >= 0, second >= 0 else { return false }
    return entered[first] <= entered[second] && entered[second] < exited[first]
  }
}
