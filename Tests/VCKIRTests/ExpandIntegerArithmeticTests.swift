import Testing
import VCKIR

@Suite struct ExpandIntegerArithmeticTests {
  static let edgeValues: [UInt32] = [
    0, 1, 2, 3, 7, 10, 0xFFFF, 0x1_0000, 0xFF_FFFF, 0x100_0000, 0x7FFF_FFFF, 0x8000_0000,
    0x8000_0001, 0xFFFF_FFFE, 0xFFFF_FFFF, 123_456_789, 0xDEAD_BEEF, 65_537,
  ]

  /// out[j] = a[j] op b[j] for every opcode, on `scalar`, by the interpreter before and
  /// after expansion; both must agree with each other and with `LaneSemantics`.
  @Test(arguments: [ScalarType.u32, .i32])
  func expansionMatchesTheOperation(scalar: ScalarType) throws {
    let opcodes: [Opcode] = [.mul, .div, .rem]
    var builder = IRBuilder(
      name: "ops",
      parameters: [
        Parameter(name: "a", kind: .buffer(element: scalar)),
        Parameter(name: "b", kind: .buffer(element: scalar)),
        Parameter(name: "out", kind: .buffer(element: scalar)),
      ])
    let (a, b, out) = (
      builder.parameterValues[0], builder.parameterValues[1], builder.parameterValues[2]
    )
    let (gid, _) = KernelFixtures.globalIndex(&builder)
    let x = builder.load(scalar, address: KernelFixtures.address(&builder, a, gid))
    let y = builder.load(scalar, address: KernelFixtures.address(&builder, b, gid))
    for (index, opcode) in opcodes.enumerated() {
      let value = builder.emit(opcode, [x, y])
      let slot = builder.emit(
        .add,
        [
          builder.emit(.mul, [gid, builder.constant(UInt32(opcodes.count))]),
          builder.constant(UInt32(index)),
        ])
      builder.store(value, address: KernelFixtures.address(&builder, out, slot))
    }
    builder.returnFromKernel()
    let original = builder.function
    var expanded = original
    ExpandIntegerArithmetic().run(on: &expanded)
    try Verifier.verify(expanded)
    let remaining = expanded.blocks.flatMap(\.instructions).map(\.opcode)
    #expect(!remaining.contains(.div) && !remaining.contains(.rem))
    #expect(
      !expanded.blocks.flatMap(\.instructions).contains {
        $0.opcode == .mul && $0.type.scalar.isInteger
      })

    let pairs = Self.edgeValues.flatMap { x in Self.edgeValues.map { (x, $0) } }
    let lanes = 16 * 2
    for start in stride(from: 0, to: pairs.count, by: lanes) {
      let chunk = Array(pairs[start..<min(start + lanes, pairs.count)])
      let padded = chunk + Array(repeating: (UInt32(5), UInt32(3)), count: lanes - chunk.count)
      let inputs = [padded.map(\.0), padded.map(\.1), [UInt32](repeating: 0, count: lanes * 3)]
      var before = inputs
      var after = inputs
      try Interpreter(function: original, qpuCount: 2).run(
        arguments: [.buffer(0), .buffer(1), .buffer(2)], buffers: &before)
      try Interpreter(function: expanded, qpuCount: 2).run(
        arguments: [.buffer(0), .buffer(1), .buffer(2)], buffers: &after)
      #expect(before[2] == after[2])
      for (lane, (x, y)) in padded.enumerated() {
        for (index, opcode) in opcodes.enumerated() {
          let expected = LaneSemantics.evaluate(
            opcode, operandType: scalar, resultType: scalar, x, y)
          #expect(after[2][lane * 3 + index] == expected, "\(x) \(opcode) \(y)")
        }
      }
    }
  }

  @Test func smallOperandsUseOneMul24() throws {
    var builder = IRBuilder(
      name: "small", parameters: [Parameter(name: "out", kind: .buffer(element: .u32))])
    let lane = builder.emit(.lane, [])
    let masked = builder.emit(.and, [builder.emit(.qpu, []), builder.constant(UInt32(0xFFF))])
    let product = builder.emit(.mul, [lane, masked])
    builder.store(product, address: builder.parameterValues[0])
    builder.returnFromKernel()
    var function = builder.function
    ExpandIntegerArithmetic().run(on: &function)
    let opcodes = function.blocks.flatMap(\.instructions).map(\.opcode)
    #expect(opcodes.filter { $0 == .mul24 }.count == 1)
    #expect(!opcodes.contains(.mul))
  }
}
