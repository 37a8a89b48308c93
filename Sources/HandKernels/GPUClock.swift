import QPUISA

/// Spins a counted loop of known length on one QPU, so that the QPU clock
/// follows from the cycle counter (hardware) or the wall time: each iteration
/// is `cyclesPerIteration` instructions of one cycle each.
///
/// Uniforms: iterations.
public enum GPUClock: HandKernel {
  public static let name = "gpu-clock"
  /// Instructions per loop iteration (a sub, a branch and its three delay slots).
  public static let cyclesPerIteration = 5

  public static func program() throws -> [UInt64] {
    var p = ProgramBuilder()
    p.loadUniforms(into: [.r3])
    let loop = p.label("loop")
    p.emit(.sub(.r3, .r3, 1).push(.pushz))
    p.branch(to: loop, if: .anyna)
    p.nop(3)
    p.endProgram()
    return try p.assemble().words
  }
}
