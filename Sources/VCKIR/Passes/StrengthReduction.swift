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
///
/// Each new induction variable holds a register for the whole loop, so a loop with more
/// than ``maximumReducedAddresses`` such addresses for one induction variable (an unrolled
/// body touching many rows, like sgemm's blocked k loop) keeps its address arithmetic in
/// the body instead: a few operations per access rather than running out of registers.
public struct StrengthReduction: FunctionPass {
  /// The most addresses reduced per induction variable; a loop with more keeps them all.
  public static let maximumReducedAddresses = 8

  public init() {}
  public var name: String { "strength-reduce" }

  public func run(on function: inout Function) {
    // One analysis, updated as preheaders appear (they change the enclosing loops).
    var nest = LoopNest(function)
    var definitions = Definitions(nest.function)
    while let loop = nest.nextLoop() {
      guard nest.loops[loop].latches.count == 1 else { continue }
      reduce(loop, in: &nest, definitions: &definitions)
    }
    function = nest.finish()
  }

  /// Where each value is defined, as (block index, instruction index); instructions are
  /// only ever appended to blocks here, so the positions stay valid.
  private struct Definitions {
    var places: [Value: (block: Int, instruction: Int)]
    init(_ function: Function) { places = function.definitions() }
    func instruction(_ value: Value, in function: Function) -> Instruction? {
      places[value].map { function.blocks[$0.block].instructions[$0.instruction] }
    }
    mutating func append(_ instructions: [Instruction], to block: Int, of function: inout Function)
    {
      for instruction in instructions {
        if let result = instruction.result {
          places[result] = (block, function.blocks[block].instructions.count)
        }
        function.blocks[block].instructions.append(instruction)
      }
    }
  }

  private struct Induction {
    var parameterIndex: Int
    var parameter: Value
    var step: Value
    var mask: Value?
  }

  private func reduce(_ loopIndex: Int, in nest: inout LoopNest, definitions: inout Definitions) {
    let preheaderIndex = nest.preheader(of: loopIndex)
    guard
      let (inductions, instructions, entryTarget, inside) = inductions(
        of: loopIndex, preheader: preheaderIndex, in: nest, definitions: definitions)
    else { return }
    for induction in inductions {
      reduce(
        induction, loop: loopIndex, instructions: instructions, inside: inside,
        entryArgument: entryTarget.arguments[induction.parameterIndex], nest: &nest,
        definitions: &definitions)
    }
  }

  /// The basic induction variables of a loop with one latch, the loop's instructions in
  /// reverse postorder, the preheader's edge into the loop and the values defined inside.
  private func inductions(
    of loopIndex: Int, preheader preheaderIndex: Int, in nest: LoopNest, definitions: Definitions
  ) -> ([Induction], [Instruction], BlockTarget, Set<Value>)? {
    let loop = nest.loops[loopIndex]
    let function = nest.function
    let indices = nest.indices
    guard let headerIndex = indices[loop.header], let latchIndex = indices[loop.latches[0]],
      let latchTarget = function.blocks[latchIndex].terminator.targets.first(where: {
        $0.block == loop.header
      }),
      case .branch(let entryTarget) = function.blocks[preheaderIndex].terminator
    else { return nil }
    let inside = nest.definedValues(in: loopIndex)
    func definition(_ value: Value) -> Instruction? {
      definitions.instruction(value, in: function)
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

    let loopInstructions = nest.orderedBlocks(of: loopIndex).flatMap {
      function.blocks[$0].instructions
    }
    return (inductions, loopInstructions, entryTarget, inside)
  }

  private func reduce(
    _ induction: Induction, loop loopIndex: Int, instructions: [Instruction], inside: Set<Value>,
    entryArgument: Value, nest: inout LoopNest, definitions: inout Definitions
  ) {
    let loop = nest.loops[loopIndex]
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
      case .convert: ok = nest.function.type(of: operands[0]).scalar.isInteger
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
    guard !candidates.isEmpty, candidates.count <= Self.maximumReducedAddresses else { return }

    let preheaderIndex = nest.preheader(of: loopIndex)
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
          $0.joined(with: nest.function.type(of: $1).shape)
        }
        let type = IRType(instruction.type.scalar, shape)
        let result = nest.function.makeValue(type)
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
      let shape = operands.reduce(Shape.uniform) {
        $0.joined(with: nest.function.type(of: $1).shape)
      }
      let type = IRType(scalar, shape)
      return Instruction(opcode, operands, result: nest.function.makeValue(type), type: type)
    }

    var replacements: [Value: Value] = [:]
    var latchCode: [Instruction] = []
    var newParameters: [(parameter: Value, initial: Value, next: Value)] = []
    for candidate in candidates {
      let addressType = nest.function.type(of: candidate).scalar
      let initial = clone(candidate, substituting: entryArgument)
      let strideValue = clone(candidate, substituting: induction.step, linearOnly: true)
      let shape = nest.function.type(of: initial).shape.joined(
        with: nest.function.type(of: strideValue).shape
      )
      .joined(with: induction.mask.map { nest.function.type(of: $0).shape } ?? .uniform)
      let parameter = nest.function.makeValue(IRType(addressType, shape))
      var step = emit(.add, [parameter, strideValue], addressType)
      latchCode.append(step)
      if let mask = induction.mask, let stepped = step.result {
        step = emit(.select, [mask, stepped, parameter], addressType)
        latchCode.append(step)
      }
      newParameters.append((parameter, initial, step.result ?? parameter))
      replacements[candidate] = parameter
    }
    definitions.append(cloned, to: preheaderIndex, of: &nest.function)

    let indices = nest.indices
    guard let headerIndex = indices[loop.header], let latchIndex = indices[loop.latches[0]] else {
      return
    }
    nest.function.blocks[headerIndex].parameters += newParameters.map(\.parameter)
    // Only the loop's blocks use the replaced addresses, and only the latch and the
    // preheader branch to the header.
    let touched = Set(loop.blocks.compactMap { indices[$0] }).union(
      nest.predecessorBlocks(of: loop.header).compactMap { indices[$0] })
    for index in touched {
      let isLatch = index == latchIndex
      let inLoop = loop.blocks.contains(nest.function.blocks[index].id)
      if inLoop {
        for position in nest.function.blocks[index].instructions.indices {
          nest.function.blocks[index].instructions[position].operands =
            nest.function.blocks[index].instructions[position].operands.map {
              replacements[$0] ?? $0
            }
        }
      }
      if isLatch { definitions.append(latchCode, to: index, of: &nest.function) }
      nest.function.blocks[index].terminator = nest.function.blocks[index].terminator.mapTargets {
        target in
        guard target.block == loop.header else { return target }
        let extra = isLatch ? newParameters.map(\.next) : newParameters.map(\.initial)
        return BlockTarget(target.block, target.arguments + extra)
      }
    }
  }
}
