import VCKIR

/// Generates random IR kernels for differential testing (in the spirit of QPULib's
/// AutoTest): straight-line element-wise code over every type, cross-lane operations,
/// masked loads, runs of uniform loads, vector loads and stores, reductions, atomics, barriers, a uniform loop and a uniform if/else with block
/// parameters.
///
/// Operations whose results are only approximate on the QPU (SFU math, f32 division) and
/// f32 min/max (whose NaN handling is not characterised) are left out, so compiled code
/// must match the interpreter bit for bit.
struct RandomProgram: SeededChoices {
  var generator: SplitMix
  var builder: IRBuilder
  /// Values available to later instructions, by scalar type.
  var pool: [ScalarType: [Value]] = [:]
  let parameters: [Value]
  /// Output words per lane.
  static let outputs = 6
  static let laneCount = 32

  static let kernelParameters = [
    Parameter(name: "k", kind: .scalar(.u32)), Parameter(name: "in0", kind: .buffer(element: .u32)),
    Parameter(name: "in1", kind: .buffer(element: .u32)),
    Parameter(name: "out", kind: .buffer(element: .u32)),
    Parameter(name: "atomics", kind: .buffer(element: .u32)),
  ]

  init(seed: UInt64) {
    generator = SplitMix(seed: seed)
    builder = IRBuilder(name: "random\(seed)", parameters: Self.kernelParameters)
    parameters = builder.parameterValues
  }

  /// The generated kernel.
  static func make(seed: UInt64) -> Function {
    var program = RandomProgram(seed: seed)
    program.generate()
    return program.builder.function
  }

  mutating func add(_ value: Value) {
    pool[builder.function.type(of: value).scalar, default: []].append(value)
  }

  mutating func pick(_ scalar: ScalarType) -> Value {
    if let values = pool[scalar], !values.isEmpty, !chance(8) {
      // Prefer recent values so chains get deep.
      let index = values.count - 1 - min(random(0...values.count - 1), random(0...4))
      return values[max(0, index)]
    }
    return constant(scalar)
  }

  mutating func constant(_ scalar: ScalarType) -> Value {
    switch scalar {
    case .bool: return builder.constant(chance(50))
    case .f32:
      let choices: [Float] = [0, 1, -1, 0.5, 2, 3.25, -7.5, 1e6, 0.1, 100, 1e-3]
      return builder.constant(choices[random(0...choices.count - 1)])
    case .i32:
      let choices: [Int32] = [0, 1, -1, 2, 7, -16, 15, 100, -1000, Int32.min, Int32.max, 65_537]
      return builder.constant(choices[random(0...choices.count - 1)])
    case .u32:
      let choices: [UInt32] = [0, 1, 2, 3, 4, 5, 15, 16, 31, 255, 1000, 0x8000_0000, 0xFFFF_FFFF]
      return builder.constant(choices[random(0...choices.count - 1)])
    }
  }

  mutating func generate() {
    let sixteen = builder.constant(UInt32(16))
    let gid = builder.emit(
      .add, [builder.emit(.mul, [builder.emit(.qpu, []), sixteen]), builder.emit(.lane, [])])
    add(gid)
    add(parameters[0])
    let a = load(parameters[1], gid, mask: nil)
    let b = load(parameters[2], gid, mask: nil)
    add(a)
    add(b)
    add(builder.emit(.bitcast, [a], type: .i32))
    add(builder.emit(.convert, [b], type: .f32))
    add(builder.emit(.convert, [builder.emit(.bitcast, [b], type: .i32)], type: .f32))
    add(builder.emit(.lt, [a, b]))
    emitOperations(random(4...14))
    if chance(50) { emitLoop() }
    if chance(50) { emitIfElse() }
    emitOperations(random(2...8))
    // Store results of each type.
    for slot in 0..<Self.outputs {
      let scalar: ScalarType = [.u32, .i32, .f32, .bool, .u32, .f32][slot]
      var value = pick(scalar)
      if scalar == .bool {
        value = builder.emit(
          .select, [value, builder.constant(UInt32(1)), builder.constant(UInt32(0))])
      } else if scalar != .u32 {
        value = builder.emit(.bitcast, [value], type: .u32)
      }
      let index = builder.emit(
        .add,
        [
          builder.emit(.mul, [gid, builder.constant(UInt32(Self.outputs))]),
          builder.constant(UInt32(slot)),
        ])
      let mask = chance(20) ? pick(.bool) : nil
      builder.store(value, address: address(parameters[3], index), mask: mask)
    }
    builder.returnFromKernel()
  }

