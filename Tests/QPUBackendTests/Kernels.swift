import VCKIR

/// IR kernels built with the builder, in the shape lowering produces (varying loops carry
/// a lane mask; assignments under a mask are selects).
enum Kernels {
  /// `gid = qpu * 16 + lane`, `gsize = qpus * 16`.
  static func globalIndex(_ builder: inout IRBuilder) -> (gid: Value, gsize: Value) {
    let sixteen = builder.constant(UInt32(16))
    let base = builder.emit(.mul, [builder.emit(.qpu, []), sixteen])
    let gid = builder.emit(.add, [base, builder.emit(.lane, [])])
    let gsize = builder.emit(.mul, [builder.emit(.qpus, []), sixteen])
    return (gid, gsize)
  }

  /// Byte address of element `index` of the buffer at `base`.
  static func address(_ builder: inout IRBuilder, _ base: Value, _ index: Value) -> Value {
    let four = builder.constant(UInt32(4))
    return builder.emit(.add, [base, builder.emit(.mul, [index, four])])
  }

  /// `for i in start ..< end step step { body }` as a masked loop with carried values.
  static func varyingFor(
    _ builder: inout IRBuilder, from start: Value, to end: Value, step: Value,
    carried: [Value] = [],
    body: (inout IRBuilder, _ index: Value, _ mask: Value, _ carried: [Value]) -> [Value]
  ) -> [Value] {
    let allLanes = builder.constant(true)
    let carriedTypes = carried.map { IRType(builder.function.type(of: $0).scalar, .varying) }
    let (header, parameters) = builder.makeBlock(
      parameterTypes: [.varying(.u32), .varying(.bool)] + carriedTypes)
    let (bodyBlock, _) = builder.makeBlock()
    let (exit, _) = builder.makeBlock()
    builder.branch(to: header, [start, allLanes] + carried)
    builder.position(at: header)
    let index = parameters[0]
    let inRange = builder.emit(.lt, [index, end])
    let mask = builder.emit(.and, [parameters[1], inRange])
    let anyActive = builder.emit(.any, [mask])
    builder.branch(if: anyActive, then: BlockTarget(bodyBlock), else: BlockTarget(exit))
    builder.position(at: bodyBlock)
    let updated = body(&builder, index, mask, Array(parameters.dropFirst(2)))
    let merged = zip(updated, parameters.dropFirst(2)).map { new, old in
      builder.emit(.select, [mask, new, old])
    }
    let next = builder.emit(.add, [index, step])
    let nextIndex = builder.emit(.select, [mask, next, index])
    builder.branch(to: header, [nextIndex, mask] + merged)
    builder.position(at: exit)
    return Array(parameters.dropFirst(2))
  }

  /// `y[i] = a * x[i] + y[i]`.
  static func saxpy() -> Function {
    var builder = IRBuilder(
      name: "saxpy",
      parameters: [
        Parameter(name: "n", kind: .scalar(.u32)), Parameter(name: "a", kind: .scalar(.f32)),
        Parameter(name: "x", kind: .buffer(element: .f32)),
        Parameter(name: "y", kind: .buffer(element: .f32)),
      ])
    let p = builder.parameterValues
    let (gid, gsize) = globalIndex(&builder)
    _ = varyingFor(&builder, from: gid, to: p[0], step: gsize) { builder, i, mask, _ in
      let x = builder.load(.f32, address: address(&builder, p[2], i), mask: mask)
      let y = builder.load(.f32, address: address(&builder, p[3], i), mask: mask)
      let result = builder.emit(.add, [builder.emit(.mul, [p[1], x]), y])
      builder.store(result, address: address(&builder, p[3], i), mask: mask)
      return []
    }
    builder.returnFromKernel()
    return builder.function
  }

  /// Per-lane sums of `src`, stored to `dst[gid]`, and `total[qpu] = reduce_add(sums)`.
  static func summation() -> Function {
    var builder = IRBuilder(
      name: "summation",
      parameters: [
        Parameter(name: "n", kind: .scalar(.u32)),
        Parameter(name: "src", kind: .buffer(element: .u32)),
        Parameter(name: "dst", kind: .buffer(element: .u32)),
        Parameter(name: "total", kind: .buffer(element: .u32)),
      ])
    let p = builder.parameterValues
    let (gid, gsize) = globalIndex(&builder)
    let zero = builder.constant(UInt32(0))
    let sums = varyingFor(&builder, from: gid, to: p[0], step: gsize, carried: [zero]) {
      builder, i, mask, carried in
      let value = builder.load(.u32, address: address(&builder, p[1], i), mask: mask)
      return [builder.emit(.add, [carried[0], value])]
    }
    builder.store(sums[0], address: address(&builder, p[2], gid))
    let total = builder.emit(.reduceAdd, [sums[0]])
    builder.store(total, address: address(&builder, p[3], builder.emit(.qpu, [])))
    builder.returnFromKernel()
    return builder.function
  }

  /// One unary or binary operation per lane: `out[gid] = op(a[gid], b[gid])`, operands of
  /// `scalar` type, result converted to its bits.
  static func elementwise(_ opcode: Opcode, _ scalar: ScalarType, declared: ScalarType? = nil)
    -> Function
  {
    var builder = IRBuilder(
      name: "elementwise_\(opcode.rawValue)",
      parameters: [
        Parameter(name: "a", kind: .buffer(element: .u32)),
        Parameter(name: "b", kind: .buffer(element: .u32)),
        Parameter(name: "out", kind: .buffer(element: .u32)),
      ])
    let p = builder.parameterValues
    let (gid, _) = globalIndex(&builder)
    let loadScalar: ScalarType = scalar == .bool ? .u32 : scalar
    var a = builder.load(loadScalar, address: address(&builder, p[0], gid))
    var b = builder.load(loadScalar, address: address(&builder, p[1], gid))
    if scalar == .bool {
      let zero = builder.constant(UInt32(0))
      a = builder.emit(.ne, [a, zero])
      b = builder.emit(.ne, [b, zero])
    }
    var result: Value
    switch opcode.info.category {
    case .arithmetic, .bitwise, .shift, .comparison:
      result = builder.emit(opcode, [a, b])
    case .select:
      let condition = builder.emit(.lt, [a, b])
      result = builder.emit(.select, [condition, a, b])
    case .conversion:
      result = builder.emit(opcode, [a], type: declared)
    default:
      result = builder.emit(opcode, [a])
    }
    let resultType = builder.function.type(of: result).scalar
    if resultType == .bool {
      let one = builder.constant(UInt32(1))
      let zero = builder.constant(UInt32(0))
      result = builder.emit(.select, [result, one, zero])
    } else if resultType != .u32 {
      result = builder.emit(.bitcast, [result], type: .u32)
    }
    builder.store(result, address: address(&builder, p[2], gid))
    builder.returnFromKernel()
    return builder.function
  }
}
