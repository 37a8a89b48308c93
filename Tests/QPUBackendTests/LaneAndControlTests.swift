import Testing
import VCKIR

@testable import QPUBackend

/// Cross-lane operations, masks, barriers and control flow on the emulator against the
/// interpreter.
@Suite struct LaneAndControlTests {
  /// `out[gid] = f(in[gid], amount)` where f is built by `body`.
  static func laneKernel(
    _ name: String,
    body: (inout IRBuilder, _ value: Value, _ amount: Value) -> Value
  ) -> Function {
    var builder = IRBuilder(
      name: name,
      parameters: [
        Parameter(name: "amount", kind: .scalar(.u32)),
        Parameter(name: "in", kind: .buffer(element: .u32)),
        Parameter(name: "out", kind: .buffer(element: .u32)),
      ])
    let p = builder.parameterValues
    let (gid, _) = Kernels.globalIndex(&builder)
    let value = builder.load(.u32, address: Kernels.address(&builder, p[1], gid))
    let result = body(&builder, value, p[0])
    builder.store(result, address: Kernels.address(&builder, p[2], gid))
    builder.returnFromKernel()
    return builder.function
  }

  static let input = (0..<32).map { UInt32($0 * 7919 % 1000) &* 3 }

  func check(_ function: Function, amount: UInt32, input: [UInt32] = Self.input) throws {
    for scheduling in BackendOptions.Scheduling.allCases {
      let run = try EmulatorHarness.run(
        function, arguments: [.u32(amount), .buffer(0), .buffer(1)],
        buffers: [input, [UInt32](repeating: 0, count: 32)], qpus: 2,
        options: BackendOptions(scheduling: scheduling))
      #expect(run.emulated == run.interpreted, "\(function.name) amount \(amount) \(scheduling)")
    }
  }

  @Test(arguments: [0, 1, 5, 15, 16, 21] as [UInt32])
  func rotateAndBroadcast(amount: UInt32) throws {
    try check(
      Self.laneKernel("rotate") { b, v, k in b.emit(.rotate, [v, k]) }, amount: amount)
    try check(
      Self.laneKernel("broadcast") { b, v, k in b.emit(.broadcast, [v, k]) }, amount: amount)
    let constant = amount
    try check(
      Self.laneKernel("rotate_constant") { b, v, _ in
        b.emit(.rotate, [v, b.constant(constant)])
      }, amount: 0)
    try check(
      Self.laneKernel("broadcast_constant") { b, v, _ in
        b.emit(.broadcast, [v, b.constant(constant)])
      }, amount: 0)
  }

  @Test(arguments: [Opcode.reduceAdd, .reduceMin, .reduceMax])
  func reductions(_ opcode: Opcode) throws {
    try check(
      Self.laneKernel("reduce") { b, v, _ in b.emit(opcode, [v]) }, amount: 0)
    try check(
      Self.laneKernel("reduce_masked") { b, v, k in
        let mask = b.emit(.lt, [v, k])
        return b.emit(opcode, [v, mask])
      }, amount: 1500)
    try check(
      Self.laneKernel("reduce_float") { b, v, k in
        let asFloat = b.emit(.convert, [v], type: .f32)
        let scaled = b.emit(.mul, [asFloat, b.constant(Float(0.37))])
        let mask = b.emit(.lt, [v, k])
        return b.emit(.bitcast, [b.emit(opcode, [scaled, mask])], type: .u32)
      }, amount: 2000)
  }

  @Test func votes() throws {
    for opcode in [Opcode.any, .all] {
      let kernel = Self.laneKernel("vote") { b, v, k in
        let vote = b.emit(opcode, [b.emit(.lt, [v, k])])
        return b.emit(.select, [vote, b.constant(UInt32(7)), b.constant(UInt32(9))])
      }
      for amount: UInt32 in [0, 10, 1000, 5000] { try check(kernel, amount: amount) }
    }
  }

  /// A uniform loop (branch on a uniform condition) with a data-dependent varying update.
  @Test func uniformLoop() throws {
    let kernel = Self.laneKernel("loop") { b, v, k in
      let (header, parameters) = b.makeBlock(parameterTypes: [.uniform(.u32), .varying(.u32)])
      let (body, _) = b.makeBlock()
      let (exit, _) = b.makeBlock()
      b.branch(to: header, [b.constant(UInt32(0)), v])
      b.position(at: header)
      let more = b.emit(.lt, [parameters[0], k])
      b.branch(if: more, then: BlockTarget(body), else: BlockTarget(exit))
      b.position(at: body)
      let odd = b.emit(.and, [parameters[1], b.constant(UInt32(1))])
      let isOdd = b.emit(.ne, [odd, b.constant(UInt32(0))])
      let tripled = b.emit(
        .add, [b.emit(.mul, [parameters[1], b.constant(UInt32(3))]), b.constant(UInt32(1))])
      let halved = b.emit(.shr, [parameters[1], b.constant(UInt32(1))])
      let next = b.emit(.select, [isOdd, tripled, halved])
      b.branch(to: header, [b.emit(.add, [parameters[0], b.constant(UInt32(1))]), next])
      b.position(at: exit)
      return parameters[1]
    }
    for amount: UInt32 in [0, 1, 9] { try check(kernel, amount: amount) }
  }

  /// Each QPU writes, waits at a barrier, then reads what the other QPU wrote.
  @Test func barrierExchangesData() throws {
    var builder = IRBuilder(
      name: "exchange",
      parameters: [Parameter(name: "buffer", kind: .buffer(element: .u32))])
    let buffer = builder.parameterValues[0]
    let (gid, gsize) = Kernels.globalIndex(&builder)
    let value = builder.emit(.add, [builder.emit(.mul, [gid, gid]), builder.constant(UInt32(11))])
    builder.store(value, address: Kernels.address(&builder, buffer, gid))
    builder.barrier()
    let partner = builder.emit(
      .rem, [builder.emit(.add, [gid, builder.constant(UInt32(16))]), gsize])
    let seen = builder.load(.u32, address: Kernels.address(&builder, buffer, partner))
    let target = builder.emit(.add, [gid, gsize])
    builder.store(seen, address: Kernels.address(&builder, buffer, target))
    builder.returnFromKernel()
    for scheduling in BackendOptions.Scheduling.allCases {
      let run = try EmulatorHarness.run(
        builder.function, arguments: [.buffer(0)], buffers: [[UInt32](repeating: 0, count: 64)],
        qpus: 2, options: BackendOptions(scheduling: scheduling))
      #expect(run.emulated == run.interpreted)
      #expect(run.kernel.usesBarriers)
    }
  }
}