  mutating func address(_ base: Value, _ index: Value) -> Value {
    builder.emit(.add, [base, builder.emit(.shl, [index, builder.constant(UInt32(2))])])
  }

  mutating func load(_ base: Value, _ index: Value, mask: Value?) -> Value {
    builder.load(.u32, address: address(base, index), mask: mask)
  }

  mutating func emitOperations(_ count: Int) {
    for _ in 0..<count { emitOperation() }
  }

  mutating func emitOperation() {
    let scalar: ScalarType = [.u32, .i32, .f32, .bool][random(0...3)]
    let roll = random(0...99)
    switch roll {
    case 0..<4: emitUniformLoads()
    case 4..<45: emitArithmetic(scalar)
    case 45..<55:
      let opcode: Opcode = [.eq, .ne, .lt, .le, .gt, .ge][random(0...5)]
      let operand: ScalarType = scalar == .bool ? .u32 : scalar
      add(builder.emit(opcode, [pick(operand), pick(operand)]))
    case 55..<62:
      add(builder.emit(.select, [pick(.bool), pick(scalar), pick(scalar)]))
    case 62..<70: emitConversion()
    case 70..<78:
      let numeric: ScalarType = scalar == .bool ? .u32 : scalar
      let opcode: Opcode = chance(50) ? .rotate : .broadcast
      let amount = chance(50) ? constant(.u32) : parameters[0]
      add(builder.emit(opcode, [pick(numeric), amount]))
    case 78..<85:
      let numeric: ScalarType = scalar == .bool ? .i32 : scalar
      let opcodes: [Opcode] = numeric == .f32 ? [.reduceAdd] : [.reduceAdd, .reduceMin, .reduceMax]
      let opcode = opcodes[random(0...opcodes.count - 1)]
      let operands = chance(50) ? [pick(numeric), pick(.bool)] : [pick(numeric)]
      add(builder.emit(opcode, operands))
    case 85..<90:
      add(builder.emit(chance(50) ? .any : .all, [pick(.bool)]))
    case 90..<92:
      // Every QPU runs the same uniform control flow, so all reach each barrier.
      builder.barrier()
    case 95..<98:
      if chance(35) { emitVectorStore() } else { emitAtomic() }
    case 92..<95 where chance(45): emitVectorLoad()
    case 92..<95:
      let index = builder.emit(.and, [pick(.u32), builder.constant(UInt32(Self.laneCount - 1))])
      let mask = chance(50) ? pick(.bool) : nil
      add(load(chance(50) ? parameters[1] : parameters[2], index, mask: mask))
    default:
      add(builder.emit(.mul24, [pick(.u32), pick(.u32)]))
    }
  }

  mutating func emitArithmetic(_ scalar: ScalarType) {
    let opcodes: [Opcode]
    switch scalar {
    case .bool: opcodes = [.and, .or, .xor, .not]
    case .f32: opcodes = [.add, .sub, .mul, .neg, .abs, .floor, .ceil, .round, .trunc]
    default:
      opcodes =
        [
          .add, .sub, .mul, .div, .rem, .min, .max, .and, .or, .xor, .shl, .shr, .neg, .not, .abs,
        ] + (scalar == .u32 ? [.clz] : [])
    }
    let opcode = opcodes[random(0...opcodes.count - 1)]
    switch opcode.info.category {
    case .unary: add(builder.emit(opcode, [pick(scalar)]))
    case .shift: add(builder.emit(opcode, [pick(scalar), pick(.u32)]))
    default: add(builder.emit(opcode, [pick(scalar), pick(scalar)]))
    }
  }

