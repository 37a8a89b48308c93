import Testing
import VCKIR

@testable import QPUBackend

/// A small deterministic generator (SplitMix64) for test inputs.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// One test case: an operation on a type.
struct OperationCase: CustomStringConvertible, Sendable {
  var opcode: Opcode
  var scalar: ScalarType
  var declared: ScalarType?
  /// Whether NaN inputs are excluded (fmin/fmax differ from the IR on NaN).
  var avoidNaN = false
  var description: String {
    "\(opcode.rawValue).\(scalar.rawValue)" + (declared.map { "->\($0.rawValue)" } ?? "")
  }
}

/// Every element-wise operation compiled, run on the emulator and compared bit for bit
/// with the IR interpreter, on edge values and random values.
@Suite struct OperationTests {
  static let integerOps: [Opcode] = [
    .add, .sub, .mul, .div, .rem, .min, .max, .and, .or, .xor, .shl, .shr, .eq, .ne, .lt, .le,
    .gt, .ge, .neg, .not, .abs, .select,
  ]
  static let floatOps: [Opcode] = [
    .add, .sub, .mul, .eq, .ne, .lt, .le, .gt, .ge, .neg, .abs, .floor, .ceil, .round, .trunc,
    .select,
  ]
  static let cases: [OperationCase] =
    integerOps.map { OperationCase(opcode: $0, scalar: .u32) }
    + integerOps.filter { $0 != .not }.map { OperationCase(opcode: $0, scalar: .i32) }
    + [OperationCase(opcode: .not, scalar: .i32), OperationCase(opcode: .mul24, scalar: .u32)]
    + floatOps.map { OperationCase(opcode: $0, scalar: .f32) }
    + [
      OperationCase(opcode: .min, scalar: .f32, avoidNaN: true),
      OperationCase(opcode: .max, scalar: .f32, avoidNaN: true),
      OperationCase(opcode: .convert, scalar: .f32, declared: .i32),
      OperationCase(opcode: .convert, scalar: .f32, declared: .u32),
      OperationCase(opcode: .convert, scalar: .i32, declared: .f32),
      OperationCase(opcode: .convert, scalar: .u32, declared: .f32),
      OperationCase(opcode: .convert, scalar: .i32, declared: .u32),
      OperationCase(opcode: .bitcast, scalar: .f32, declared: .u32),
    ]
    + [Opcode.and, .or, .xor, .eq, .ne, .not].map { OperationCase(opcode: $0, scalar: .bool) }

  static func inputs(_ scalar: ScalarType, avoidNaN: Bool, seed: UInt64) -> [UInt32] {
    var generator = SplitMix(seed: seed)
    let edges: [UInt32]
    switch scalar {
    case .f32:
      let values: [Float] = [
        0, -0, 1, -1, 0.5, -2.5, 3.5, 1e30, -1e30, .infinity, -.infinity, .nan, 1e-40,
        .greatestFiniteMagnitude, 2_147_483_648, -2_147_483_904, 4_294_967_296, 7.25,
      ]
      edges = values.filter { !(avoidNaN && $0.isNaN) }.map(\.bitPattern)
    default:
      edges = [0, 1, 2, 3, 0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 16, 31, 32, 0xFFFF_FFFE, 7]
    }
    var values = edges
    while values.count < 32 {
      switch scalar {
      case .f32:
        let magnitude = Float.random(in: -1000...1000, using: &generator)
        values.append(magnitude.bitPattern)
      default:
        let small = UInt32.random(in: 0...40, using: &generator)
        values.append(
          Bool.random(using: &generator)
            ? small : UInt32.random(in: .min ... .max, using: &generator))
      }
    }
    return Array(values.prefix(32))
  }

  @Test(arguments: cases)
  func operationMatchesInterpreter(_ testCase: OperationCase) throws {
    let a = Self.inputs(testCase.scalar, avoidNaN: testCase.avoidNaN, seed: 1)
    var b = Self.inputs(testCase.scalar, avoidNaN: testCase.avoidNaN, seed: 2)
    b.reverse()
    let function = Kernels.elementwise(
      testCase.opcode, testCase.scalar, declared: testCase.declared)
    for scheduling in BackendOptions.Scheduling.allCases {
      let run = try EmulatorHarness.run(
        function, arguments: [.buffer(0), .buffer(1), .buffer(2)],
        buffers: [a, b, [UInt32](repeating: 0xDEAD_BEEF, count: 32)], qpus: 2,
        options: BackendOptions(scheduling: scheduling), optimise: false)
      #expect(run.emulated == run.interpreted, "\(testCase) (\(scheduling))")
      #expect(!run.interpreted[2].contains(0xDEAD_BEEF) || testCase.opcode == .bitcast)
    }
  }

  /// SFU-backed math and float division agree within the documented tolerance.
  @Test(arguments: [Opcode.div, .sqrt, .rsqrt, .recip, .exp2, .log2, .sin, .cos])
  func sfuMathWithinTolerance(_ opcode: Opcode) throws {
    var generator = SplitMix(seed: 7)
    let a = (0..<32).map { _ in Float.random(in: 0.25...8, using: &generator).bitPattern }
    let b = (0..<32).map { _ in Float.random(in: 0.25...8, using: &generator).bitPattern }
    let run = try EmulatorHarness.run(
      Kernels.elementwise(opcode, .f32), arguments: [.buffer(0), .buffer(1), .buffer(2)],
      buffers: [a, b, [UInt32](repeating: 0, count: 32)], qpus: 2, optimise: false)
    for (expected, actual) in zip(run.interpreted[2], run.emulated[2]) {
      let x = Float(bitPattern: expected)
      let y = Float(bitPattern: actual)
      #expect(abs(x - y) <= 1e-4 * max(1, abs(x)), "\(opcode): \(x) vs \(y)")
    }
  }
}
