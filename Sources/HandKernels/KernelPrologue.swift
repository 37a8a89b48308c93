import QPUISA

/// Pieces every hand-written kernel starts or ends with.
extension ProgramBuilder {
  /// Loads the next `count` uniforms into `registers` (through r5).
  mutating func loadUniforms(into registers: [Destination]) {
    guard !registers.isEmpty else { return }
    emit(signals: .ldunif)
    for (index, register) in registers.enumerated() {
      let more = index + 1 < registers.count
      emit(.mov(register, .r5), signals: more ? .ldunif : [])
    }
  }

  /// `destination = QPU number` (bits 5:2 of tidx): unique per batch when a
  /// launch has at most 8 batches.
  mutating func qpuNumber(into destination: Destination) {
    emit(.tidx(destination))
    emit(.shr(destination, source(destination), 2))
    emit(.and(destination, source(destination), 15))
  }

  /// `destination = 4 × lane` (the byte offset of this lane's word).
  mutating func laneByteOffset(into destination: Destination) {
    emit(.eidx(destination))
    emit(.shl(destination, source(destination), 2))
  }

  /// Waits for outstanding stores, then ends the program.
  mutating func finish() {
    emit(.tmuwt)
    endProgram()
  }
}

/// The source that reads what was written to a destination register.
func source(_ destination: Destination) -> SymbolicSource {
  switch destination {
  case .register(let n): return .rf(n)
  case .magic(let m) where m.rawValue <= 5: return .r(m.rawValue)
  default: return .r0
  }
}

/// A hand-written QPU kernel: its code and how to call it.
public protocol HandKernel {
  /// The name of the job, e.g. `memset`.
  static var name: String { get }
  /// The instruction words.
  static func program() throws -> [UInt64]
}
