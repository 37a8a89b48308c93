import Testing
import VCKIR

@testable import QPUBackend

/// The sgemm example loads rows 0…7 of each block of B one pass of its k loop ahead
/// (docs/backend.md §7g): the first block's before the loop, the next block's at the end of
/// each pass, and in the last pass the same block again so that no load passes B's end.
/// Emulator (strict, buffers exactly as large as the matrices) = interpreter, bit for bit,
/// for random shapes: 0 to 3 passes of the blocked loop, remainders of 0 to 15 steps, tile
/// counts that are not multiples of the QPU count, and leading dimensions wider than rows.
@Suite struct SgemmPrefetchTests {
  struct Shape: CustomStringConvertible {
    var p: Int, q: Int, r: Int, lda: Int, ldb: Int, ldc: Int, qpus: Int
    var description: String { "p \(p) q \(q) r \(r) lda \(lda) ldb \(ldb) ldc \(ldc) qpus \(qpus)" }
  }

  /// Shapes from a fixed seed (xorshift), always including 0, 1 and 2 passes.
  static let shapes: [Shape] = {
    var state: UInt64 = 0x5EED_0012
    func next(_ bound: Int) -> Int {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return Int(state % UInt64(bound))
    }
    return (0..<8).map { index in
      let passes = index < 3 ? index : next(4)
      let q = passes * 16 + (index == 1 ? 0 : next(16))
      let p = 16 * (1 + next(3))
      let r = 16 * (1 + next(2))
      return Shape(
        p: p, q: q, r: r, lda: q + next(3), ldb: r + next(5), ldc: r + next(2),
        qpus: 1 + next(3))
    }
  }()

  @Test(arguments: 0..<8)
  func prefetchMatchesTheInterpreter(index: Int) throws {
    let shape = Self.shapes[index]
    let function = try ExampleTests.kernels("sgemm.vck")[0]
    func matrix(_ count: Int, _ seed: Int) -> [UInt32] {
      (0..<count).map { (Float(($0 * seed + 3) % 17) * 0.375 - 2.5).bitPattern }
    }
    let a = matrix(shape.p * shape.lda, 7)
    let b = matrix(shape.q * shape.ldb, 5)
    let c = matrix(shape.p * shape.ldc, 3)
    let arguments: [KernelArgument] = [
      .u32(UInt32(shape.p)), .u32(UInt32(shape.q)), .u32(UInt32(shape.r)), .buffer(0),
      .u32(UInt32(shape.lda)), .buffer(1), .u32(UInt32(shape.ldb)), .buffer(2),
      .u32(UInt32(shape.ldc)), .f32(0.75), .f32(-1.25),
    ]
    let run = try EmulatorHarness.run(
      function, arguments: arguments, buffers: [a, b, c], qpus: shape.qpus, optimise: false)
    #expect(run.emulated == run.interpreted, "\(shape)")
    #expect(run.emulated[2] != c || shape.q == 0, "\(shape): C not updated")
  }
}
