import QPUISA

/// The timing rules the schedulers respect between neighbouring instructions (the same
/// rules ``ProgramValidator`` checks afterwards).
enum Hazards {
  /// Whether `instruction` may directly follow `previous` (nil: unknown, e.g. at a block
  /// start reached by a branch).
  static func canFollow(_ previous: SymbolicALUInstruction?, _ instruction: SymbolicALUInstruction)
    -> Bool
  {
    guard instruction.rotation != nil else { return true }
    guard let previous else { return false }
    let written = writtenAccumulators(previous)
    for case let source? in [instruction.mul.a, instruction.mul.b] {
      if case .accumulator(let n) = source.operand, written.contains(n) { return false }
    }
    if instruction.rotation == .byR5 && written.contains(5) { return false }
    return true
  }

  /// Instructions from a `unifa` write to the first `ldunifa`/`ldunifarf` that may read the
  /// new stream: three must lie between them (semantics.md §13.3).
  static let unifaToRead = 4

  /// Whether the instruction writes `unifa` (starts a second-stream read).
  static func writesUnifa(_ instruction: SymbolicALUInstruction) -> Bool {
    instruction.add.destination == .magic(.unifa) || instruction.mul.destination == .magic(.unifa)
  }

  /// Whether the instruction reads the second uniform stream.
  static func readsSecondStream(_ instruction: SymbolicALUInstruction) -> Bool {
    !instruction.signals.intersection([.ldunifa, .ldunifarf]).isEmpty
  }

  /// The accumulators an instruction writes (r5rep, ldunif and ldunifa write r5).
  static func writtenAccumulators(_ instruction: SymbolicALUInstruction) -> Set<UInt8> {
    var result: Set<UInt8> = []
    for case .magic(let register)? in [
      instruction.add.destination, instruction.mul.destination, instruction.signalDestination,
    ] {
      if register.rawValue <= 5 { result.insert(register.rawValue) }
      if register == .r5rep { result.insert(5) }
    }
    if !instruction.signals.intersection([.ldunif, .ldunifa]).isEmpty { result.insert(5) }
    return result
  }
}
