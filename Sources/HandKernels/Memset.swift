import QPUISA

/// Fills memory with a 32-bit value: each of 8 QPUs stores 16 lanes × 2
/// words per loop iteration, interleaved so QPU q writes the 64-byte blocks
/// q, q + 8, q + 16, ….
///
/// Uniforms: destination address, iterations (words ÷ 256), value.
public enum Memset: HandKernel {
  public static let name = "memset"
  /// Words written per iteration of all 8 QPUs together.
  public static let wordsPerIteration = 8 * 16 * 2

  public static func program() throws -> [UInt64] {
    var p = ProgramBuilder()
    p.loadUniforms(into: [.rf(0), .r3, .r2])  // rf0 = dst, r3 = iterations, r2 = value
    p.qpuNumber(into: .r0)
    p.emit(.shl(.r0, .r0, 6))  // 64 bytes per QPU block
    p.laneByteOffset(into: .r1)
    p.emit(.add(.r1, .r1, .r0))
    p.emit(.add(.r1, .r1, .rf(0)))  // r1 = this lane's first address
    p.emit(.mov(.r0, 8))
    p.emit(.shl(.rf(1), .r0, 6))  // rf1 = 512: one block for each of the 8 QPUs
    let loop = p.label("loop")
    p.emit(.sub(.r3, .r3, 1).push(.pushz), .mov(.tmud, .r2))
    p.emit(.mov(.tmua, .r1))
    p.branch(to: loop, if: .anyna)
    p.emit(.add(.r1, .r1, .rf(1)), .mov(.tmud, .r2))
    p.emit(.mov(.tmua, .r1))
    p.emit(.add(.r1, .r1, .rf(1)))
    p.finish()
    return try p.assemble().words
  }
}
