import QPUISA

/// Turns decoded ISA instructions into the interpreter's compact form, and
/// works out once per word the strict-mode facts the interpreter checks.
enum Predecoder {
  static func decode(_ instruction: Instruction, fourThreadMode: Bool) -> DecodedInstruction {
    switch instruction {
    case .alu(let alu): return decode(alu, fourThreadMode: fourThreadMode)
    case .branch(let branch): return decode(branch)
    }
  }

  // MARK: Branches

  static func decode(_ branch: BranchInstruction) -> DecodedInstruction {
    var d = DecodedInstruction()
    d.kind = .branch
    d.branchCondition = branch.condition.rawValue
    switch branch.target {
    case .absolute(let address): (d.branchTargetKind, d.branchTarget) = (0, address)
    case .relative(let offset):
      (d.branchTargetKind, d.branchTarget) = (1, UInt32(bitPattern: offset))
    case .linkRegister: d.branchTargetKind = 2
    case .register(let n): (d.branchTargetKind, d.raddrA) = (3, n)
    }
    switch branch.uniformTarget {
    case nil: d.uniformTargetKind = 0
    case .absolute: d.uniformTargetKind = 1
    case .relative: d.uniformTargetKind = 2
    case .linkRegister: d.uniformTargetKind = 3
    case .register(let n): (d.uniformTargetKind, d.uniformRegister) = (4, n)
    }
    d.writesLink = branch.writesLink
    d.hazards = HazardBits.of(
      .branchInBranchDelaySlot, .branchInThrswDelaySlot, .branchSoonAfterUnifa)
    if d.uniformTargetKind == 1 || d.uniformTargetKind == 2 {
      d.hazards |= HazardBits.of(.uniformInBranchDelaySlot, .uniformInThreadEnd)
    }
    d.imposes1 = HazardBits.branchSlots
    d.imposes2 = HazardBits.branchSlots
    d.imposes3 = HazardBits.branchSlots
    d.readsFlags = branch.condition != .always
    return d
  }

  // MARK: ALU instructions

