/// Why an instruction model cannot be encoded as a V3D 4.2 word.
public enum EncodingError: Error, Hashable, Sendable, CustomStringConvertible {
  /// Conditions, pushes or updates the cond field cannot hold together.
  case conflictingFlags(String)
  /// A signal combination that no signal code stands for, or a missing or
  /// superfluous signal destination.
  case invalidSignals(String)
  /// Operands that do not fit the operation (count, mux, register ports).
  case invalidOperands(String)
  /// An unpack or pack the operation does not accept.
  case invalidModifier(String)
  /// A destination the operation cannot write.
  case invalidDestination(String)
  /// A value that is not one of the 48 small immediates.
  case notSmallImmediate(String)
  /// A field value out of its range (register address, branch offset, …).
  case outOfRange(String)

  public var description: String {
    switch self {
    case .conflictingFlags(let m), .invalidSignals(let m), .invalidOperands(let m),
      .invalidModifier(let m), .invalidDestination(let m), .notSmallImmediate(let m),
      .outOfRange(let m):
      return m
    }
  }
}

/// Why a 64-bit word is not a V3D 4.2 instruction.
public struct DecodingError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The word.
  public let word: UInt64
  /// What is wrong with it.
  public let reason: String

  public init(word: UInt64, reason: String) {
    self.word = word
    self.reason = reason
  }

  public var description: String { "invalid instruction 0x\(hex(word, digits: 16)): \(reason)" }
}
