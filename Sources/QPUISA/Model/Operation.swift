/// An operation input: a mux selection plus an unpack modifier.
public struct Source: Hashable, Sendable {
  public var mux: Mux
  public var unpack: Unpack

  public init(_ mux: Mux, _ unpack: Unpack = .none) {
    self.mux = mux
    self.unpack = unpack
  }
}

/// One ALU's half of an instruction: the operation, its destination, its
/// inputs and modifiers, and its condition or flag effect.
///
/// `Input` is ``Source`` (mux level, as encoded) in ``ALUInstruction``, and
/// ``Operand`` (register names and immediate values) in
/// ``SymbolicALUInstruction``, the form the assembler and builder write.
public struct Operation<Opcode: Hashable & Sendable, Input: Hashable & Sendable>: Hashable,
  Sendable
{
  public var opcode: Opcode
  /// The destination; nil exactly for operations without one.
  public var destination: Destination?
  public var a: Input?
  public var b: Input?
  public var pack: OutputPack
  public var flags: ALUFlags

  public init(
    _ opcode: Opcode, destination: Destination? = nil, a: Input? = nil, b: Input? = nil,
    pack: OutputPack = .none, flags: ALUFlags = .none
  ) {
    self.opcode = opcode
    self.destination = destination
    self.a = a
    self.b = b
    self.pack = pack
    self.flags = flags
  }

  /// The inputs present, A first.
  public var inputs: [Input] { [a, b].compactMap { $0 } }
}

/// The add half of an ALU instruction at mux level.
public typealias AddOperation = Operation<AddOpcode, Source>
/// The mul half of an ALU instruction at mux level.
public typealias MulOperation = Operation<MulOpcode, Source>

extension Operation where Opcode == AddOpcode {
  /// The add-ALU no-op.
  public static var nop: Self { Self(.nop) }
}

extension Operation where Opcode == MulOpcode {
  /// The mul-ALU no-op.
  public static var nop: Self { Self(.nop) }
}
