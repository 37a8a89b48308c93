import QPUISA

/// Add-ALU operations as the interpreter dispatches them.
enum AddKind: UInt8 {
  case nop, fadd, fsub, vfpack, add, sub, imin, imax, umin, umax, shl, shr, asr, ror
  case fmin, fmax, vfmin, vfmax, band, bor, bxor, bnot, neg
  case flapush, flbpush, flpop, sfu, tidx, eidx, lr, vfla, vflna, vflb, vflnb
  case barrierid, tmuwt, vpmwt, fcmp, fround, ftoin, ftrunc, ftoiz, ffloor, ftouz, fceil
  case fdx, fdy, itof, clz, utof
  /// An operation whose compute semantics are not modelled (graphics, unknown).
  case unsupported
}

/// Mul-ALU operations as the interpreter dispatches them.
enum MulKind: UInt8 {
  case nop, add, sub, umul24, vfmul, smul24, multop, fmov, mov, fmul
}

/// SFU functions, in magic-register order (recip … rsqrt2).
enum SFUFunction: UInt8 {
  case recip, rsqrt, exp, log, sin, rsqrt2
}

/// Destination codes: 0…63 register file, 64…69 accumulators r0…r5 (r5 with
/// its quad broadcast), 128 + n the magic register n, 255 none.
enum DestinationCode {
  static let accumulatorBase: UInt8 = 64
  static let r5: UInt8 = 69
  static let magicBase: UInt8 = 128
  static let none: UInt8 = 255

  static func of(_ destination: Destination?) -> UInt8 {
    switch destination {
    case nil: return none
    case .register(let n): return n
    case .magic(let m):
      if m.rawValue <= 5 { return accumulatorBase + m.rawValue }
      if m == .nop { return none }
      return magicBase + m.rawValue
    }
  }
}

/// Register slots of a thread's storage: rf0…rf63, then r0…r5, then the 48
/// small immediates broadcast to all lanes, then TMU data and result FIFO.
enum Slot {
  static let accumulatorBase = 64
  static let immediateBase = 72
  static let tmuDataBase = 120
  static let tmuResultBase = 124
  static let tmuResultCapacity = 64
  static let count = tmuResultBase + tmuResultCapacity
}

/// One instruction pre-decoded into the compact form the interpreter runs.
struct DecodedInstruction {
  enum Kind: UInt8 { case notDecoded, alu, branch, invalid }