  /// An atomic on the `atomics` buffer. Each QPU uses only its own 16 words (so the old
  /// values do not depend on how QPUs interleave), and lanes of one QPU often collide, which
  /// tests that the lanes are applied in ascending order.
  mutating func emitAtomic() {
    let opcodes: [Opcode] = [
      .atomicAdd, .atomicSub, .atomicMin, .atomicMax, .atomicAnd, .atomicOr, .atomicXor,
      .atomicExchange, .atomicCompareExchange,
    ]
    let opcode = opcodes[random(0...opcodes.count - 1)]
    let scalar: ScalarType =
      opcode == .atomicExchange ? [.u32, .i32, .f32][random(0...2)] : chance(50) ? .u32 : .i32
    let slot = builder.emit(.and, [pick(.u32), builder.constant(UInt32(chance(50) ? 1 : 15))])
    let base = builder.emit(.mul, [builder.emit(.qpu, []), builder.constant(UInt32(16))])
    var operands = [address(parameters[4], builder.emit(.add, [base, slot]))]
    for _ in 0..<opcode.atomicDataCount {
      // Values near the memory's (small) contents, so compare-exchange sometimes swaps.
      operands.append(chance(50) ? pick(scalar) : constantNearZero(scalar))
    }
    if chance(40) { operands.append(pick(.bool)) }
    add(builder.emit(opcode, operands))
  }

  /// A run of loads at a uniform index from a read-only buffer, mostly of consecutive
  /// words (the backend reads them from the second uniform stream), sometimes skipping a
  /// word or switching buffers (a new stream), with other operations (barriers among
  /// them) in between.
  mutating func emitUniformLoads() {
    let start = chance(50) ? parameters[0] : constant(.u32)
    var index = builder.emit(.and, [start, builder.constant(UInt32(15))])
    var base = chance(50) ? parameters[1] : parameters[2]
    for _ in 0..<random(1...6) {
      add(load(base, index, mask: nil))
      if chance(25) { emitOperation() }
      if chance(10) { base = base == parameters[1] ? parameters[2] : parameters[1] }
      let step = UInt32(chance(85) ? 1 : 2)
      index = builder.emit(.add, [index, builder.constant(step)])
    }
  }

  /// A vector load (`vec2` or `vec4`, sometimes masked) of `in0` or `in1` at a random
  /// vector index; some of its words are never used (so optimised code drops them and the
  /// backend pops them into scratch registers).
  mutating func emitVectorLoad() {
    let width = chance(50) ? 2 : 4
    let vectors = UInt32(Self.laneCount / width)
    let index = builder.emit(.and, [pick(.u32), builder.constant(vectors - 1)])
    let shift = builder.constant(UInt32(width == 2 ? 3 : 4))
    let base = chance(50) ? parameters[1] : parameters[2]
    let address = builder.emit(.add, [base, builder.emit(.shl, [index, shift])])
    let mask = chance(40) ? pick(.bool) : nil
    let scalar: ScalarType = chance(50) ? .u32 : .i32
    for word in builder.vectorLoad(scalar, width: width, address: address, mask: mask)
    where chance(75) {
      add(word)
    }
  }

  /// A vector store (`vec2` or `vec4`, sometimes masked) into the QPU's own 16 words of
  /// `atomics` (lanes of one QPU often collide: the later lane's words win in both the
  /// interpreter and the TMU, which store element by element and lane by lane).
  mutating func emitVectorStore() {
    let width = chance(50) ? 2 : 4
    let slot = builder.emit(.and, [pick(.u32), builder.constant(UInt32(16 / width - 1))])
    let shift = builder.constant(UInt32(width == 2 ? 3 : 4))
    let base = builder.emit(.mul, [builder.emit(.qpu, []), builder.constant(UInt32(64))])
    let offset = builder.emit(.add, [base, builder.emit(.shl, [slot, shift])])
    let address = builder.emit(.add, [parameters[4], offset])
    let mask = chance(40) ? pick(.bool) : nil
    let values = (0..<width).map { _ in pick([.u32, .i32, .f32][random(0...2)]) }
    builder.vectorStore(values, address: address, mask: mask)
  }

