/// Strength reduction of address arithmetic on induction variables.
///
/// A basic induction variable is a loop-header parameter `i` whose value on the back
/// edge is `i + s` or, in a varying loop, `select(m, i + s, i)`, with `s` invariant.
/// An address `f(i)` that is affine in `i` (built with `add`, `sub`, `mul` by an
/// invariant, `shl` by an invariant, integer `convert`) and contains a multiply or
/// shift becomes a new induction variable `a`: `f(init)` computed in the preheader,
/// stepped by `L(s)`, the linear part of `f = c + L` (`f` is affine modulo 2^32, so
/// `f(i + s) = f(i) + L(s)`) under the same mask as `i`. Loads and stores then use `a`, and the
/// multiply/shift chain dies.
public struct StrengthReduction: FunctionPass {
  public init() {}
  public var name: String { "strength-reduce" }

  public func run(on function: inout Function) {
    var done = Set<BlockID>()
    while let loop = LoopAnalysis.loops(in: function).first(where: { !done.contains($0.header) }) {
      done.insert(loop.header)
      guard loop.latches.count == 1 else { continue }
      reduce(loop, in: &function)
    }
  }

  private struct Induction {
    var parameterIndex: Int
    var parameter: Value
    var step: Value
    var mask: Value?
  }

  private func reduce(_ loop: Loop, in function: inout Function) {
    let preheaderIndex = LoopAnalysis.preheader(of: loop, in: &function)
    let indices = function.blockIndices()
    guard let headerIndex = indices[loop.header], let latchIndex = indices[loop.latches[0]],
      let latchTarget = function.blocks[latchIndex].terminator.targets.first(where: {
        $0.block == loop.header
      }),
      case .branch(let entryTarget) = function.blocks[preheaderIndex].terminator
    else { return }
    let inside = LoopAnalysis.definedValues(in: loop, of: function)
    let definitions = function.definitions()
    func definition(_ value: Value) -> Instruction? {
      definitions[value].map { function.blocks[$0.block].instructions[$0.instruction] }
    }
    let header = function.blocks[headerIndex]
    var inductions: [Induction] = []
    for (index, parameter) in header.parameters.enumerated()
    where function.type(of: parameter).scalar.isInteger && index < latchTarget.arguments.count {
      var next = latchTarget.arguments[index]
      var mask: Value? = nil
      if let select = definition(next), select.opcode == .select, select.operands[2] == parameter,
        inside.contains(select.operands[1])
      {
        mask = select.operands[0]
        next = select.operands[1]
      }
      guard let add = definition(next), add.opcode == .add else { continue }
      let others = add.operands.filter { $0 != parameter }
      guard add.operands.contains(parameter), others.count == 1, !inside.contains(others[0]) else {
        continue
      }
      inductions.append(
        Induction(parameterIndex: index, parameter: parameter, step: others[0], mask: mask))
    }

    let loopOrder = DominatorTree(function).reversePostorder.filter { loop.blocks.contains($0) }
    let loopInstructions = loopOrder.compactMap { indices[$0] }.flatMap {
      function.blocks[$0].instructions
    }
    for induction in inductions {
      reduce(
        induction, loop: loop, instructions: loopInstructions, inside: inside,
        entryArgument: entryTarget.arguments[induction.parameterIndex], function: &function)
    }
  }

