import QPUISA

/// Spins a counted loop of known length on one QPU, so that the QPU clock
/// follows from the wall time: a QPU issues one instruction every 4 clock
/// cycles (16 lanes on a 4-wide datapath), so each iteration takes
/// `cyclesPerIteration` cycles.
///
/// Uniforms: iterations.
public enum GPUClock: HandKernel {
  public static let name = "gpu-clock"
  /// Instructions per loop iteration: a sub, a branch and its three delay slots.
  public static let instructionsPerIteration = 5
  /// Clock cycles per loop iteration (4 per instruction).
  public static let cyclesPerIteration = 4 * instructionsPerIteration

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
