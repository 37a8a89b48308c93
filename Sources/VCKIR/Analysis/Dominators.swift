/// Dominator tree of a function's reachable blocks (Cooper, Harvey and Kennedy's
/// iterative algorithm over reverse postorder).
public struct DominatorTree {
  /// Reachable blocks in reverse postorder (entry first).
  public let reversePostorder: [BlockID]
  /// The immediate dominator of every reachable block except the entry.
  public let immediateDominator: [BlockID: BlockID]
  /// Children in the dominator tree, in reverse postorder.
  public let children: [BlockID: [BlockID]]
  private let order: [BlockID: Int]
  private let entered: [BlockID: Int]
  private let exited: [BlockID: Int]

  /// The dominator tree of `function`.
  public init(_ function: Function) {
    let indices = function.blockIndices()
    // Iterative depth-first search for postorder (no recursion on user-sized input).
    var postorder: [BlockID] = []
    var visited: Set<BlockID> = [function.entry]
    var stack: [(BlockID, Int)] = [(function.entry, 0)]
    while let (block, next) = stack.last {
      let targets = indices[block].map { function.blocks[$0].terminator.targets } ?? []
      if next < targets.count {
        stack[stack.count - 1].1 += 1
        let successor = targets[next].block
        if indices[successor] != nil && visited.insert(successor).inserted {
          stack.append((successor, 0))
        }
      } else {
        postorder.append(block)
        stack.removeLast()
      }
    }
    let rpo = Array(postorder.reversed())
    var order: [BlockID: Int] = [:]
    for (position, block) in rpo.enumerated() { order[block] = position }
    let predecessors = function.predecessors()

    var idom: [BlockID: BlockID] = [function.entry: function.entry]
    func intersect(_ a: BlockID, _ b: BlockID) -> BlockID {
      var first = a
      var second = b
      while first != second {
        while order[first, default: 0] > order[second, default: 0] { first = idom[first] ?? first }
        while order[second, default: 0] > order[first, default: 0] {
          second = idom[second] ?? second
        }
      }
      return first
    }
    var changed = true
    while changed {
      changed = false
      for block in rpo.dropFirst() {
        var candidate: BlockID? = nil
        for predecessor in predecessors[block] ?? [] where idom[predecessor] != nil {
          candidate = candidate.map { intersect($0, predecessor) } ?? predecessor
        }
        if let candidate, idom[block] != candidate {
          idom[block] = candidate
          changed = true
        }
      }
    }
    idom[function.entry] = nil
    var children: [BlockID: [BlockID]] = [:]
    for block in rpo.dropFirst() {
      if let parent = idom[block] { children[parent, default: []].append(block) }
    }
    self.reversePostorder = rpo
    self.immediateDominator = idom
    self.children = children
    self.order = order
    // Entry and exit times of a depth-first walk of the tree: `a` dominates `b` exactly
    // when `b`'s interval lies inside `a`'s.
    var entered: [BlockID: Int] = [:]
    var exited: [BlockID: Int] = [:]
    var clock = 0
    var walk: [(BlockID, Bool)] = [(function.entry, false)]
    while let (block, done) = walk.popLast() {
      clock += 1
      if done {
        exited[block] = clock
        continue
      }
      entered[block] = clock
      walk.append((block, true))
      for child in (children[block] ?? []).reversed() { walk.append((child, false)) }
    }
    self.entered = entered
    self.exited = exited
  }

  /// Whether `block` is reachable from the entry.
  public func isReachable(_ block: BlockID) -> Bool { order[block] != nil }

  /// Whether `a` dominates `b` (every block dominates itself).
  public func dominates(_ a: BlockID, _ b: BlockID) -> Bool {
    guard let aIn = entered[a], let aOut = exited[a], let bIn = entered[b] else { return false }
    return aIn <= bIn && bIn < aOut
  }
}
