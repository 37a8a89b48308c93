/// The condition of a branch, evaluated on flag A.
public enum BranchCondition: UInt8, CaseIterable, Hashable, Sendable {
  case always = 0
  /// Flag A of lane 0 set.
  case a0 = 2
  /// Flag A of lane 0 clear.
  case na0
  /// A set in all lanes.
  case alla
  /// A clear in at least one lane.
  case anyna
  /// A set in at least one lane.
  case anya
  /// A clear in all lanes.
  case allna

  /// The Mesa text suffix (empty for `always`).
  public var suffix: String { self == .always ? "" : ".\(self)" }
}

/// Which lanes take part in evaluating a branch condition (multisample flags).
public enum MSFSign: UInt8, CaseIterable, Hashable, Sendable {
  case none = 0
  /// Ignore lanes whose multisample flags are all clear.
  case p
  /// Ignore 2×2 quads whose multisample flags are all clear.
  case q

  var suffix: String { self == .none ? "" : "\(self)" }
}

/// Where a branch goes.
public enum BranchTarget: Hashable, Sendable {
  /// An absolute GPU byte address (multiple of 8).
  case absolute(UInt32)
  /// A byte offset (multiple of 8) from the instruction after the branch's
  /// three delay slots.
  case relative(Int32)
  /// The link register.
  case linkRegister
  /// The address held in a register-file entry.
  case register(UInt8)
}

/// Where a branch that also redirects the uniform stream takes it.
public enum UniformBranchTarget: Hashable, Sendable {
  /// The next uniform is the new absolute address (`a:unif`).
  case absolute
  /// The next uniform is an offset from the address after it (`r:unif`).
  case relative
  /// The link register (`lri`).
  case linkRegister
  /// The address held in a register-file entry (lane 1).
  case register(UInt8)
}

/// A branch instruction. Its three delay slots always execute.
public struct BranchInstruction: Hashable, Sendable {
  public var condition: BranchCondition
  public var msfign: MSFSign
  public var target: BranchTarget
  /// The uniform-stream redirect, or nil when the branch leaves it alone.
  public var uniformTarget: UniformBranchTarget?
  /// Whether the branch stores its return address (the instruction after the
  /// delay slots) in the link register.
  public var writesLink: Bool

  public init(
    condition: BranchCondition = .always, msfign: MSFSign = .none, target: BranchTarget,
    uniformTarget: UniformBranchTarget? = nil, writesLink: Bool = false
  ) {
    self.condition = condition
    self.msfign = msfign
    self.target = target
    self.uniformTarget = uniformTarget
    self.writesLink = writesLink
  }
}

/// One 64-bit QPU instruction.
public enum Instruction: Hashable, Sendable {
  case alu(ALUInstruction)
  case branch(BranchInstruction)

  /// The canonical no-operation instruction.
  public static let nop = Instruction.alu(.nop)
}
