/// How an operation's modifiers are folded into its opcode field (and, for
/// `fmov`, into a mux field). One row of the opcode tables has one of these.
enum ModifierLayout: Hashable, Sendable {
  /// No modifiers: the opcode field is exactly the base.
  case none
  /// `op = base + 16·pack + 4·unpackA + unpackB`, f32 unpack codes, pack 0…2.
  case f32Binary
  /// `op = base + 4·unpackA + unpackB`, f32 unpack codes without `abs`.
  case f32PairNoAbs
  /// `op = base + unpackA`, a 2×f16 unpack code 0…4.
  case f16UnpackA
  /// `op = 0xF0 | unpackA << 2 | group` (base = `0xF0 | group`), f32 unpack of
  /// A without `abs`.
  case roundGroup
  /// mul `fmul`: `op = 16 + 16·pack + 4·unpackA + unpackB`.
  case fmul
  /// mul `fmov`: `op = 14 + pack >> 1`, `mul_b = 4·(pack & 1) + unpackA`.
  case fmov

  /// Whether operand A may carry an unpack, and of which family.
  var unpackA: UnpackFamily {
    switch self {
    case .none: return .none
    case .f32Binary, .fmul, .fmov: return .f32
    case .f32PairNoAbs, .roundGroup: return .f32NoAbs
    case .f16UnpackA: return .f16
    }
  }

  /// Whether operand B may carry an unpack.
  var unpackB: UnpackFamily {
    switch self {
    case .f32Binary, .fmul: return .f32
    case .f32PairNoAbs: return .f32NoAbs
    default: return .none
    }
  }

  /// Whether the layout itself carries an output pack.
  var hasPack: Bool { self == .f32Binary || self == .fmul || self == .fmov }
}

/// Which unpack modifiers an operand slot accepts.
enum UnpackFamily: Hashable, Sendable {
  case none, f32, f32NoAbs, f16

  func allows(_ unpack: Unpack) -> Bool {
    switch self {
    case .none: return unpack == .none
    case .f32: return unpack.f32Code != nil
    case .f32NoAbs: return unpack.f32Code != nil && unpack != .abs
    case .f16: return unpack.f16Code != nil
    }
  }
}

/// What a mux field (add_a, add_b, mul_a, mul_b) holds for an operation.
enum MuxField: Hashable, Sendable {
  /// An operand's input mux.
  case operand
  /// An operand's input mux that may not be 0 (`vpmsetup`, whose mux 0 is
  /// another operation).
  case nonZeroOperand
  /// A fixed selector value.
  case selector(UInt8)
  /// A selector whose low two bits hold the output pack (`base | pack`).
  case selectorWithPack(UInt8)
  /// Any value in the range decodes; the encoder writes the lowest.
  case selectorRange(ClosedRange<UInt8>)
  /// Bits owned by the modifier layout (`fmov`'s mul_b).
  case modifiers

  var isOperand: Bool { self == .operand || self == .nonZeroOperand }

  /// Whether a raw field value matches this selector.
  func matches(_ value: UInt8) -> Bool {
    switch self {
    case .operand, .modifiers: return true
    case .nonZeroOperand: return value != 0
    case .selector(let s): return value == s
    case .selectorWithPack(let s): return value & ~3 == s && value & 3 != 3
    case .selectorRange(let r): return r.contains(value)
    }
  }
}

/// What the destination field (waddr and magic bit) holds for an operation.
enum DestinationField: Hashable, Sendable {
  /// A destination: register file or magic register.
  case normal
  /// A register-file destination only (magic destinations are refused).
  case registerOnly
  /// A register-file destination; the magic bit selects the `_in` (0) or
  /// `_out` (1) variant, so `out` gives the bit.
  case registerWithInOut(out: Bool)
  /// No destination; the waddr field is this selector and the magic bit is
  /// ignored (written 0).
  case waddrSelector(UInt8)
  /// No destination; waddr and the magic bit are ignored (written as the
  /// discard register).
  case none

  var hasDestination: Bool {
    switch self {
    case .normal, .registerOnly, .registerWithInOut: return true
    case .waddrSelector, .none: return false
    }
  }
}

/// fadd/faddnf and fmin/fmax share opcodes; the operand order tells them
/// apart (see encoding.md §7.2).
enum OperandOrder: Hashable, Sendable {
  /// Any order (every other operation).
  case any
  /// `keyA ≤ keyB` (fadd, fmin).
  case ascending
  /// `keyA > keyB` (faddnf, fmax).
  case descending
}

/// One row of an opcode table: how an operation is encoded.
struct OpcodeEncoding<Opcode: Hashable & Sendable>: Sendable {
  let opcode: Opcode
  /// The opcode field value before modifiers.
  let base: UInt8
  let modifiers: ModifierLayout
  let a: MuxField
  let b: MuxField
  let destination: DestinationField
  let order: OperandOrder

  init(
    _ opcode: Opcode, _ base: UInt8, _ modifiers: ModifierLayout = .none,
    a: MuxField = .operand, b: MuxField = .operand, destination: DestinationField = .normal,
    order: OperandOrder = .any
  ) {
    self.opcode = opcode
    self.base = base
    self.modifiers = modifiers
    self.a = a
    self.b = b
    self.destination = destination
    self.order = order
  }

  /// The number of source operands.
  var sourceCount: Int { (a.isOperand ? 1 : 0) + (b.isOperand ? 1 : 0) }

  /// Whether the operation can carry an output pack.
  var hasPack: Bool {
    if modifiers.hasPack { return true }
    if case .selectorWithPack = a { return true }
    if case .selectorWithPack = b { return true }
    return false
  }

  /// Every opcode field value this row can produce.
  var opcodeValues: [UInt8] {
    switch modifiers {
    case .none: return [base]
    case .f32Binary: return (0..<48).map { base + UInt8($0) }
    case .f32PairNoAbs:
      return [1, 2, 3].flatMap { ua in [1, 2, 3].map { ub in base + 4 * ua + ub } }
    case .f16UnpackA: return (0..<5).map { base + UInt8($0) }
    case .roundGroup: return [1, 2, 3].map { ua in base | ua << 2 }
    case .fmul: return Array(16...63)
    case .fmov: return [14, 15]
    }
  }
}
