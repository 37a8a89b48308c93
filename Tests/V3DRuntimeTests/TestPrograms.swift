import QPUISA

/// Small QPU programs with results the tests compute independently.
enum TestPrograms {
  /// Each batch stores `qpu * 16 + lane` at `base + 4 * (qpu * 16 + lane)`,
  /// where `base` is the first uniform and qpu = (tidx >> 2) & 15.
  static func storeIndices() throws -> [UInt64] {
    var p = ProgramBuilder()
    p.emit(signals: .ldunif)  // r5 = base
    p.emit(.mov(.rf(1), .r5))
    p.emit(.tidx(.r0))
    p.emit(.shr(.r0, .r0, 2))
    p.emit(.and(.r0, .r0, 15))  // r0 = QPU number
    p.emit(.eidx(.r1))  // r1 = lane
    p.emit(.shl(.r2, .r0, 4))
    p.emit(.or(.r2, .r2, .r1))  // r2 = qpu * 16 + lane
    p.emit(.shl(.r3, .r2, 2))
    p.emit(.add(.r3, .r3, .rf(1)))  // r3 = address
    p.emit(.mov(.tmud, .r2))
    p.emit(.mov(.tmua, .r3))
    p.emit(.tmuwt)
    p.endProgram()
    return try p.assemble().words
  }

  /// Adds the second uniform to each of 16 words at the first uniform
  /// (one batch): load, add, store.
  static func addConstant() throws -> [UInt64] {
    var p = ProgramBuilder()
    p.emit(signals: .ldunif)
    p.emit(.mov(.rf(1), .r5), signals: .ldunif)  // rf1 = address, r5 = constant
    p.emit(.mov(.rf(2), .r5))
    p.emit(.eidx(.r0))
    p.emit(.shl(.r0, .r0, 2))
    p.emit(.add(.rf(3), .rf(1), .r0))
    p.emit(.mov(.tmua, .rf(3)), signals: .thrsw)
    p.nop(2)
    p.emit(signals: .ldtmu, to: .r1)
    p.emit(.add(.tmud, .r1, .rf(2)))
    p.emit(.mov(.tmua, .rf(3)))
    p.emit(.tmuwt)
    p.endProgram()
    return try p.assemble().words
  }

  /// Loops forever.
  static func spin() throws -> [UInt64] {
    var p = ProgramBuilder()
    let top = p.label("top")
    p.branch(to: top)
    p.nop(3)
    p.endProgram()
    return try p.assemble().words
  }

  /// Stores to the address in the first uniform without adding the lane
  /// offset checks: used with a wild address to fault.
  static func storeToUniformAddress() throws -> [UInt64] {
    var p = ProgramBuilder()
    p.emit(signals: .ldunif)
    p.emit(.mov(.tmud, .r5))
    p.emit(.mov(.tmua, .r5))
    p.emit(.tmuwt)
    p.endProgram()
    return try p.assemble().words
  }
}
