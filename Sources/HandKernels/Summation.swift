import QPUISA

/// Sums 32-bit unsigned words (modulo 2^32): each of 8 QPUs accumulates 16
/// per-lane sums over the 64-byte blocks q, q + 8, …, two blocks per loop
/// iteration, and stores them; the 128 partial sums add up to the total.
///
/// Uniforms: source address, partial-sums address (128 words), iterations
/// (words ÷ 256).
public enum Summation: HandKernel {
  public static let name = "summation"
  /// Words summed per iteration of all 8 QPUs together.
  public static let wordsPerIteration = 8 * 16 * 2

  public static func program() throws -> [UInt64] {
    var p = ProgramBuilder()
    p.loadUniforms(into: [.rf(0), .rf(2), .r3])  // rf0 = src, rf2 = partial sums, r3 = iterations
    p.qpuNumber(into: .r0)
    p.emit(.shl(.r0, .r0, 6))
    p.laneByteOffset(into: .r1)
    p.emit(.add(.r0, .r1, .r0))
    p.emit(.add(.r1, .r0, .rf(0)))  // r1 = source address
    p.emit(.add(.rf(2), .r0, .rf(2)))  // rf2 = where this lane's sum goes
    p.emit(.mov(.r0, 8))
    p.emit(.shl(.rf(1), .r0, 6))  // rf1 = 512
    p.emit(.mov(.r2, 0))  // r2 = the lane's sum
    let loop = p.label("loop")
    p.emit(.mov(.tmua, .r1), .sub(.r3, .r3, 1).push(.pushz))
    p.emit(.add(.r1, .r1, .rf(1)))
    p.emit(.mov(.tmua, .r1))
    p.emit(.add(.r1, .r1, .rf(1)), signals: .ldtmu, to: .r0)
    p.branch(to: loop, if: .anyna)
    p.emit(.add(.r2, .r2, .r0), signals: .ldtmu, to: .r0)
    p.emit(.add(.r2, .r2, .r0))
    p.nop()
    p.emit(.mov(.tmud, .r2))
    p.emit(.mov(.tmua, .rf(2)))
    p.finish()
    return try p.assemble().words
  }
}
