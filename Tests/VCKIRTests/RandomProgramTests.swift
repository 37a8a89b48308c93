import Testing
import VCKIR

/// A small deterministic random number generator (SplitMix64).
struct SplitMix {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
  mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
}

/// Random kernels in the shape lowering produces: a varying grid-stride loop, random
/// integer and float arithmetic, masked selects, lane operations, an inner uniform loop
/// with loads at affine addresses, and stores.
enum RandomKernels {
  static let integerOpcodes: [Opcode] = [
    .add, .sub, .mul, .div, .rem, .min, .max, .and, .or, .xor, .shl, .shr, .mul24,
  ]

  static func make(seed: UInt64) -> Function {
    var random = SplitMix(state: seed)
    var builder = IRBuilder(
      name: "random\(seed)",
      parameters: [
        Parameter(name: "n", kind: .scalar(.u32)), Parameter(name: "k", kind: .scalar(.u32)),
        Parameter(name: "src", kind: .buffer(element: .u32)),
        Parameter(name: "dst", kind: .buffer(element: .u32)),
      ])
    let (n, k, src, dst) = (
      builder.parameterValues[0], builder.parameterValues[1], builder.parameterValues[2],
      builder.parameterValues[3]
    )
    let (gid, gsize) = KernelFixtures.globalIndex(&builder)
    let seedConstant = builder.constant(UInt32(truncatingIfNeeded: random.next()))
    _ = KernelFixtures.varyingFor(&builder, from: gid, to: n, step: gsize) {
      builder, i, mask, _ in
      var pool: [Value] = [i, k, n, seedConstant, builder.constant(UInt32(random.below(40)))]
      pool.append(
        builder.load(.u32, address: KernelFixtures.address(&builder, src, i), mask: mask))
      func operand(_ builder: inout IRBuilder) -> Value { random.pick(pool) }
      for _ in 0..<(4 + random.below(10)) {
        let choice = random.below(10)
        if choice < 6 {
          let opcode = random.pick(integerOpcodes)
          pool.append(builder.emit(opcode, [operand(&builder), operand(&builder)]))
        } else if choice == 6 {
          let condition = builder.emit(
            random.pick([.lt, .eq, .ne, .ge]), [operand(&builder), operand(&builder)])
          let both = builder.emit(.and, [mask, condition])
          pool.append(builder.emit(.select, [both, operand(&builder), operand(&builder)]))
        } else if choice == 7 {
          let amount = builder.constant(UInt32(random.below(20)))
          pool.append(
            builder.emit(random.pick([.rotate, .broadcast]), [operand(&builder), amount]))
        } else if choice == 8 {
          let asFloat = builder.emit(.convert, [operand(&builder)], type: .f32)
          let scaled = builder.emit(.mul, [asFloat, builder.constant(Float(0.5))])
          let rounded = builder.emit(random.pick([.floor, .round, .trunc, .ceil]), [scaled])
          pool.append(builder.emit(.convert, [rounded], type: .u32))
        } else {
          pool.append(builder.emit(.reduceAdd, [operand(&builder), mask]))
        }
      }
      // An inner uniform loop: for j in 0 ..< (k & 3) { acc += src[(i + j * 3) % n] }.
      let zero = builder.constant(UInt32(0))
      let tripCount = builder.emit(.and, [k, builder.constant(UInt32(3))])
      let (header, parameters) = builder.makeBlock(
        parameterTypes: [.uniform(.u32), .varying(.u32)])
      let (body, _) = builder.makeBlock()
      let (exit, _) = builder.makeBlock()
      builder.branch(to: header, [zero, random.pick(pool)])
      builder.position(at: header)
      builder.branch(
        if: builder.emit(.lt, [parameters[0], tripCount]), then: BlockTarget(body),
        else: BlockTarget(exit))
      builder.position(at: body)
      let offset = builder.emit(.mul, [parameters[0], builder.constant(UInt32(3))])
      let index = builder.emit(.rem, [builder.emit(.add, [i, offset]), n])
      let loaded = builder.load(
        .u32, address: KernelFixtures.address(&builder, src, index), mask: mask)
      let accumulated = builder.emit(.add, [parameters[1], loaded])
      let next = builder.emit(.add, [parameters[0], builder.constant(UInt32(1))])
      builder.branch(to: header, [next, accumulated])
      builder.position(at: exit)
      pool.append(parameters[1])
      // Every value feeds the stored result, so no random computation is dead.
      var result = pool[0]
      for (position, value) in pool.enumerated().dropFirst() {
        result = builder.emit(position % 2 == 0 ? .xor : .add, [result, value])
      }
      builder.store(result, address: KernelFixtures.address(&builder, dst, i), mask: mask)
      return []
    }
    builder.returnFromKernel()
    return builder.function
  }
}

@Suite struct RandomProgramTests {
  static let passes: [any FunctionPass] = [
    Simplify(), CommonSubexpressionElimination(), DeadCodeElimination(), SimplifyCFG(),
    LoopInvariantCodeMotion(), StrengthReduction(), RemoveTrivialParameters(),
    ExpandIntegerArithmetic(), IfConversion(),
  ]

  func run(_ function: Function, n: UInt32, k: UInt32) throws -> [[UInt32]] {
    var buffers: [[UInt32]] = [
      (0..<Int(n)).map { UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) },
      [UInt32](repeating: 0, count: Int(n)),
    ]
    try Interpreter(function: function, qpuCount: 2).run(
      arguments: [.u32(n), .u32(k), .buffer(0), .buffer(1)], buffers: &buffers)
    return buffers
  }

  /// Every pass alone, and the whole -O2 pipeline, keep every random kernel's results.
  @Test(arguments: 0..<60)
  func passesPreserveMeaning(seed: Int) throws {
    let function = RandomKernels.make(seed: UInt64(seed))
    try Verifier.verify(function)
    let n = UInt32(20 + seed % 30)
    let k = UInt32(seed % 7)
    let expected = try run(function, n: n, k: k)
    for pass in Self.passes {
      var transformed = function
      pass.run(on: &transformed)
      #expect(Verifier.check(transformed) == [], "\(pass.name), seed \(seed)")
      #expect(try run(transformed, n: n, k: k) == expected, "\(pass.name), seed \(seed)")
    }
    var optimised = function
    try PassManager.pipeline(for: .full).run(on: &optimised)
    #expect(try run(optimised, n: n, k: k) == expected, "-O2, seed \(seed)")
  }
}
