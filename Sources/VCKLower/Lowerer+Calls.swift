import VCKIR
import VCKLang

extension Lowerer {
  /// Inlines a call of helper `id`: binds its parameters to the arguments, lowers its
  /// body in a fresh variable instance, and returns its result (or a dummy for `void`).
  mutating func inline(
    _ id: FunctionID, _ arguments: [CheckedExpression], at range: SourceRange
  ) throws(LoweringError) -> Value {
    guard program.functions.indices.contains(id.index) else {
      throw LoweringError("call of unknown function \(id)", at: range)
    }
    guard frames.count < Self.maximumInlineDepth else {
      throw LoweringError("helpers nest more than \(Self.maximumInlineDepth) calls deep", at: range)
    }
    let helper = program[id]
    guard helper.parameters.count == arguments.count else {
      throw LoweringError(
        "'\(helper.name)' takes \(helper.parameters.count) arguments, got \(arguments.count)",
        at: range)
    }
    // Arguments are evaluated in the caller's frame, left to right.
    var bound: [(VariableID, [Value])] = []
    for (parameter, argument) in zip(helper.parameters, arguments) {
      if case .array = helper[parameter].type {
        bound.append((parameter, try arrayValues(argument)))
      } else {
        bound.append((parameter, [try value(argument)]))
      }
    }
    let instance = nextInstance
    nextInstance += 1
    let scopeID = nextScope
    nextScope += 1
    frames.append(
      Frame(
        function: helper, instance: instance, evaluator: ConstantEvaluator(function: helper)))
    defer { frames.removeLast() }
    for (parameter, values) in bound {
      declareType(of: parameter)
      if values.count == 1, case .array = helper[parameter].type {
        ssa.write(elementKey(parameter, 0), values[0])
      } else if values.count == 1 {
        ssa.write(key(parameter), values[0])
      } else {
        for (index, value) in values.enumerated() { ssa.write(elementKey(parameter, index), value) }
      }
    }
    let exit = ssa.makeBlock()
    scopes.append(ControlScope(kind: .helper, id: scopeID, nesting: varyingNesting, exit: exit))
    ssa.types[.returned(scope: scopeID)] = .varying(.bool)
    ssa.write(.returned(scope: scopeID), constant(false))
    let resultKey = VariableKey.result(scope: scopeID)
    let resultScalar = helper.resultType.scalar?.ir ?? .u32
    ssa.types[resultKey] = IRType(resultScalar, helper.resultUniformity.shape)
    ssa.write(resultKey, constant(0, resultScalar))
    let callerMask = ssa.read(.mask)
    let callerAllActive = allLanesActive

    try lower(helper.body)

    ssa.jump(to: exit)
    ssa.seal(exit)
    ssa.position(at: exit)
    let scope = scopes.removeLast()
    let result = ssa.read(resultKey)
    if scope.maskedReturns > 0 {
      ssa.write(.mask, callerMask)
      allLanesActive = callerAllActive
    }
    return result
  }

