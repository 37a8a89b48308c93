import QPUISA

/// List scheduling per block over the dependency graph: each instruction takes the ready
/// operation with the longest path to the block's end, then pairs it with other ready
/// operations (add + mul + signals) while the pair encodes and keeps every rule. Branch
/// delay slots take the block's last instructions when they are legal there; thread
/// switches keep nop delay slots; the TMU result FIFO never holds more than 16 / threads
/// words per lane (counted per word: a lookup adds its ``PhysicalOperation/resultWords``, each
/// `ldtmu` removes one; each block pops what it asks for, so the count starts at 0).
enum ListScheduler {
  /// Result words per lane a thread may have outstanding: the QPU's 16 shared by its
  /// threads (semantics.md §11.5), 8 with 2 threads, 4 with 4.
  static func resultWordLimit(threadsPerQPU: Int) -> Int { 16 / max(threadsPerQPU, 1) }
  /// Instructions between a lookup and the first `ldtmu` of its data that the scheduler
  /// fills with other work when it can: an L2 hit takes about 64 cycles (16 instructions),
  /// memory about twice that (the timing model, docs/emulator.md).
  static let lookupDistance = 32

  /// Schedules every block; `liveIn` holds the physical registers live on entry to each
  /// block (for filling conditional-branch delay slots from the fall-through block).
  static func schedule(
    _ blocks: [[PhysicalOperation]], _ function: MachineFunction, liveIn: (Int) -> Set<Operand>,
    resultWordLimit: Int = 8
  ) -> CodeBuffer {
    var code = CodeBuffer()
    var scheduled = blocks.map { scheduleBlock($0, resultWordLimit: resultWordLimit) }
    var predecessorCounts = Array(repeating: 0, count: blocks.count)
    for index in blocks.indices {
      for successor in function.successors(of: index) { predecessorCounts[successor] += 1 }
    }
    /// The instructions each block placed before its terminator, once placed.
    var emitted: [Int: [(SymbolicALUInstruction, Note)]] = [:]
    for index in blocks.indices {
      code.startBlock(index, name: function.blocks[index].name)
      var instructions = scheduled[index]
      let terminator = function.blocks[index].terminator
      var slots: [(SymbolicALUInstruction, Note)] = []
      if case .end = terminator {
      } else if branches(terminator, at: index) {
        let conditional: Bool
        if case .branch = terminator { conditional = true } else { conditional = false }
        while slots.count < 3, let last = instructions.last,
          fitsDelaySlot(last.0, conditional: conditional),
          instructions.count > 1 || !conditional
        {
          slots.insert(last, at: 0)
          instructions.removeLast()
        }
        // The branch must stay out of a thrsw's two delay slots.
        while !slots.isEmpty,
          instructions.suffix(2).contains(where: { $0.0.signals.contains(.thrsw) })
        {
          instructions.append(slots.removeFirst())
        }
        if case .branch(_, let taken, let notTaken) = terminator {
          fillFromFallThrough(
            &slots, taken: taken, notTaken: notTaken, at: index, blocks: &scheduled,
            predecessorCounts: predecessorCounts, liveIn: liveIn)
        }
      }
      for (instruction, comment) in instructions { code.append(instruction, comment: comment) }
      emitted[index] = instructions
      emitTerminator(terminator, after: index, slots: slots, into: &code) { target, room in
        guard let head = emitted[target] else { return [] }
        return targetHead(head, room: room)
      }
    }
    return code
  }

  /// Mesa's trick for an unconditional branch to a block already placed (a loop's back
  /// edge): its free delay slots take copies of the target's first instructions, and the
  /// branch goes past them. The slots run exactly what the target would run first, so
  /// only instructions legal in a delay slot are copied (``fitsDelaySlot(_:conditional:)``)
  /// and no SFU write (its result timing depends on the instructions that follow), and no
  /// `multop` (the validator follows the layout, where its `umul24` is not next).
  static func targetHead(_ head: [(SymbolicALUInstruction, Note)], room: Int)
    -> [(SymbolicALUInstruction, Note)]
  {
    var copies: [(SymbolicALUInstruction, Note)] = []
    for (instruction, note) in head.prefix(room) {
      guard fitsDelaySlot(instruction, conditional: false), !writesSFU(instruction),
        instruction.mul.opcode != .multop
      else {
        break
      }
      var copied = note
      copied.text = note.text.isEmpty ? "copied from the branch target" : note.text
      copies.append((instruction, copied))
    }
    return copies
  }