  mutating func constantNearZero(_ scalar: ScalarType) -> Value {
    let value = UInt32(random(0...3))
    switch scalar {
    case .f32: return builder.constant(Float(value))
    case .i32: return builder.constant(Int32(value) - 1)
    default: return builder.constant(value)
    }
  }

  mutating func emitConversion() {
    let pairs: [(ScalarType, ScalarType, Opcode)] = [
      (.i32, .f32, .convert), (.u32, .f32, .convert), (.f32, .i32, .convert),
      (.f32, .u32, .convert), (.u32, .i32, .bitcast), (.i32, .u32, .convert),
      (.f32, .u32, .bitcast),
    ]
    let (from, to, opcode) = pairs[random(0...pairs.count - 1)]
    add(builder.emit(opcode, [pick(from)], type: to))
  }

  /// `for (i = 0; i < k % 5; i++) { carried values updated }` with a uniform counter; in
  /// half the loops the carried u32 chases pointers through `in0`.
  mutating func emitLoop() {
    let carriedTypes: [ScalarType] = [.u32, .f32, .i32]
    let initial = carriedTypes.map { pick($0) }
    let (header, values) = builder.makeBlock(
      parameterTypes: [.uniform(.u32)]
        + initial.map { IRType(builder.function.type(of: $0).scalar, .varying) })
    let (body, _) = builder.makeBlock()
    let (exit, _) = builder.makeBlock()
    let limit = builder.emit(.rem, [parameters[0], builder.constant(UInt32(5))])
    builder.branch(to: header, [builder.constant(UInt32(0))] + initial)
    builder.position(at: header)
    let saved = pool
    let more = builder.emit(.lt, [values[0], limit])
    builder.branch(if: more, then: BlockTarget(body), else: BlockTarget(exit))
    builder.position(at: body)
    for value in values { add(value) }
    emitOperations(random(2...6))
    var updated = carriedTypes.map { pick($0) }
    if chance(50) {
      // Pointer chasing: the carried u32 becomes the word it points at, so the compiler's
      // automatic choice switches threads on this load (docs/backend.md §7b).
      let index = builder.emit(.and, [values[1], builder.constant(UInt32(Self.laneCount - 1))])
      updated[0] = load(parameters[1], index, mask: nil)
    }
    let next = builder.emit(.add, [values[0], builder.constant(UInt32(1))])
    builder.branch(to: header, [next] + updated)
    builder.position(at: exit)
    pool = saved
    for value in values { add(value) }
  }

  /// `if (uniform condition) { ... } else { ... }` joining one value of each type.
  mutating func emitIfElse() {
    let condition = builder.emit(
      .lt,
      [
        builder.emit(.and, [parameters[0], builder.constant(UInt32(7))]),
        builder.constant(UInt32(4)),
      ])
    let types: [ScalarType] = [.u32, .f32]
    let (thenBlock, _) = builder.makeBlock()
    let (elseBlock, _) = builder.makeBlock()
    let (join, joined) = builder.makeBlock(parameterTypes: types.map { .varying($0) })
    builder.branch(if: condition, then: BlockTarget(thenBlock), else: BlockTarget(elseBlock))
    let saved = pool
    for block in [thenBlock, elseBlock] {
      builder.position(at: block)
      pool = saved
      emitOperations(random(1...5))
      builder.branch(to: join, types.map { pick($0) })
    }
    pool = saved
    builder.position(at: join)
    for value in joined { add(value) }
  }
}