  static func decode(_ alu: ALUInstruction, fourThreadMode: Bool) -> DecodedInstruction {
    var d = DecodedInstruction()
    d.kind = .alu
    let signals = alu.signals
    d.signals = SignalBit.of(signals)
    d.raddrA = alu.raddrA
    let smallImmediate = signals.contains(.smallImmediate)

    func slot(_ source: Source?) -> UInt8 {
      guard let source else { return 0 }
      switch source.mux {
      case .a: return alu.raddrA
      case .b: return smallImmediate ? UInt8(Slot.immediateBase) + alu.raddrB : alu.raddrB
      default: return UInt8(Slot.accumulatorBase) + source.mux.rawValue
      }
    }
    d.addKind = addKind(alu.add.opcode)
    if let function = sfuFunction(alu.add.opcode) { d.sfuFunction = function }
    d.mulKind = mulKind(alu.mul.opcode)
    d.addA = slot(alu.add.a)
    d.addB = slot(alu.add.b)
    d.mulA = slot(alu.mul.a)
    d.mulB = slot(alu.mul.b)
    d.addUnpackA = unpackCode(alu.add.a?.unpack)
    d.addUnpackB = unpackCode(alu.add.b?.unpack)
    d.mulUnpackA = unpackCode(alu.mul.a?.unpack)
    d.mulUnpackB = unpackCode(alu.mul.b?.unpack)
    d.addPack = alu.add.pack.rawValue
    d.mulPack = alu.mul.pack.rawValue
    d.addDestination = DestinationCode.of(alu.add.destination)
    d.mulDestination = DestinationCode.of(alu.mul.destination)
    d.signalDestination = DestinationCode.of(alu.signalDestination)
    d.addCondition = alu.add.flags.condition.map { $0.rawValue + 1 } ?? 0
    d.mulCondition = alu.mul.flags.condition.map { $0.rawValue + 1 } ?? 0
    d.addFlagEffect = alu.add.flags.push?.rawValue ?? alu.add.flags.update?.rawValue ?? 0
    d.mulFlagEffect = alu.mul.flags.push?.rawValue ?? alu.mul.flags.update?.rawValue ?? 0
    if let rotation = alu.rotation {
      switch rotation {
      case .byR5: d.rotation = 16
      case .by: d.rotation = Int8(rotation.constantAmount ?? 0)
      }
      d.rotateMulAFully = alu.mul.a.map { $0.mux.rawValue <= 5 } ?? false
      d.rotateMulBFully = alu.mul.b.map { $0.mux.rawValue <= 5 } ?? false
    }
    d.isDualIssue = alu.add.opcode != .nop && alu.mul.opcode != .nop
    let signalWork = !signals.intersection(.sideEffectSignals).isEmpty
    // r5 and r5rep are written by the plain path (writeSlotResults); other magic
    // registers have effects beyond the write.
    let r5rep = DestinationCode.magicBase + MagicRegister.r5rep.rawValue
    let magic = { (code: UInt8) in
      code >= DestinationCode.magicBase && code != DestinationCode.none && code != r5rep
    }
    d.needsSideEffects =
      signalWork || magic(d.addDestination) || magic(d.mulDestination)
      || d.addFlagEffect != 0 || d.mulFlagEffect != 0
    d.mulUsesB = mulUsesB(d.mulKind)
    let plainDestination = { (code: UInt8) in
      code < DestinationCode.r5 || code == DestinationCode.none
    }
    d.isPure =
      !d.needsSideEffects && d.rotation < 0
      && d.addUnpackA | d.addUnpackB | d.mulUnpackA | d.mulUnpackB == 0
      && d.addPack | d.mulPack == 0 && d.addCondition | d.mulCondition == 0
      && plainDestination(d.addDestination) && plainDestination(d.mulDestination)
      && isPureAdd(d.addKind) && isPureMul(d.mulKind)
    d.isRotatedBroadcast =
      !d.needsSideEffects && d.rotation >= 0 && d.addKind == .nop
      && d.addDestination == DestinationCode.none && (d.mulKind == .mov || d.mulKind == .fmov)
      && d.mulUnpackA == 0 && d.mulPack == 0 && d.mulCondition == 0
      && d.mulDestination == r5rep
    let plain = { (code: UInt8) in code < DestinationCode.r5 || code == DestinationCode.none }
    if plain(d.addDestination) && plain(d.mulDestination) && d.addFlagEffect == 0
      && d.mulFlagEffect == 0
    {
      let sideSignals = signals.intersection(.sideEffectSignals)
      if sideSignals == .ldunif { d.r5LoadOnly = 1 }
      if sideSignals == .ldunifa { d.r5LoadOnly = 2 }
    }
    d.issuesLookup = lookupClass(d)
    StrictFacts.derive(&d, alu, fourThreadMode: fourThreadMode)
    return d
  }

  /// ``DecodedInstruction/issuesLookup`` of an ALU instruction.
  static func lookupClass(_ d: DecodedInstruction) -> UInt8 {
    let code = { (register: MagicRegister) in DestinationCode.magicBase + register.rawValue }
    let destinations = [d.addDestination, d.mulDestination, d.signalDestination]
    let lookups = destinations.filter { $0 == code(.tmua) || $0 == code(.tmuau) }
    guard !lookups.isEmpty else { return 0 }
    // Other magic destinations (r5rep aside) in the same instruction: serial phase.
    let others = destinations.filter {
      $0 >= DestinationCode.magicBase && $0 != DestinationCode.none && $0 != code(.r5rep)
    }
    return lookups == [code(.tmua)] && others.count == 1 ? 1 : 2
  }

  /// The add operations ``Machine/pureAddResult(_:_:_:)`` computes.
  static func isPureAdd(_ kind: AddKind) -> Bool {
    switch kind {
    case .nop, .fadd, .fsub, .fcmp, .add, .sub, .imin, .imax, .umin, .umax, .shl, .shr, .asr,
      .ror, .band, .bor, .bxor, .bnot, .neg, .eidx:
      return true
    default: return false
    }
  }

