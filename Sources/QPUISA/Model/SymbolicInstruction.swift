/// An operand as written in assembly: an accumulator, a register-file entry
/// or a small-immediate value. The register-file ports (raddr_a/raddr_b) and
/// muxes are chosen when the instruction is resolved.
public enum Operand: Hashable, Sendable {
  /// Accumulator r0…r5.
  case accumulator(UInt8)
  /// Register-file entry rf0…rf63.
  case register(UInt8)
  /// A small-immediate value, as its 32-bit pattern.
  case immediate(UInt32)

  /// The operand's text in Mesa syntax.
  public var text: String {
    switch self {
    case .accumulator(let n): return "r\(n)"
    case .register(let n): return "rf\(n)"
    case .immediate(let v): return SmallImmediate.text(v)
    }
  }
}

/// An input as written in assembly: an operand and its unpack modifier.
public struct SymbolicSource: Hashable, Sendable {
  public var operand: Operand
  public var unpack: Unpack

  public init(_ operand: Operand, _ unpack: Unpack = .none) {
    self.operand = operand
    self.unpack = unpack
  }
}

/// An add operation with operands as written in assembly.
public typealias SymbolicAddOperation = Operation<AddOpcode, SymbolicSource>
/// A mul operation with operands as written in assembly.
public typealias SymbolicMulOperation = Operation<MulOpcode, SymbolicSource>

/// An ALU instruction as written in assembly or with ``ProgramBuilder``:
/// operands name registers and immediate values; ``resolved()`` chooses the
/// register-file ports, the muxes and the smimm/rot signals.
public struct SymbolicALUInstruction: Hashable, Sendable {
  public var add: SymbolicAddOperation
  public var mul: SymbolicMulOperation
  /// The signals, without smimm and rot (those follow from the operands and
  /// ``rotation``).
  public var signals: Signals
  public var signalDestination: Destination?
  /// A rotation of the mul ALU's inputs (the rot signal).
  public var rotation: Rotation?

  public init(
    add: SymbolicAddOperation = .nop, mul: SymbolicMulOperation = .nop, signals: Signals = [],
    signalDestination: Destination? = nil, rotation: Rotation? = nil
  ) {
    self.add = add
    self.mul = mul
    self.signals = signals
    self.signalDestination = signalDestination
    self.rotation = rotation
  }
}
