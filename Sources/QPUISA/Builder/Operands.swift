extension SymbolicSource: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
  /// A small-immediate integer (−16…15), as its two's-complement pattern.
  public init(integerLiteral value: Int32) {
    self.init(.immediate(UInt32(bitPattern: value)))
  }

  /// A small-immediate float (a power of two 2^−8…2^7), as its f32 pattern.
  public init(floatLiteral value: Float) {
    self.init(.immediate(value.bitPattern))
  }

  public static let r0 = SymbolicSource(.accumulator(0))
  public static let r1 = SymbolicSource(.accumulator(1))
  public static let r2 = SymbolicSource(.accumulator(2))
  public static let r3 = SymbolicSource(.accumulator(3))
  public static let r4 = SymbolicSource(.accumulator(4))
  public static let r5 = SymbolicSource(.accumulator(5))

  /// Register-file entry rf`n`.
  public static func rf(_ n: UInt8) -> SymbolicSource { SymbolicSource(.register(n)) }

  /// Accumulator r`n` (0…5).
  public static func r(_ n: UInt8) -> SymbolicSource { SymbolicSource(.accumulator(n)) }

  /// A small immediate given by its 32-bit pattern.
  public static func immediate(_ pattern: UInt32) -> SymbolicSource {
    SymbolicSource(.immediate(pattern))
  }

  /// The same operand with an unpack modifier.
  public func unpacked(_ unpack: Unpack) -> SymbolicSource { SymbolicSource(operand, unpack) }

  /// The same operand, absolute value (f32).
  public var abs: SymbolicSource { unpacked(.abs) }
}

extension Destination {
  /// Register-file entry rf`n`.
  public static func rf(_ n: UInt8) -> Destination { .register(n) }

  public static let r0 = Destination.magic(.r0)
  public static let r1 = Destination.magic(.r1)
  public static let r2 = Destination.magic(.r2)
  public static let r3 = Destination.magic(.r3)
  public static let r4 = Destination.magic(.r4)
  /// r5, with a write broadcasting lane 0 of each quad to the quad.
  public static let r5 = Destination.magic(.r5)
  /// r5 with lane 0 replicated to all 16 lanes.
  public static let r5rep = Destination.magic(.r5rep)
  public static let tmud = Destination.magic(.tmud)
  public static let tmua = Destination.magic(.tmua)
  public static let tmuau = Destination.magic(.tmuau)
  public static let tmuc = Destination.magic(.tmuc)
  public static let unifa = Destination.magic(.unifa)
  public static let recip = Destination.magic(.recip)
  public static let rsqrt = Destination.magic(.rsqrt)
  public static let rsqrt2 = Destination.magic(.rsqrt2)
  public static let exp = Destination.magic(.exp)
  public static let log = Destination.magic(.log)
  public static let sin = Destination.magic(.sin)
  public static let syncb = Destination.magic(.syncb)
  public static let vpm = Destination.magic(.vpm)
  public static let tlb = Destination.magic(.tlb)
}

extension Operation where Input == SymbolicSource {
  /// Any operation from its opcode and operands.
  public static func op(
    _ opcode: Opcode, _ destination: Destination? = nil, _ a: SymbolicSource? = nil,
    _ b: SymbolicSource? = nil
  ) -> Self {
    Self(opcode, destination: destination, a: a, b: b)
  }

  /// The operation with a per-lane write condition.
  public func condition(_ condition: Condition) -> Self {
    var copy = self
    copy.flags.condition = condition
    return copy
  }

  /// The operation pushing a flag.
  public func push(_ push: FlagPush) -> Self {
    var copy = self
    copy.flags.push = push
    return copy
  }

  /// The operation updating flag A.
  public func update(_ update: FlagUpdate) -> Self {
    var copy = self
    copy.flags.update = update
    return copy
  }

  /// The operation with an output pack.
  public func packed(_ pack: OutputPack) -> Self {
    var copy = self
    copy.pack = pack
    return copy
  }
}