  /// The mul operations ``Machine/pureMulResult(_:_:_:)`` computes.
  static func isPureMul(_ kind: MulKind) -> Bool {
    switch kind {
    case .nop, .add, .sub, .fmul, .mov, .fmov: return true
    case .umul24, .vfmul, .smul24, .multop: return false
    }
  }

  /// Whether a mul operation reads its second operand.
  static func mulUsesB(_ kind: MulKind) -> Bool {
    switch kind {
    case .nop, .mov, .fmov: return false
    case .add, .sub, .umul24, .vfmul, .smul24, .multop, .fmul: return true
    }
  }

  static func unpackCode(_ unpack: Unpack?) -> UInt8 {
    switch unpack ?? .none {
    case .none: return 0
    case .abs: return 1
    case .low: return 2
    case .high: return 3
    case .replicateF32: return 4
    case .replicateLow: return 5
    case .replicateHigh: return 6
    case .swap: return 7
    }
  }

  static func sfuFunction(_ opcode: AddOpcode) -> SFUFunction? {
    switch opcode {
    case .recip: return .recip
    case .rsqrt: return .rsqrt
    case .exp: return .exp
    case .log: return .log
    case .sin: return .sin
    case .rsqrt2: return .rsqrt2
    default: return nil
    }
  }

  static func mulKind(_ opcode: MulOpcode) -> MulKind {
    switch opcode {
    case .add: return .add
    case .sub: return .sub
    case .umul24: return .umul24
    case .vfmul: return .vfmul
    case .smul24: return .smul24
    case .multop: return .multop
    case .fmov: return .fmov
    case .nop: return .nop
    case .mov: return .mov
    case .fmul: return .fmul
    }
  }

  static func addKind(_ opcode: AddOpcode) -> AddKind {
    switch opcode {
    case .fadd, .faddnf: return .fadd
    case .vfpack: return .vfpack
    case .add: return .add
    case .sub: return .sub
    case .fsub: return .fsub
    case .min: return .imin
    case .max: return .imax
    case .umin: return .umin
    case .umax: return .umax
    case .shl: return .shl
    case .shr: return .shr
    case .asr: return .asr
    case .ror: return .ror
    case .fmin: return .fmin
    case .fmax: return .fmax
    case .vfmin: return .vfmin
    case .vfmax: return .vfmax
    case .and: return .band
    case .or: return .bor
    case .xor: return .bxor
    case .not: return .bnot
    case .neg: return .neg
    case .flapush: return .flapush
    case .flbpush: return .flbpush
    case .flpop: return .flpop
    case .recip, .rsqrt, .exp, .log, .sin, .rsqrt2: return .sfu
    case .nop: return .nop
    case .tidx: return .tidx
    case .eidx: return .eidx
    case .lr: return .lr
    case .vfla: return .vfla
    case .vflna: return .vflna
    case .vflb: return .vflb
    case .vflnb: return .vflnb
    case .barrierid: return .barrierid
    case .tmuwt: return .tmuwt
    case .vpmwt: return .vpmwt
    case .fcmp: return .fcmp
    case .fround: return .fround
    case .ftoin: return .ftoin
    case .ftrunc: return .ftrunc
    case .ftoiz: return .ftoiz
    case .ffloor: return .ffloor
    case .ftouz: return .ftouz
    case .fceil: return .fceil
    case .fdx: return .fdx
    case .fdy: return .fdy
    case .itof: return .itof
    case .clz: return .clz
    case .utof: return .utof
    case .vadd, .vsub, .setmsf, .setrevf, .fxcd, .xcd, .fycd, .ycd, .msf, .revf, .iid,
      .sampid, .flafirst, .flnafirst, .vpmsetup, .ldvpmvIn, .ldvpmvOut, .ldvpmdIn, .ldvpmdOut,
      .ldvpmp, .ldvpmgIn, .ldvpmgOut, .ftoc, .stvpmv, .stvpmd, .stvpmp:
      return .unsupported
    }
  }
}