  /// Lowers a call of a built-in function.
  mutating func lowerBuiltin(
    _ builtin: Builtin, _ arguments: [CheckedExpression], at expression: CheckedExpression
  ) throws(LoweringError) -> Value {
    if builtin.isAtomic { return try lowerAtomic(builtin, arguments, at: expression) }
    if builtin == .vstore2 || builtin == .vstore4 {
      try lowerVectorStore(builtin, arguments, at: expression)
      return constant(0, .u32)
    }
    var values: [Value] = []
    for argument in arguments { values.append(try value(argument)) }
    switch builtin {
    case .gid:
      let base = emit(.shl, [emit(.qpu, []), constant(4, .u32)])
      return emit(.add, [base, emit(.lane, [])])
    case .gsize:
      return emit(.shl, [emit(.qpus, []), constant(4, .u32)])
    case .clz, .popcount:
      guard values.count == 1 else { break }
      var bits = values[0]
      if type(of: bits).scalar != .u32 { bits = emit(.bitcast, [bits], type: .u32) }
      return builtin == .clz ? emit(.clz, [bits]) : populationCount(bits)
    case .mix:
      // a + (b − a)·t, without a fused multiply-add.
      guard values.count == 3 else { break }
      return emit(.add, [values[0], emit(.mul, [emit(.sub, [values[1], values[0]]), values[2]])])
    case .clamp:
      guard values.count == 3 else { break }
      return emit(.min, [emit(.max, [values[0], values[1]]), values[2]])
    case .exp:
      // e^x = 2^(x · log2 e), on the SFU's exp2.
      guard values.count == 1 else { break }
      let log2e = constant(Float(1.442_695_040_888_963_4).bitPattern, .f32)
      return emit(.exp2, [emit(.mul, [values[0], log2e])])
    case .log:
      // ln x = log2 x · ln 2, on the SFU's log2.
      guard values.count == 1 else { break }
      let ln2 = constant(Float(0.693_147_180_559_945_3).bitPattern, .f32)
      return emit(.mul, [emit(.log2, [values[0]]), ln2])
    case .gidX: return gridCoordinateX()
    case .gidY: return emit(.groupY, [])
    case .gidZ: return emit(.groupZ, [])
    case .gridX: return emit(.gridX, [])
    case .gridY: return emit(.gridY, [])
    case .gridZ: return emit(.gridZ, [])
    case .reduceAdd, .reduceMin, .reduceMax:
      let opcode: Opcode =
        builtin == .reduceAdd ? .reduceAdd : builtin == .reduceMin ? .reduceMin : .reduceMax
      guard values.count == 1 else { break }
      return emit(opcode, values + (activeMask().map { [$0] } ?? []))
    case .splat, .barrier:
      throw LoweringError("'\(builtin.name)' cannot be used as a value here", at: expression.range)
    default:
      if let opcode = Self.builtinOpcodes[builtin] {
        let result = emit(opcode, values)
        return result
      }
    }
    throw LoweringError("unsupported use of built-in '\(builtin.name)'", at: expression.range)
  }

  /// The IR opcode of each atomic built-in.
  static let atomicOpcodes: [Builtin: Opcode] = [
    .atomicAdd: .atomicAdd, .atomicSub: .atomicSub, .atomicMin: .atomicMin,
    .atomicMax: .atomicMax, .atomicAnd: .atomicAnd, .atomicOr: .atomicOr,
    .atomicXor: .atomicXor, .atomicExchange: .atomicExchange,
    .atomicCompareExchange: .atomicCompareExchange,
  ]

  /// `atomic_op(p[i], operands...)`: the element's address, the operands, and the active
  /// lanes' mask (inactive lanes neither change memory nor see a value).
  mutating func lowerAtomic(
    _ builtin: Builtin, _ arguments: [CheckedExpression], at expression: CheckedExpression
  ) throws(LoweringError) -> Value {
    guard let opcode = Self.atomicOpcodes[builtin], let target = arguments.first,
      case .load(let pointer, let index) = target.kind
    else {
      throw LoweringError(
        "'\(builtin.name)' needs a memory element as its first argument", at: expression.range)
    }
    let address = try address(pointer, index)
    var operands = [address]
    for argument in arguments.dropFirst() { operands.append(try value(argument)) }
    if let mask = activeMask() { operands.append(mask) }
    return emit(opcode, operands)
  }

  /// The number of set bits of a u32, by the usual SWAR steps: V3D 4.2 has no
  /// population-count instruction, so this is 15 operations (shifts, masks, adds).
  mutating func populationCount(_ x: Value) -> Value {
    func c(_ bits: UInt32) -> Value { constant(bits, .u32) }
    let pairs = emit(.sub, [x, emit(.and, [emit(.shr, [x, c(1)]), c(0x5555_5555)])])
    let nibbles = emit(
      .add,
      [
        emit(.and, [pairs, c(0x3333_3333)]),
        emit(.and, [emit(.shr, [pairs, c(2)]), c(0x3333_3333)]),
      ])
    let bytes = emit(.and, [emit(.add, [nibbles, emit(.shr, [nibbles, c(4)])]), c(0x0F0F_0F0F)])
    let halves = emit(.add, [bytes, emit(.shr, [bytes, c(8)])])
    let total = emit(.add, [halves, emit(.shr, [halves, c(16)])])
    return emit(.and, [total, c(63)])
  }
}
