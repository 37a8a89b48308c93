import VCKIR

/// Kernels built directly with the builder, in the shape lowering produces (varying
/// loops carry a lane mask; assignments under a mask are selects).
enum KernelFixtures {
  /// `gid()` and `gsize()` as lowering computes them.
  static func globalIndex(_ builder: inout IRBuilder) -> (gid: Value, gsize: Value) {
    let sixteen = builder.constant(UInt32(16))
    let qpuBase = builder.emit(.mul, [builder.emit(.qpu, []), sixteen])
    let gid = builder.emit(.add, [qpuBase, builder.emit(.lane, [])])
    let gsize = builder.emit(.mul, [builder.emit(.qpus, []), sixteen])
    return (gid, gsize)
  }

  /// Emits `for i in start ..< end step step { body(i, mask) }` as a masked loop.
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

  /// Byte address of element `index` of the buffer at `base`.
  static func address(_ builder: inout IRBuilder, _ base: Value, _ index: Value) -> Value {
    let four = builder.constant(UInt32(4))
    return builder.emit(.add, [base, builder.emit(.mul, [index, four])])
  }

  /// `y[i] = a * x[i] + y[i]` for `i in gid() ..< n step gsize()`.
  static func saxpy() -> Function {
    var builder = IRBuilder(
      name: "saxpy",
      parameters: [
        Parameter(name: "n", kind: .scalar(.u32)), Parameter(name: "a", kind: .scalar(.f32)),
        Parameter(name: "x", kind: .buffer(element: .f32)),
        Parameter(name: "y", kind: .buffer(element: .f32)),
      ])
    let (n, a, x, y) = (
      builder.parameterValues[0], builder.parameterValues[1], builder.parameterValues[2],
      builder.parameterValues[3]
    )
    let (gid, gsize) = globalIndex(&builder)
    _ = varyingFor(&builder, from: gid, to: n, step: gsize) { builder, i, mask, _ in
      let xv = builder.load(.f32, address: address(&builder, x, i), mask: mask)
      let yv = builder.load(.f32, address: address(&builder, y, i), mask: mask)
      let result = builder.emit(.add, [builder.emit(.mul, [a, xv]), yv])
      builder.store(result, address: address(&builder, y, i), mask: mask)
      return []
    }
    builder.returnFromKernel()
    return builder.function
  }

  /// Each lane sums `src[i]` over its indices, then lane sums are reduced per QPU:
  /// `dst[gid()] = acc`, `total[qpu()] = reduce_add(acc)`.
  static func summation() -> Function {
    var builder = IRBuilder(
      name: "summation",
      parameters: [
        Parameter(name: "n", kind: .scalar(.u32)),
        Parameter(name: "src", kind: .buffer(element: .u32)),
        Parameter(name: "dst", kind: .buffer(element: .u32)),
        Parameter(name: "total", kind: .buffer(element: .u32)),
      ])
    let parameters = builder.parameterValues
    let (gid, gsize) = globalIndex(&builder)
    let zero = builder.constant(UInt32(0))
    let sums = varyingFor(&builder, from: gid, to: parameters[0], step: gsize, carried: [zero]) {
      builder, i, mask, carried in
      let value = builder.load(.u32, address: address(&builder, parameters[1], i), mask: mask)
      return [builder.emit(.add, [carried[0], value])]
    }
    builder.store(sums[0], address: address(&builder, parameters[2], gid))
    let total = builder.emit(.reduceAdd, [sums[0]])
    builder.store(total, address: address(&builder, parameters[3], builder.emit(.qpu, [])))
    builder.returnFromKernel()
    return builder.function
  }

  /// A varying `while`: `out[gid] = number of Collatz steps of in[gid]` (values ≥ 1).
  static func collatz() -> Function {
    var builder = IRBuilder(
      name: "collatz",
      parameters: [
        Parameter(name: "input", kind: .buffer(element: .u32)),
        Parameter(name: "output", kind: .buffer(element: .u32)),
      ])
    let (input, output) = (builder.parameterValues[0], builder.parameterValues[1])
    let (gid, _) = globalIndex(&builder)
    let start = builder.load(.u32, address: address(&builder, input, gid))
    let zero = builder.constant(UInt32(0))
    let one = builder.constant(UInt32(1))
    let allLanes = builder.constant(true)
    let (header, parameters) = builder.makeBlock(
      parameterTypes: [.varying(.bool), .varying(.u32), .varying(.u32)])
    let (body, _) = builder.makeBlock()
    let (exit, _) = builder.makeBlock()
    builder.branch(to: header, [allLanes, start, zero])
    builder.position(at: header)
    let (mask, value, steps) = (parameters[0], parameters[1], parameters[2])
    let active = builder.emit(.and, [mask, builder.emit(.ne, [value, one])])
    builder.branch(
      if: builder.emit(.any, [active]), then: BlockTarget(body), else: BlockTarget(exit))
    builder.position(at: body)
    // Varying if/else as select: odd → 3v+1, even → v/2.
    let isOdd = builder.emit(.ne, [builder.emit(.and, [value, one]), zero])
    let three = builder.constant(UInt32(3))
    let tripled = builder.emit(.add, [builder.emit(.mul, [value, three]), one])
    let halved = builder.emit(.div, [value, builder.constant(UInt32(2))])
    let next = builder.emit(.select, [isOdd, tripled, halved])
    let newValue = builder.emit(.select, [active, next, value])
    let newSteps = builder.emit(.select, [active, builder.emit(.add, [steps, one]), steps])
    builder.branch(to: header, [active, newValue, newSteps])
    builder.position(at: exit)
    builder.store(steps, address: address(&builder, output, gid))
    builder.returnFromKernel()
    return builder.function
  }

  /// Two phases separated by a barrier: every lane writes `gid`, then reads its
  /// neighbour QPU's slot: `b[gid] = a[(gid + 16) % gsize]`; also exercises
  /// `rotate` and `broadcast`: `c[gid] = rotate(gid, 1) * 100 + broadcast(gid, 3)`.
  static func exchange() -> Function {
    var builder = IRBuilder(
      name: "exchange",
      parameters: [
        Parameter(name: "a", kind: .buffer(element: .u32)),
        Parameter(name: "b", kind: .buffer(element: .u32)),
        Parameter(name: "c", kind: .buffer(element: .u32)),
      ])
    let parameters = builder.parameterValues
    let (gid, gsize) = globalIndex(&builder)
    builder.store(gid, address: address(&builder, parameters[0], gid))
    builder.barrier()
    let neighbour = builder.emit(
      .rem, [builder.emit(.add, [gid, builder.constant(UInt32(16))]), gsize])
    let value = builder.load(.u32, address: address(&builder, parameters[0], neighbour))
    builder.store(value, address: address(&builder, parameters[1], gid))
    let rotated = builder.emit(.rotate, [gid, builder.constant(UInt32(1))])
    let broadcast = builder.emit(.broadcast, [gid, builder.constant(UInt32(3))])
    let mixed = builder.emit(
      .add, [builder.emit(.mul, [rotated, builder.constant(UInt32(100))]), broadcast])
    builder.store(mixed, address: address(&builder, parameters[2], gid))
    builder.returnFromKernel()
    return builder.function
  }
}