  var kind: Kind = .notDecoded
  /// Decoded and issuing no TMU lookup: the interpreter's loop skips both checks (false
  /// in the all-zero `.notDecoded` entry).
  var isPlain = false
  // ALU fields.
  var addKind: AddKind = .nop
  var mulKind: MulKind = .nop
  var sfuFunction: SFUFunction = .recip
  var addA: UInt8 = 0
  var addB: UInt8 = 0
  var mulA: UInt8 = 0
  var mulB: UInt8 = 0
  var addUnpackA: UInt8 = 0
  var addUnpackB: UInt8 = 0
  var mulUnpackA: UInt8 = 0
  var mulUnpackB: UInt8 = 0
  var addPack: UInt8 = 0
  var mulPack: UInt8 = 0
  var addDestination: UInt8 = DestinationCode.none
  var mulDestination: UInt8 = DestinationCode.none
  var signalDestination: UInt8 = DestinationCode.none
  /// 0 none, 1 ifa, 2 ifb, 3 ifna, 4 ifnb.
  var addCondition: UInt8 = 0
  var mulCondition: UInt8 = 0
  /// 0 none, else the FlagPush / FlagUpdate raw value (1…15).
  var addFlagEffect: UInt8 = 0
  var mulFlagEffect: UInt8 = 0
  /// ``SignalBit`` flags.
  var signals: UInt16 = 0
  /// Rotation of the mul operands: −1 none, 0…15 constant, 16 by r5.
  var rotation: Int8 = -1
  /// Whether the mul operands are accumulators (full rotation) — per operand.
  var rotateMulAFully = false
  var rotateMulBFully = false
  /// Whether the instruction is a plain computation the interpreter runs on its
  /// shortest path: no signals, flags, unpacks, rotation, packs or conditions,
  /// register-file or r0–r4 destinations, and ALU operations of
  /// ``Machine/pureAddResult(_:_:_:)`` and ``Machine/pureMulResult(_:_:_:)``.
  var isPure = false
  /// Whether the instruction only broadcasts one lane of a rotated operand into r5
  /// (`nop ; mov r5rep, rN` with a rotation, py-videocore6's `rotate(r5rep, …)`):
  /// no signals or flags, add nop without destination, mul mov/fmov without unpack,
  /// pack or condition. The lane is picked without rotating the whole operand.
  var isRotatedBroadcast = false
  /// Whether the mul operation reads its second operand (else it is not rotated).
  var mulUsesB = false
  /// Whether this instruction has any work beyond both ALUs' nops.
  var isDualIssue = false
  /// Whether the slow path (magic writes other than r5rep, signals other than smimm,
  /// flags) is needed.
  var needsSideEffects = false
  /// A common case of the slow path handled inline: the only side effect is an
  /// ldunif (1) or ldunifa (2) into r5; both ALUs write plain registers or nothing.
  var r5LoadOnly: UInt8 = 0
  /// TMU lookups this instruction issues, for the epoch scheduler: 0 none; 1 one lookup
  /// through `tmua` and no other magic register but r5rep written; 2 any other instruction
  /// writing `tmua` or `tmuau` (always left to an epoch's serial phase).
  var issuesLookup: UInt8 = 0
  var raddrA: UInt8 = 0
  // Branch fields.
  var branchCondition: UInt8 = 0
  /// 0 absolute, 1 relative, 2 link register, 3 register.
  var branchTargetKind: UInt8 = 0
  var branchTarget: UInt32 = 0
  /// 0 none, 1 absolute, 2 relative, 3 link register, 4 register.
  var uniformTargetKind: UInt8 = 0
  var uniformRegister: UInt8 = 0
  var writesLink = false
  // Strict-mode data.
  /// Hazard-window bits this instruction would trip.
  var hazards: UInt64 = 0
  /// Rules this instruction imposes on the next 1, 2 and 3 instructions.
  var imposes1: UInt64 = 0
  var imposes2: UInt64 = 0
  var imposes3: UInt64 = 0
  /// Rules of this instruction alone that it breaks (StrictRule bits − 32).
  var staticViolations: UInt32 = 0
  /// Accumulators this instruction reads (bit n = rn) and whether it uses flags.
  var accumulatorReads: UInt8 = 0
  var accumulatorWrites: UInt8 = 0
  var readsFlags = false
  var writesFlags = false
  /// `accumulatorReads` and `readsFlags` (bit 7) in one byte, as ``ThreadState/stale``.
  var staleReads: UInt8 = 0
  /// `accumulatorWrites` and `writesFlags` (bit 7) in one byte.
  var staleWrites: UInt8 = 0
  /// Index into the machine's message table for invalid words.
  var invalidReason: Int32 = -1
}

/// The signals as the interpreter tests them: fixed bits set by the pre-decoder.
enum SignalBit {
  static let thrsw: UInt16 = 1 << 0
  static let ldunif: UInt16 = 1 << 1
  static let ldunifa: UInt16 = 1 << 2
  static let ldunifrf: UInt16 = 1 << 3
  static let ldunifarf: UInt16 = 1 << 4
  static let ldtmu: UInt16 = 1 << 5
  static let wrtmuc: UInt16 = 1 << 6
  /// ldvary, ldtlb, ldtlbu, ucb: not modelled for compute.
  static let graphics: UInt16 = 1 << 7

  static func of(_ signals: Signals) -> UInt16 {
    var bits: UInt16 = 0
    if signals.contains(.thrsw) { bits |= thrsw }
    if signals.contains(.ldunif) { bits |= ldunif }
    if signals.contains(.ldunifa) { bits |= ldunifa }
    if signals.contains(.ldunifrf) { bits |= ldunifrf }
    if signals.contains(.ldunifarf) { bits |= ldunifarf }
    if signals.contains(.ldtmu) { bits |= ldtmu }
    if signals.contains(.wrtmuc) { bits |= wrtmuc }
    if !signals.intersection([.ldvary, .ldtlb, .ldtlbu, .ucb]).isEmpty { bits |= graphics }
    return bits
  }
}

extension Signals {
  static let sideEffectSignals: Signals = [
    .thrsw, .ldunif, .ldunifa, .ldunifrf, .ldunifarf, .ldtmu, .ldvary, .ldtlb, .ldtlbu,
    .ucb, .wrtmuc,
  ]
}
