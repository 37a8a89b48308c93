/// If-conversion of small masked blocks: `cbr any(m), ^B, ^C(a)` where `^B` is a few pure
/// instructions ending in `br ^C(b)` becomes straight-line code when every argument `b_j`
/// that differs from `a_j` is `select(m', x, a_j)` with `m'` implying `m` (`m` itself or
/// an `and` containing it). When no lane of `m` is active those selects give `a_j`, so
/// running `^B` unconditionally changes nothing, and the branch (a flag push, a branch
/// and its delay slots on the QPU) goes away. Mesa does the same for cheap blocks.
/// Also `cbr any(m), ^T(a), ^T(b)` becomes `br ^T(a)` when `a` and `b` agree whenever
/// `m` is empty (for instance `a` = `m & c` and `b` = `false`).
public struct IfConversion: FunctionPass {
  /// The most instructions a block may have to be executed unconditionally.
  public var maximumInstructions: Int

  public init(maximumInstructions: Int = 4) { self.maximumInstructions = maximumInstructions }
  public var name: String { "if-convert" }

  public func run(on function: inout Function) {
    var changed = true
    while changed {
      changed = false
      // Instruction contents by result (moving an instruction does not change them).
      var definitions: [Value: Instruction] = [:]
      for block in function.blocks {
        for instruction in block.instructions {
          if let result = instruction.result { definitions[result] = instruction }
        }
      }
      func instruction(_ value: Value) -> Instruction? { definitions[value] }
      func implies(_ candidate: Value, _ mask: Value) -> Bool {
        var pending = [candidate]
        var steps = 0
        while let current = pending.popLast(), steps < 32 {
          steps += 1
          if current == mask { return true }
          if let definition = instruction(current), definition.opcode == .and {
            pending += definition.operands
          }
        }
        return false
      }
      /// Whether `taken` equals `skipped` in every lane whenever no lane of `mask` is set.
      func agreesWhenInactive(_ taken: Value, _ skipped: Value, _ mask: Value) -> Bool {
        if taken == skipped { return true }
        if let constant = instruction(skipped), constant.opcode == .constant,
          constant.type.scalar == .bool, constant.immediate == 0, implies(taken, mask)
        {
          return true
        }
        guard let select = instruction(taken), select.opcode == .select,
          select.operands[2] == skipped
        else { return false }
        return implies(select.operands[0], mask)
      }
      // `cbr any(m), ^T(a), ^T(b)` where a and b agree when m is empty: `br ^T(a)`.
      for index in function.blocks.indices {
        guard
          case .conditionalBranch(let guardValue, let thenTarget, let elseTarget) =
            function.blocks[index].terminator,
          thenTarget.block == elseTarget.block,
          let vote = instruction(guardValue), vote.opcode == .any,
          zip(thenTarget.arguments, elseTarget.arguments).allSatisfy({
            agreesWhenInactive($0, $1, vote.operands[0])
          })
        else { continue }
        function.blocks[index].terminator = .branch(thenTarget)
        changed = true
      }
      if changed { continue }
      let predecessors = function.predecessors()
      let indices = function.blockIndices()
      // Convert every independent candidate in one sweep: a block already involved in a
      // conversion this round is left for the next round.
      var touched = Set<BlockID>()
      for index in function.blocks.indices {
        guard
          case .conditionalBranch(let guardValue, let thenTarget, let elseTarget) =
            function.blocks[index].terminator,
          let vote = instruction(guardValue), vote.opcode == .any,
          thenTarget.arguments.isEmpty, thenTarget.block != function.blocks[index].id,
          predecessors[thenTarget.block]?.count == 1,
          let bodyIndex = indices[thenTarget.block]
        else { continue }
        let body = function.blocks[bodyIndex]
        let mask = vote.operands[0]
        guard body.parameters.isEmpty, body.instructions.count <= maximumInstructions,
          body.instructions.allSatisfy({ $0.opcode.isPure }),
          case .branch(let join) = body.terminator, join.block == elseTarget.block,
          join.arguments.count == elseTarget.arguments.count
        else { continue }
        let bodyValues = Dictionary(
          body.instructions.compactMap { instruction in instruction.result.map { ($0, instruction) }
          },
          uniquingKeysWith: { first, _ in first })
        let safe = zip(join.arguments, elseTarget.arguments).allSatisfy { taken, skipped in
          if taken == skipped { return true }
          guard let select = bodyValues[taken] ?? instruction(taken), select.opcode == .select,
            select.operands[2] == skipped
          else { return agreesWhenInactive(taken, skipped, mask) }
          return implies(select.operands[0], mask)
        }
        let involved = [function.blocks[index].id, body.id, join.block]
        guard safe, involved.allSatisfy({ !touched.contains($0) }) else { continue }
        touched.formUnion(involved)
        function.blocks[index].instructions += body.instructions
        function.blocks[index].terminator = .branch(join)
        function.blocks[bodyIndex].instructions = []
        function.blocks[bodyIndex].terminator = .return
        changed = true
      }
      if changed { function.removeUnreachableBlocks() }
    }
  }
}
