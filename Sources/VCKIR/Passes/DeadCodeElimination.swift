/// Removes instructions without side effects (including loads) whose results are never needed and block parameters
/// (with their arguments) that nothing needs.
///
/// A value is needed when a side-effecting instruction or a branch condition reads
/// it, or a needed value is computed from it; a block parameter is needed only when
/// the parameter itself is, so loop-carried values that feed nothing but themselves
/// disappear.
public struct DeadCodeElimination: FunctionPass {
  public init() {}
  public var name: String { "dce" }

  public func run(on function: inout Function) {
    let definitions = function.definitions()
    var parameterOf: [Value: (block: BlockID, index: Int)] = [:]
    for block in function.blocks {
      for (index, parameter) in block.parameters.enumerated() {
        parameterOf[parameter] = (block.id, index)
      }
    }
    var incoming: [BlockID: [[Value]]] = [:]
    for block in function.blocks {
      for target in block.terminator.targets {
        incoming[target.block, default: []].append(target.arguments)
      }
    }

    var live = Set<Value>()
    var worklist: [Value] = []
    func markLive(_ value: Value) {
      if live.insert(value).inserted { worklist.append(value) }
    }
    for block in function.blocks {
      for instruction in block.instructions where instruction.opcode.info.hasSideEffects {
        instruction.operands.forEach(markLive)
      }
      if case .conditionalBranch(let condition, _, _) = block.terminator { markLive(condition) }
    }
    // Entry parameters are the kernel's interface: always kept.
    function.blocks[0].parameters.forEach(markLive)
    while let value = worklist.popLast() {
      if let place = definitions[value] {
        function.blocks[place.block].instructions[place.instruction].operands.forEach(markLive)
      } else if let place = parameterOf[value] {
        for arguments in incoming[place.block] ?? [] where place.index < arguments.count {
          markLive(arguments[place.index])
        }
      }
    }

    var keptParameters: [BlockID: [Bool]] = [:]
    for index in function.blocks.indices.dropFirst() {
      let keep = function.blocks[index].parameters.map { live.contains($0) }
      keptParameters[function.blocks[index].id] = keep
      function.blocks[index].parameters = function.blocks[index].parameters.filter {
        live.contains($0)
      }
    }
    for index in function.blocks.indices {
      function.blocks[index].instructions.removeAll { instruction in
        guard !instruction.opcode.info.hasSideEffects, let result = instruction.result else {
          return false
        }
        return !live.contains(result)
      }
      function.blocks[index].terminator = function.blocks[index].terminator.mapTargets { target in
        guard let keep = keptParameters[target.block], keep.count == target.arguments.count else {
          return target
        }
        let arguments = zip(target.arguments, keep).filter(\.1).map(\.0)
        return BlockTarget(target.block, arguments)
      }
    }
  }
}
