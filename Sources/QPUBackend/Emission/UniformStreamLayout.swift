import QPUISA

/// The main uniform stream laid out from the final code (docs/backend.md §3a).
///
/// Every instruction that reads the stream (`ldunif`, `ldunifrf`) says which word it wants
/// (``MachineOperation/uniform``); the words are placed in program order, so the stream
/// position at each instruction is static: the number of words read by the instructions
/// before it. Where a branch's target has another position than the branch (its code
/// after the delay slots), the branch redirects the stream (`ub`, `bdu = rel`) and reads
/// one more word, placed at the branch's own position: the byte distance from the word
/// after it to the target's position. Redirecting adds words and so moves positions, so
/// branches are marked until no unmarked branch needs it. A kernel that reads all its
/// uniforms before its first branch gets no redirect at all.
///
/// A not-taken conditional `ub` branch is assumed to consume its word, as the emulator
/// does and Mesa's layout assumes (semantics.md §10.1 [INF]): execution then continues
/// with the next word in program order. The validator keeps uniform reads and `unifa`
/// writes out of every branch's delay slots (`branch-delay-slot`,
/// `unifa-in-branch-delay-slot`), so the redirect applies after the slots, unchanged.
struct UniformStreamLayout {
  /// The stream, word by word.
  var slots: [UniformSlot] = []
  /// The instructions, with `ub` set on the branches that redirect the stream.
  var instructions: [QPUInstruction]
  /// The branches that redirect the stream (instruction indices).
  var redirectingBranches: [Int] = []

  /// Lays out the stream for `instructions`, where `reads[i]` is the word instruction `i`
  /// reads (nil: it reads none). `scratchBytesPerThread` completes the scratch slot.
  init(_ instructions: [QPUInstruction], reads: [UniformSlot?], scratchBytesPerThread: Int)
    throws(BackendError)
  {
    self.instructions = instructions
    var targets: [Int: Int] = [:]
    var readsStream = [Bool](repeating: false, count: instructions.count)
    for (index, instruction) in instructions.enumerated() {
      switch instruction {
      case .alu(let alu):
        readsStream[index] = Self.readsMainStream(alu)
        if readsStream[index] && (index >= reads.count || reads[index] == nil) {
          throw BackendError(
            "internal error: instruction \(index) reads a uniform the layout does not know")
        }
      case .branch(let branch):
        guard case .relative(let offset) = branch.target else {
          throw BackendError("internal error: branch \(index) has no relative target")
        }
        targets[index] = index + 4 + Int(offset / 8)
      }
    }
    var redirecting = Set<Int>()
    var positions: [Int]
    while true {
      positions = Self.positions(readsStream, redirecting: redirecting)
      let needing = targets.filter { branch, target in
        !redirecting.contains(branch) && target < positions.count && branch + 4 < positions.count
          && positions[target] != positions[branch + 4]
      }
      if needing.isEmpty { break }
      redirecting.formUnion(needing.keys)
    }
    redirectingBranches = redirecting.sorted()
    for (index, instruction) in instructions.enumerated() {
      switch instruction {
      case .alu:
        guard readsStream[index], var slot = reads[index] else { continue }
        if case .scratch = slot {
          slot = .scratch(bytesPerThread: UInt32(scratchBytesPerThread))
        }
        slots.append(slot)
      case .branch(var branch):
        guard redirecting.contains(index), let target = targets[index] else { continue }
        let distance = (positions[target] - (positions[index] + 1)) * 4
        slots.append(.constant(UInt32(bitPattern: Int32(distance))))
        branch.uniformTarget = .relative
        self.instructions[index] = .branch(branch)
      }
    }
  }

  /// Whether an ALU instruction reads a word of the main stream.
  static func readsMainStream(_ instruction: ALUInstruction) -> Bool {
    InstructionFacts(.alu(instruction)).uniformReads > 0
  }

  /// The stream position before each instruction (and after the last), when the
  /// instructions marked in `readsStream` and the branches in `redirecting` read a word
  /// each.
  private static func positions(_ readsStream: [Bool], redirecting: Set<Int>) -> [Int] {
    var positions: [Int] = []
    positions.reserveCapacity(readsStream.count + 1)
    var position = 0
    for (index, reads) in readsStream.enumerated() {
      positions.append(position)
      if reads || redirecting.contains(index) { position += 1 }
    }
    positions.append(position)
    return positions
  }
}
