/// A magic write address: a register with a side effect (TMU, SFU, TLB, VPM,
/// synchronisation) or an accumulator, written with the magic bit set.
///
/// Raw values are the 6-bit addresses of V3D 4.2. Addresses that V3D 4.2 does
/// not define (25–31, 47–54, 56–63) have no case: a word that writes one is
/// invalid.
public enum MagicRegister: UInt8, CaseIterable, Hashable, Sendable {
  case r0 = 0
  case r1, r2, r3, r4, r5
  /// Discards the value (Mesa prints `-`).
  case nop = 6
  case tlb, tlbu, unifa, tmul, tmud, tmua, tmuau, vpm, vpmu
  case sync, syncu, syncb
  case recip, rsqrt, exp, log, sin, rsqrt2
  case tmuc = 32
  case tmus, tmut, tmur, tmui, tmub, tmudref, tmuoff, tmuscm, tmusf, tmuslod
  case tmuhs, tmuhscm, tmuhsf, tmuhslod
  /// Writes r5 with lane 0 replicated to all 16 lanes.
  case r5rep = 55

  /// The class of side effect a write to this register has.
  public var kind: MagicRegisterKind { MagicRegister.kinds[Int(rawValue)] }

  /// Whether a write also consumes one word of the uniform stream.
  public var consumesUniform: Bool {
    self == .tlbu || self == .tmuau || self == .vpmu || self == .syncu
  }

  private static let kinds: [MagicRegisterKind] = (0..<64).map { address in
    switch address {
    case 0...5, 55: return .accumulator
    case 6: return .discard
    case 7, 8: return .tlb
    case 9: return .uniformAddress
    case 10: return .other
    case 11...13, 32...46: return .tmu
    case 14, 15: return .vpm
    case 16...18: return .synchronisation
    case 19...24: return .sfu
    default: return .other
    }
  }
}

/// What a write to a magic register does, for validation and the emulator.
public enum MagicRegisterKind: Hashable, Sendable {
  case accumulator, discard, tlb, uniformAddress, tmu, vpm, synchronisation, sfu, other
}

/// A write destination: a register-file entry or a magic register.
public enum Destination: Hashable, Sendable {
  /// Register-file entry rf0…rf63.
  case register(UInt8)
  case magic(MagicRegister)

  /// The magic bit and 6-bit address this destination encodes as.
  public var encoding: (magic: Bool, address: UInt8) {
    switch self {
    case .register(let n): return (false, n)
    case .magic(let m): return (true, m.rawValue)
    }
  }

  /// The destination a (magic bit, address) pair names, or nil if V3D 4.2 does
  /// not define that magic address.
  public init?(magic: Bool, address: UInt8) {
    guard address < 64 else { return nil }
    if magic {
      guard let m = MagicRegister(rawValue: address) else { return nil }
      self = .magic(m)
    } else {
      self = .register(address)
    }
  }

  /// The register that discards writes.
  public static let discard = Destination.magic(.nop)
}

/// An ALU input multiplexer value: an accumulator, or one of the two
/// register-file read ports.
public enum Mux: UInt8, CaseIterable, Hashable, Sendable {
  case r0 = 0
  case r1, r2, r3, r4, r5
  /// `rf[raddr_a]`.
  case a = 6
  /// `rf[raddr_b]`, or the small immediate when the smimm signal is present.
  case b = 7
}
