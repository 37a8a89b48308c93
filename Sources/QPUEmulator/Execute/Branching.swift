import QPUISA

extension Machine {
  /// Executes a branch: evaluates its condition on flag A, records the target
  /// for after the three delay slots, writes the link register and handles
  /// the uniform-stream redirect (semantics.md §10).
  func executeBranch(
    _ thread: HardwareThread, _ ip: UnsafeMutablePointer<DecodedInstruction>,
    _ registers: UnsafeMutablePointer<Lanes>
  ) throws(EmulatorError) {
    let p = thread.state
    let pc = p.pointee.pc
    let flagA = p.pointee.flagA
    let taken: Bool
    switch ip.pointee.branchCondition {
    case 0: taken = true
    case 2: taken = flagA[0] != 0
    case 3: taken = flagA[0] == 0
    case 4: taken = flagA.isAllOnes
    case 5: taken = !flagA.isAllOnes
    case 6: taken = !flagA.isAllZero
    default: taken = flagA.isAllZero
    }
    let oldLink = p.pointee.link
    let target: UInt32
    switch ip.pointee.branchTargetKind {
    case 0: target = ip.pointee.branchTarget
    case 1: target = pc &+ 32 &+ ip.pointee.branchTarget
    case 2: target = oldLink
    default: target = registers[Int(ip.pointee.raddrA)][0]
    }
    if ip.pointee.writesLink { p.pointee.link = pc &+ 32 }
    var redirect: UInt32?
    switch ip.pointee.uniformTargetKind {
    case 1: redirect = try readUniform(thread)
    case 2:
      let offset = try readUniform(thread)
      redirect = p.pointee.uniformAddress &+ offset
    case 3: redirect = oldLink
    case 4: redirect = registers[Int(ip.pointee.uniformRegister)][1]
    default: redirect = nil
    }
    if taken {
      p.pointee.branchTarget = target
      p.pointee.branchCountdown = 4
      if let redirect {
        p.pointee.uniformRedirect = redirect
        p.pointee.hasUniformRedirect = true
      }
    }
  }
}