  /// Whether the instruction starts an SFU operation (a magic SFU register write).
  static func writesSFU(_ instruction: SymbolicALUInstruction) -> Bool {
    [instruction.add.destination, instruction.mul.destination].contains {
      if case .magic(let register)? = $0 { return register.kind == .sfu }
      return false
    }
  }

  /// Whether the terminator starts with a branch (not a fall-through).
  static func branches(_ terminator: MachineTerminator, at index: Int) -> Bool {
    switch terminator {
    case .jump(let target): return target != index + 1
    case .branch: return true
    case .end: return false
    }
  }

  /// Instructions that may move after a branch into its delay slots: no thrsw, no
  /// uniform read, no rotation (its neighbour changes), and for a conditional branch
  /// nothing that writes the flags the branch reads.
  static func fitsDelaySlot(_ instruction: SymbolicALUInstruction, conditional: Bool) -> Bool {
    if instruction.rotation != nil { return false }
    if !instruction.signals.intersection([
      .thrsw, .ldunif, .ldunifrf, .ldunifa, .ldunifarf, .wrtmuc,
    ])
    .isEmpty {
      return false
    }
    for destination in [instruction.add.destination, instruction.mul.destination] {
      if case .magic(let register)? = destination,
        register.consumesUniform || register == .unifa || register.kind == .synchronisation
      {
        return false
      }
    }
    if conditional {
      let flags = [instruction.add.flags, instruction.mul.flags]
      if flags.contains(where: { $0.push != nil || $0.update != nil }) { return false }
    }
    return true
  }

  static func emitTerminator(
    _ terminator: MachineTerminator, after index: Int,
    slots: [(SymbolicALUInstruction, Note)], into code: inout CodeBuffer,
    targetHead: (_ target: Int, _ room: Int) -> [(SymbolicALUInstruction, Note)] = { _, _ in
      []
    }
  ) {
    func delaySlots() {
      for (instruction, comment) in slots { code.append(instruction, comment: comment) }
      code.nop(3 - slots.count, comment: "branch delay slot")
    }
    /// An unconditional branch whose free slots take the target's first instructions.
    func jump(to target: Int, after slots: [(SymbolicALUInstruction, Note)]) {
      let afterSFU = slots.last.map { writesSFU($0.0) } ?? false
      let copies = afterSFU ? [] : targetHead(target, 3 - slots.count)
      code.branch(.always, to: target, skip: copies.count)
      for (instruction, comment) in slots + copies {
        code.append(instruction, comment: comment)
      }
      code.nop(3 - slots.count - copies.count, comment: "branch delay slot")
    }
    switch terminator {
    case .jump(let target):
      if target != index + 1 { jump(to: target, after: slots) }
    case .branch(let condition, let taken, let notTaken):
      if taken == index + 1, let inverse = condition.inverse {
        code.branch(inverse, to: notTaken)
        delaySlots()
        return
      }
      code.branch(condition, to: taken)
      delaySlots()
      if notTaken != index + 1 { jump(to: notTaken, after: []) }
    case .end:
      code.endProgram()
    }
  }

