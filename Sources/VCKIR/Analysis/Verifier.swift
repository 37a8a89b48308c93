/// A rule of the IR broken by a function.
public struct VerificationError: Error, Hashable, Sendable, CustomStringConvertible {
  /// Every problem found, one per line.
  public var message: String
  public var description: String { message }
}

/// Checks that a function is well-formed SSA: unique definitions, definitions
/// dominating uses, types obeying ``TypeRules``, uniform branch conditions, branch
/// arguments matching the target's parameters, and entry parameters matching the
/// kernel parameters.
public enum Verifier {
  /// Throws a ``VerificationError`` listing every problem found.
  public static func verify(_ function: Function) throws {
    let problems = check(function)
    if !problems.isEmpty {
      throw VerificationError(
        message: "invalid IR in @\(function.name):\n  " + problems.joined(separator: "\n  "))
    }
  }

  /// Every problem found in `function` (empty when it is valid).
  public static func check(_ function: Function) -> [String] {
    var problems: [String] = []
    let indices = function.blockIndices()
    if indices.count != function.blocks.count { problems.append("duplicate block identities") }
    guard let entry = function.blocks.first else { return ["function has no blocks"] }
    let valueCount = function.valueTypes.count
    func known(_ value: Value) -> Bool { value.id >= 0 && value.id < valueCount }

    // Entry parameters are the kernel parameters.
    if entry.parameters.count != function.parameters.count {
      problems.append(
        "entry block has \(entry.parameters.count) parameters, kernel has "
          + "\(function.parameters.count)")
    } else {
      for (value, parameter) in zip(entry.parameters, function.parameters)
      where !known(value) || function.type(of: value) != parameter.valueType {
        problems.append(
          "entry parameter \(value) does not match kernel parameter \(parameter.name)")
      }
    }
    let predecessors = function.predecessors()
    if !(predecessors[entry.id] ?? []).isEmpty { problems.append("entry block has predecessors") }

    // Unique definitions.
    var definingBlock: [Value: BlockID] = [:]
    var definingIndex: [Value: Int] = [:]
    func define(_ value: Value, in block: BlockID, at index: Int) {
      guard known(value) else {
        problems.append("\(value) in ^\(block.id) has no type")
        return
      }
      if definingBlock[value] != nil { problems.append("\(value) is defined twice") }
      definingBlock[value] = block
      definingIndex[value] = index
    }
    for block in function.blocks {
      for parameter in block.parameters { define(parameter, in: block.id, at: -1) }
      for (index, instruction) in block.instructions.enumerated() {
        if let result = instruction.result { define(result, in: block.id, at: index) }
      }
    }

    let dominators = DominatorTree(function)
    for block in function.blocks {
      let reachable = dominators.isReachable(block.id)
      func checkUse(_ value: Value, at index: Int, in what: String) {
        guard let home = definingBlock[value] else {
          problems.append("\(what) in \(block.id) uses undefined \(value)")
          return
        }
        guard reachable else { return }
        let dominated =
          home == block.id
          ? (definingIndex[value] ?? Int.max) < index
          : dominators.dominates(home, block.id)
        if !dominated {
          problems.append("\(what) in \(block.id): \(value) does not dominate its use")
        }
      }
      for (index, instruction) in block.instructions.enumerated() {
        let what = instruction.opcode.rawValue
        for operand in instruction.operands { checkUse(operand, at: index, in: what) }
        guard instruction.operands.allSatisfy(known) else { continue }
        let operandTypes = instruction.operands.map { function.type(of: $0) }
        let declared: ScalarType? =
          switch instruction.opcode {
          case .constant, .convert, .bitcast, .load: instruction.type.scalar
          default: nil
          }
        switch TypeRules.resultType(
          of: instruction.opcode, operands: operandTypes, declared: declared)
        {
        case .failure(let error): problems.append("in \(block.id): \(error.message)")
        case .success(let inferred):
          let producesValue = instruction.opcode != .store && instruction.opcode != .barrier
          if producesValue != (instruction.result != nil) {
            problems.append("in \(block.id): \(what) result presence is wrong")
          }
          if let result = instruction.result, known(result) {
            let type = function.type(of: result)
            if type != instruction.type {
              problems.append(
                "\(result) has type \(type) but its instruction says \(instruction.type)")
            }
            if !inferred.isSubtype(of: type) {
              problems.append("\(result) = \(what) should have type \(inferred), not \(type)")
            }
          }
          if instruction.opcode == .load || instruction.opcode == .store,
            instruction.immediate != 0, instruction.vectorElement?.isValid != true
          {
            problems.append(
              "in \(block.id): \(what) has an invalid vector element (bits \(instruction.immediate))"
            )
          }
          if instruction.opcode == .constant, instruction.type.scalar == .bool,
            instruction.immediate > 1
          {
            problems.append("bool constant \(instruction.immediate) is neither 0 nor 1")
          }
        }
      }
      let end = block.instructions.count
      for operand in block.terminator.operands { checkUse(operand, at: end, in: "terminator") }
      if case .conditionalBranch(let condition, _, _) = block.terminator, known(condition),
        function.type(of: condition) != .uniform(.bool)
      {
        problems.append("branch condition \(condition) in \(block.id) is not a uniform bool")
      }
      for target in block.terminator.targets {
        guard let targetIndex = indices[target.block] else {
          problems.append("\(block.id) branches to missing block \(target.block)")
          continue
        }
        if target.block == entry.id { problems.append("\(block.id) branches to the entry block") }
        let parameters = function.blocks[targetIndex].parameters
        if parameters.count != target.arguments.count {
          problems.append(
            "\(block.id) passes \(target.arguments.count) arguments to "
              + "\(target.block), which takes \(parameters.count)")
          continue
        }
        for (argument, parameter) in zip(target.arguments, parameters)
        where known(argument) && known(parameter)
          && !function.type(of: argument).isSubtype(of: function.type(of: parameter))
        {
          problems.append(
            "\(block.id) passes \(argument): \(function.type(of: argument)) to "
              + "\(parameter): \(function.type(of: parameter)) of \(target.block)")
        }
      }
    }
    return problems
  }
}
