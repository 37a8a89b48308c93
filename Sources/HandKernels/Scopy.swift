import QPUISA

/// Copies 32-bit words: each of 8 QPUs loads and stores 16 lanes per loop
/// iteration, QPU q handling the 64-byte blocks q, q + 8, ….
///
/// Uniforms: source address, destination address, iterations (words ÷ 128).
public enum Scopy: HandKernel {
  public static let name = "scopy"
  /// Words copied per iteration of all 8 QPUs together.
  public static let wordsPerIteration = 8 * 16

  public static func program() throws -> [UInt64] {
    var p = ProgramBuilder()
    p.loadUniforms(into: [.rf(0), .rf(2), .r3])  // rf0 = src, rf2 = dst, r3 = iterations
    p.qpuNumber(into: .r0)
    p.emit(.shl(.r0, .r0, 6))
    p.laneByteOffset(into: .r1)
    p.emit(.add(.r0, .r1, .r0))  // r0 = this lane's offset in the first block row
    p.emit(.add(.r1, .r0, .rf(0)))  // r1 = source address
    p.emit(.add(.r2, .r0, .rf(2)))  // r2 = destination address
    p.emit(.mov(.r0, 8))
    p.emit(.shl(.rf(1), .r0, 6))  // rf1 = 512
    let loop = p.label("loop")
    p.emit(.mov(.tmua, .r1), .sub(.r3, .r3, 1).push(.pushz))  // load 16 words
    p.emit(.add(.r1, .r1, .rf(1)))
    p.emit(signals: .ldtmu, to: .r0)  // waits for the data
    p.branch(to: loop, if: .anyna)
    p.emit(.mov(.tmud, .r0))  // delay slots: store them
    p.emit(.mov(.tmua, .r2))
    p.emit(.add(.r2, .r2, .rf(1)))
    p.finish()
    return try p.assemble().words
  }
}
