/// A per-lane write condition on one ALU.
public enum Condition: UInt8, CaseIterable, Hashable, Sendable {
  case ifa = 0
  case ifb, ifna, ifnb
}

/// A flag push: B takes the old A, A takes a predicate of the ALU result.
public enum FlagPush: UInt8, CaseIterable, Hashable, Sendable {
  case pushz = 1
  case pushn, pushc
}

/// A flag update: A is combined with a predicate of the ALU result.
public enum FlagUpdate: UInt8, CaseIterable, Hashable, Sendable {
  case andz = 4
  case andnz, nornz, norz, andn, andnn, nornn, norn, andc, andnc, nornc, norc
}

/// The condition and flag effects of one ALU in one instruction. At most one
/// of the three may be present on an ALU (the encoding has no room for more).
public struct ALUFlags: Hashable, Sendable {
  public var condition: Condition?
  public var push: FlagPush?
  public var update: FlagUpdate?

  public init(condition: Condition? = nil, push: FlagPush? = nil, update: FlagUpdate? = nil) {
    self.condition = condition
    self.push = push
    self.update = update
  }

  /// No condition, no push, no update.
  public static let none = ALUFlags()

  /// Whether nothing is set.
  public var isEmpty: Bool { condition == nil && push == nil && update == nil }

  /// The Mesa text suffixes: condition, then push, then update.
  public var suffix: String {
    var text = ""
    if let condition { text += ".\(condition)" }
    if let push { text += ".\(push)" }
    if let update { text += ".\(update)" }
    return text
  }
}