  /// The instructions of one block (with their comments).
  static func scheduleBlock(_ operations: [PhysicalOperation], resultWordLimit: Int)
    -> [(SymbolicALUInstruction, Note)]
  {
    let graph = DependencyGraph(operations)
    /// The instruction each placed node went to (-1: not placed).
    var placedIn = Array(repeating: -1, count: operations.count)
    var unplacedCount = operations.count
    var waitingFor = graph.predecessors.map(\.count)
    /// Unplaced nodes whose predecessors are all placed.
    var ready = Set(operations.indices.filter { waitingFor[$0] == 0 })
    var result: [(SymbolicALUInstruction, Note)] = []
    var previous: SymbolicALUInstruction?
    var outstandingResults = 0
    var gaps = 0
    /// The instruction that last wrote `unifa` (its stream is readable 4 later).
    var lastUnifaWrite = Int.min / 2
    /// Per `ldtmu`: the instruction from which its data is likely back (its lookup's
    /// instruction + ``lookupDistance``); until then other ready operations go first.
    var dataDue = Array(repeating: 0, count: operations.count)

    /// Whether a ready node can go into instruction `number`: predecessors placed in this
    /// same instruction must reach it through write-after-read edges only.
    func canPlace(_ node: Int, in number: Int) -> Bool {
      for (source, sameInstruction) in graph.predecessors[node]
      where placedIn[source] == number && !sameInstruction {
        return false
      }
      let instruction = operations[node].instruction
      if (Hazards.readsSecondStream(instruction) || instruction.signals.contains(.thrsw))
        && number - lastUnifaWrite < Hazards.unifaToRead
      {
        return false
      }
      return outstandingResults + graph.resultWords[node] <= resultWordLimit
    }
    func byPriority(_ nodes: [Int], at number: Int) -> [Int] {
      func key(_ node: Int) -> (Int, Int, Int) {
        (dataDue[node] <= number ? 1 : 0, graph.priority[node], -node)
      }
      return nodes.sorted { key($0) > key($1) }
    }
    func place(_ node: Int, in number: Int) {
      placedIn[node] = number
      ready.remove(node)
      unplacedCount -= 1
      for edge in graph.successors[node] {
        if graph.resultWords[node] > 0, operations[edge.to].signals.contains(.ldtmu) {
          dataDue[edge.to] = max(dataDue[edge.to], number + Self.lookupDistance)
        }
        waitingFor[edge.to] -= 1
        if waitingFor[edge.to] == 0 { ready.insert(edge.to) }
      }
    }

    while unplacedCount > 0 {
      let number = result.count
      var chosen: [Int] = []
      var current = SymbolicALUInstruction()
      for node in byPriority(ready.filter { canPlace($0, in: number) }, at: number)
      where Hazards.canFollow(previous, operations[node].instruction) {
        chosen = [node]
        current = operations[node].instruction
        break
      }
      if chosen.isEmpty, gaps >= 2,
        let earliest = ready.min(),
        number - lastUnifaWrite >= Hazards.unifaToRead
          || (!Hazards.readsSecondStream(operations[earliest].instruction)
            && !operations[earliest].signals.contains(.thrsw))
      {
        // Never loop on gaps: the earliest ready operation in program order can always go
        // after a nop (it is how the naive schedule places it).
        chosen = [earliest]
        current = operations[earliest].instruction
      }
      guard let first = chosen.first else {
        result.append((SymbolicALUInstruction(), "scheduling gap"))
        previous = SymbolicALUInstruction()
        gaps += 1
        continue
      }
      gaps = 0
      place(first, in: number)
      let switches = operations[first].signals.contains(.thrsw)
      var merging = !switches
      while merging {
        merging = false
        // An `ldtmu` whose data is not due joins only when nothing due is left to do.
        let somethingDue = ready.contains { dataDue[$0] <= number && canPlace($0, in: number) }
        for node in byPriority(
          ready.filter({ canPlace($0, in: number) && (!somethingDue || dataDue[$0] <= number) }),
          at: number)
        {
          if let merged = OperationMerging.merge(current, operations[node]),
            Hazards.canFollow(previous, merged)
          {
            current = merged
            chosen.append(node)
            place(node, in: number)
            merging = true
            break
          }
        }
      }
      for node in chosen {
        outstandingResults += graph.resultWords[node]
        if operations[node].signals.contains(.ldtmu) { outstandingResults -= 1 }
      }
      let comment = chosen.map { operations[$0].comment }.filter { !$0.isEmpty }
        .joined(separator: "; ")
      let source: Int32 =
        chosen.lazy.map { operations[$0].sourceOffset }.first(where: { $0 >= 0 }) ?? -1
      let uniform = chosen.lazy.compactMap { operations[$0].uniform }.first
      result.append((current, Note(text: comment, sourceOffset: source, uniform: uniform)))
      if Hazards.writesUnifa(current) { lastUnifaWrite = number }
      previous = current
      if switches {
        result.append((SymbolicALUInstruction(), "thrsw delay slot"))
        result.append((SymbolicALUInstruction(), "thrsw delay slot"))
        previous = SymbolicALUInstruction()
      }
    }
    return result
  }
}
