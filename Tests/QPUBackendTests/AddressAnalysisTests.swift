import Testing
import VCKIR

@testable import QPUBackend

/// The address analysis shared by the aliasing rule and the uniform stream: each address's
/// buffer, the written and read-only buffers, and linear forms.
struct AddressAnalysisTests {
  static let parameters = [
    Parameter(name: "n", kind: .scalar(.u32)), Parameter(name: "x", kind: .buffer(element: .u32)),
    Parameter(name: "y", kind: .buffer(element: .u32)),
    Parameter(name: "counts", kind: .buffer(element: .u32)),
  ]

  /// `base + 4·index`.
  static func element(_ builder: inout IRBuilder, _ base: Value, _ index: Value) -> Value {
    builder.emit(.add, [base, builder.emit(.shl, [index, builder.constant(UInt32(2))])])
  }

  @Test func buffersFollowIntegerArithmeticSelectsAndBlockParameters() {
    var builder = IRBuilder(name: "bases", parameters: Self.parameters)
    let p = builder.parameterValues
    let (n, x, y, counts) = (p[0], p[1], p[2], p[3])
    let xAt = Self.element(&builder, x, n)
    let xBack = builder.emit(.sub, [xAt, builder.constant(UInt32(8))])
    let word = builder.load(.u32, address: xBack)
    // A loaded word and an atomic's old value are integers: offsets, not pointers.
    let yAt = Self.element(&builder, y, word)
    let old = builder.emit(.atomicAdd, [counts, builder.constant(UInt32(1))])
    let countsAt = Self.element(&builder, counts, old)
    let pointerSum = builder.emit(.add, [x, y])
    let scaled = builder.emit(.mul, [x, builder.constant(UInt32(2))])
    let integerOnly = Self.element(&builder, n, n)
    let condition = builder.emit(.lt, [n, builder.constant(UInt32(4))])
    let agreeing = builder.emit(.select, [condition, xAt, xBack])
    let disagreeing = builder.emit(.select, [condition, xAt, yAt])
    let (loop, loopParameters) = builder.makeBlock(parameterTypes: [IRType(.u32, .uniform)])
    let (exit, _) = builder.makeBlock()
    builder.branch(to: loop, [x])
    builder.position(at: loop)
    let cursor = loopParameters[0]
    let advanced = builder.emit(.add, [cursor, builder.constant(UInt32(4))])
    builder.store(word, address: yAt)
    builder.branch(
      if: condition, then: BlockTarget(loop, [advanced]), else: BlockTarget(exit, []))
    builder.position(at: exit)
    builder.returnFromKernel()
    let addresses = AddressAnalysis(builder.function)

    #expect(addresses.buffer(of: x) == 1)
    #expect(addresses.buffer(of: xAt) == 1)
    #expect(addresses.buffer(of: xBack) == 1)
    #expect(addresses.buffer(of: yAt) == 2)
    #expect(addresses.buffer(of: countsAt) == 3)
    #expect(addresses.buffer(of: agreeing) == 1)
    #expect(addresses.buffer(of: cursor) == 1)
    #expect(addresses.buffer(of: advanced) == 1)
    for unknown in [word, old, pointerSum, scaled, integerOnly, disagreeing, n] {
      #expect(addresses.buffer(of: unknown) == nil, "\(unknown)")
    }
    // The store goes to y and the atomic to counts: x alone is never written.
    #expect(addresses.writtenBuffers == [2, 3])
    #expect(addresses.readOnlyBuffers == [1])
  }

  /// A store whose buffer is not known may write every buffer: none is read-only.
  @Test func aStoreThroughAnUnknownAddressWritesEveryBuffer() {
    var builder = IRBuilder(name: "unknown", parameters: Self.parameters)
    let p = builder.parameterValues
    let condition = builder.emit(.lt, [p[0], builder.constant(UInt32(4))])
    let either = builder.emit(.select, [condition, p[1], p[2]])
    builder.store(p[0], address: either)
    builder.returnFromKernel()
    let addresses = AddressAnalysis(builder.function)
    #expect(addresses.buffer(of: either) == nil)
    #expect(addresses.writtenBuffers == [1, 2, 3])
    #expect(addresses.readOnlyBuffers.isEmpty)
  }

  @Test func linearFormsShowConstantDistances() {
    var builder = IRBuilder(name: "linear", parameters: Self.parameters)
    let p = builder.parameterValues
    let (n, x) = (p[0], p[1])
    let base = Self.element(&builder, x, n)  // x + 4n
    let next = Self.element(&builder, x, builder.emit(.add, [n, builder.constant(UInt32(1))]))
    let times12 = builder.emit(.mul, [builder.constant(UInt32(12)), n])
    let difference = builder.emit(
      .sub, [times12, builder.emit(.shl, [n, builder.constant(UInt32(3))])])
    let viaProduct = builder.emit(.add, [x, difference])  // x + 12n − 8n
    let masked = builder.emit(.and, [n, builder.constant(UInt32(3))])
    builder.returnFromKernel()
    let addresses = AddressAnalysis(builder.function)

    let form = addresses.linearForm(of: base)
    #expect(form == LinearAddress(terms: [x: 1, n: 4]))
    #expect(addresses.linearForm(of: next) == form.advanced(by: 4))
    #expect(addresses.linearForm(of: viaProduct) == form)
    // Other operations are terms of their own.
    #expect(addresses.linearForm(of: masked) == LinearAddress(terms: [masked: 1]))
    // Subtraction wraps modulo 2^32.
    let negative = addresses.linearForm(of: difference).scaled(by: UInt32.max)
    #expect(negative == LinearAddress(terms: [n: UInt32.max &- 3]))
  }
}
