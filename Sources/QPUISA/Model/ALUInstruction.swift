/// An ALU instruction as the hardware sees it: an add operation and a mul
/// operation issued together, a signal set, and the two register-file read
/// addresses their inputs select through mux 6 (`raddrA`) and 7 (`raddrB`).
public struct ALUInstruction: Hashable, Sendable {
  public var add: AddOperation
  public var mul: MulOperation
  public var signals: Signals
  /// Where an address-writing signal (ldtmu, ldvary, ldtlb, ldtlbu, ldunifrf,
  /// ldunifarf) writes; nil exactly when the set has none.
  public var signalDestination: Destination?
  /// Register-file read address A (mux 6), 0…63.
  public var raddrA: UInt8
  /// Register-file read address B (mux 7), the small-immediate index when
  /// ``Signals/smallImmediate`` is present, or the rotate amount with
  /// ``Signals/rot``.
  public var raddrB: UInt8

  public init(
    add: AddOperation = .nop, mul: MulOperation = .nop, signals: Signals = [],
    signalDestination: Destination? = nil, raddrA: UInt8 = 0, raddrB: UInt8 = 0
  ) {
    self.add = add
    self.mul = mul
    self.signals = signals
    self.signalDestination = signalDestination
    self.raddrA = raddrA
    self.raddrB = raddrB
  }

  /// The canonical no-operation instruction.
  public static let nop = ALUInstruction()

  /// The 32-bit value mux 7 reads when the smimm signal is present.
  public var smallImmediate: UInt32? {
    signals.contains(.smallImmediate) ? SmallImmediate.value(at: raddrB) : nil
  }

  /// The rotation, when the rot signal is present.
  public var rotation: Rotation? {
    signals.contains(.rot) ? Rotation(raddrB: raddrB) : nil
  }

  /// Every mux that an input of either operation reads.
  public var muxesRead: [Mux] {
    (add.inputs + mul.inputs).map(\.mux)
  }
}