  private func reduce(
    _ induction: Induction, loop: Loop, instructions: [Instruction], inside: Set<Value>,
    entryArgument: Value, function: inout Function
  ) {
    // Which loop values are affine in the induction variable, and which contain a
    // multiply or shift (worth reducing).
    var affine: [Value: Instruction] = [:]
    var scaled = Set<Value>()
    var isAffine: Set<Value> = [induction.parameter]
    func invariant(_ value: Value) -> Bool { !inside.contains(value) }
    for instruction in instructions {
      guard let result = instruction.result, instruction.type.scalar.isInteger else { continue }
      let operands = instruction.operands
      let affineOperands = operands.filter { isAffine.contains($0) }
      let rest = operands.filter { !isAffine.contains($0) }
      guard !affineOperands.isEmpty, rest.allSatisfy(invariant) else { continue }
      let ok: Bool
      switch instruction.opcode {
      case .add, .sub: ok = true
      case .mul: ok = affineOperands.count == 1
      case .shl: ok = isAffine.contains(operands[0]) && rest.count == 1
      case .convert: ok = function.type(of: operands[0]).scalar.isInteger
      default: ok = false
      }
      guard ok else { continue }
      isAffine.insert(result)
      affine[result] = instruction
      if instruction.opcode == .mul || instruction.opcode == .shl
        || operands.contains(where: scaled.contains)
      {
        scaled.insert(result)
      }
    }
    // Candidates: scaled affine values used as a load/store address in the loop.
    var candidates: [Value] = []
    for instruction in instructions
    where instruction.opcode == .load || instruction.opcode == .store {
      let address = instruction.operands[0]
      if scaled.contains(address) && !candidates.contains(address) { candidates.append(address) }
    }
    guard !candidates.isEmpty else { return }

    let preheaderIndex = LoopAnalysis.preheader(of: loop, in: &function)
    let order = instructions.compactMap(\.result)
    var cloned: [Instruction] = []
    /// Copies the chain computing `root` into the preheader with the induction
    /// variable replaced by `input`. With `linearOnly`, invariant terms added or
    /// subtracted are dropped, giving the linear part `L(input)` of `root = c + L(i)`.
    func clone(_ root: Value, substituting input: Value, linearOnly: Bool = false) -> Value {
      var needed = Set<Value>()
      var worklist = [root]
      while let value = worklist.popLast() {
        guard let instruction = affine[value], needed.insert(value).inserted else { continue }
        worklist += instruction.operands
      }
      var map: [Value: Value] = [induction.parameter: input]
      func append(_ instruction: Instruction) -> Value {
        var instruction = instruction
        let shape = instruction.operands.reduce(Shape.uniform) {
          $0.joined(with: function.type(of: $1).shape)
        }
        let type = IRType(instruction.type.scalar, shape)
        let result = function.makeValue(type)
        instruction.type = type
        instruction.result = result
        cloned.append(instruction)
        return result
      }
      for value in order where needed.contains(value) {
        guard var instruction = affine[value] else { continue }
        let operands = instruction.operands
        let isTerm = operands.map { isAffine.contains($0) }
        if linearOnly && (instruction.opcode == .add || instruction.opcode == .sub)
          && isTerm.contains(false)
        {
          let term = map[operands[isTerm[0] ? 0 : 1]] ?? operands[0]
          if instruction.opcode == .sub && !isTerm[0] {
            let zero = append(
              Instruction(.constant, [], result: nil, type: .uniform(instruction.type.scalar)))
            map[value] = append(
              Instruction(.sub, [zero, term], result: nil, type: instruction.type))
          } else {
            map[value] = term
          }
          continue
        }
        instruction.operands = operands.map { map[$0] ?? $0 }
        map[value] = append(instruction)
      }
      return map[root] ?? root
    }
    func emit(_ opcode: Opcode, _ operands: [Value], _ scalar: ScalarType) -> Instruction {
      let shape = operands.reduce(Shape.uniform) { $0.joined(with: function.type(of: $1).shape) }
      let type = IRType(scalar, shape)
      return Instruction(opcode, operands, result: function.makeValue(type), type: type)
    }

    var replacements: [Value: Value] = [:]
    var latchCode: [Instruction] = []
    var newParameters: [(parameter: Value, initial: Value, next: Value)] = []
    for candidate in candidates {
      let addressType = function.type(of: candidate).scalar
      let initial = clone(candidate, substituting: entryArgument)
      let strideValue = clone(candidate, substituting: induction.step, linearOnly: true)
      let shape = function.type(of: initial).shape.joined(
        with: function.type(of: strideValue).shape
      )
      .joined(with: induction.mask.map { function.type(of: $0).shape } ?? .uniform)
      let parameter = function.makeValue(IRType(addressType, shape))
      var step = emit(.add, [parameter, strideValue], addressType)
      latchCode.append(step)
      if let mask = induction.mask, let stepped = step.result {
        step = emit(.select, [mask, stepped, parameter], addressType)
        latchCode.append(step)
      }
      newParameters.append((parameter, initial, step.result ?? parameter))
      replacements[candidate] = parameter
    }
    function.blocks[preheaderIndex].instructions += cloned

    let indices = function.blockIndices()
    guard let headerIndex = indices[loop.header] else { return }
    function.blocks[headerIndex].parameters += newParameters.map(\.parameter)
    for index in function.blocks.indices {
      let isLatch = index == indices[loop.latches[0]]
      let inLoop = loop.blocks.contains(function.blocks[index].id)
      if inLoop {
        for position in function.blocks[index].instructions.indices {
          function.blocks[index].instructions[position].operands =
            function.blocks[index].instructions[position].operands.map { replacements[$0] ?? $0 }
        }
      }
      if isLatch { function.blocks[index].instructions += latchCode }
      function.blocks[index].terminator = function.blocks[index].terminator.mapTargets { target in
        guard target.block == loop.header else { return target }
        let extra = isLatch ? newParameters.map(\.next) : newParameters.map(\.initial)
        return BlockTarget(target.block, target.arguments + extra)
      }
    }
  }
}
