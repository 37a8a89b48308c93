import QPUISA

extension Machine {
  /// The add ALU's result for the operations of a pure instruction
  /// (``Predecoder/isPureAdd(_:)``), as ``addResult(_:_:_:_:_:)`` computes it.
  @inline(__always)
  func pureAddResult(_ kind: AddKind, _ a: Lanes, _ b: Lanes) -> Lanes {
    switch kind {
    case .fadd: return LaneMath.lanes(LaneMath.floats(a) + LaneMath.floats(b))
    case .fsub, .fcmp: return LaneMath.lanes(LaneMath.floats(a) - LaneMath.floats(b))
    case .add: return a &+ b
    case .sub: return a &- b
    case .imin: return LaneMath.unsigned(pointwiseMin(LaneMath.signed(a), LaneMath.signed(b)))
    case .imax: return LaneMath.unsigned(pointwiseMax(LaneMath.signed(a), LaneMath.signed(b)))
    case .umin: return pointwiseMin(a, b)
    case .umax: return pointwiseMax(a, b)
    case .shl: return a &<< b
    case .shr: return a &>> b
    case .asr: return LaneMath.unsigned(LaneMath.signed(a) &>> LaneMath.signed(b))
    case .ror: return (a &>> b) | (a &<< (Lanes(repeating: 32) &- b))
    case .band: return a & b
    case .bor: return a | b
    case .bxor: return a ^ b
    case .bnot: return ~a
    case .neg: return Lanes() &- a
    case .eidx: return Lanes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
    default: return Lanes()  // .nop (the pre-decoder marks no other operation pure)
    }
  }

  /// The mul ALU's result for the operations of a pure instruction
  /// (``Predecoder/isPureMul(_:)``), as ``mulResult(_:_:_:_:)`` computes it.
  @inline(__always)
  func pureMulResult(_ kind: MulKind, _ a: Lanes, _ b: Lanes) -> Lanes {
    switch kind {
    case .add: return a &+ b
    case .sub: return a &- b
    case .fmul: return LaneMath.lanes(LaneMath.floats(a) * LaneMath.floats(b))
    case .mov, .fmov: return a
    default: return Lanes()  // .nop
    }
  }

  /// The add ALU's result for operands already unpacked. The common operations
  /// are inlined into the interpreter; the others are one call away.
  @inline(__always)
  func addResult(
    _ kind: AddKind, _ a: Lanes, _ b: Lanes, _ thread: HardwareThread,
    _ ip: UnsafeMutablePointer<DecodedInstruction>
  ) throws(EmulatorError) -> Lanes {
    switch kind {
    case .nop, .fadd, .fsub, .fcmp, .add, .sub, .imin, .imax, .umin, .umax, .shl, .shr, .asr,
      .ror, .band, .bor, .bxor, .bnot, .neg, .eidx:
      return pureAddResult(kind, a, b)
    default: return try rareAddResult(kind, a, b, thread, ip)
    }
  }

  /// The add ALU's result for the operations ``addResult`` does not inline.
  @inline(never)
  func rareAddResult(
    _ kind: AddKind, _ a: Lanes, _ b: Lanes, _ thread: HardwareThread,
    _ ip: UnsafeMutablePointer<DecodedInstruction>
  ) throws(EmulatorError) -> Lanes {
    let p = thread.state
    switch kind {
    case .nop, .fadd, .fsub, .fcmp, .add, .sub, .imin, .imax, .umin, .umax, .shl, .shr, .asr,
      .ror, .band, .bor, .bxor, .bnot, .neg, .eidx:
      return pureAddResult(kind, a, b)
    case .fmin: return LaneMath.float(a, b) { FloatBits.minimum($0, $1) }
    case .fmax: return LaneMath.float(a, b) { FloatBits.maximum($0, $1) }
    case .clz: return LaneMath.bits(a) { UInt32($0.leadingZeroBitCount) }
    case .itof: return LaneMath.bits(a) { Float(Int32(bitPattern: $0)).bitPattern }
    case .utof: return LaneMath.bits(a) { Float($0).bitPattern }
    case .ftoiz:
      return LaneMath.bits(a) { FloatBits.int32(Float(bitPattern: $0), rounding: .towardZero) }
    case .ftoin:
      return LaneMath.bits(a) { FloatBits.int32(Float(bitPattern: $0), rounding: .toNearestOrEven) }
    case .ftouz: return LaneMath.bits(a) { FloatBits.uint32Truncating(Float(bitPattern: $0)) }
    case .fround: return LaneMath.float(a) { $0.rounded(.toNearestOrEven) }
    case .ftrunc: return LaneMath.float(a) { $0.rounded(.towardZero) }
    case .ffloor: return LaneMath.float(a) { $0.rounded(.down) }
    case .fceil: return LaneMath.float(a) { $0.rounded(.up) }
    case .fdx:
      var result = Lanes()
      for lane in 0..<16 {
        let even = lane & ~1
        result[lane] = (Float(bitPattern: a[even + 1]) - Float(bitPattern: a[even])).bitPattern
      }
      return result
    case .fdy:
      var result = Lanes()
      for lane in 0..<16 {
        let top = (lane & ~3) | (lane & 1)
        result[lane] = (Float(bitPattern: a[top + 2]) - Float(bitPattern: a[top])).bitPattern
      }
      return result
    case .vfpack:
      return LaneMath.bits(a) { UInt32(FloatBits.half(fromFloat: $0)) }
        | (LaneMath.bits(b) { UInt32(FloatBits.half(fromFloat: $0)) } &<< 16)
    case .vfmin: return LaneMath.halves(a, b) { FloatBits.minimum($0, $1) }
    case .vfmax: return LaneMath.halves(a, b) { FloatBits.maximum($0, $1) }
    case .flapush: return (a &<< 2) &+ (p.pointee.flagA & 3)
    case .flbpush: return (a &<< 2) &+ (p.pointee.flagB & 3)
    case .flpop: return a &>> 2
    case .vfla: return p.pointee.flagA & 0x0001_0001
    case .vflna: return ~p.pointee.flagA & 0x0001_0001
    case .vflb: return p.pointee.flagB & 0x0001_0001
    case .vflnb: return ~p.pointee.flagB & 0x0001_0001
    case .tidx: return Lanes(repeating: thread.threadIndex)
    case .lr: return Lanes(repeating: p.pointee.link)
    case .barrierid:
      return Lanes(
        repeating: UInt32(thread.batch / UInt64(configuration.batchesPerSupergroup) & 0xFFFF))
    case .tmuwt:
      p.pointee.outstandingStores = 0
      if modelsTiming {
        stall(
          thread, until: timing.storesComplete(thread: thread.qpu << 2 | thread.slot),
          .tmuStoreWait)
      }
      return Lanes()
    case .vpmwt: return Lanes()
    case .sfu:
      statistics[thread.qpu].sfuOperations += 1
      if modelsTiming {
        stall(thread, until: timing.sfuAccept(qpu: thread.qpu, now: qpuClockNow(thread)), .sfu)
      }
      return SFU.compute(ip.pointee.sfuFunction, a)
    case .unsupported:
      throw fault(
        thread, .unsupported,
        "operation has no compute semantics that the emulator models (graphics-only or unknown)")
    }
  }

  /// The mul ALU's result for operands already rotated and unpacked.
  @inline(__always)
  func mulResult(_ kind: MulKind, _ a: Lanes, _ b: Lanes, _ p: UnsafeMutablePointer<ThreadState>)
    -> Lanes
  {
    switch kind {
    case .nop, .add, .sub, .fmul, .mov, .fmov: return pureMulResult(kind, a, b)
    default: return rareMulResult(kind, a, b, p)
    }
  }

  /// The mul ALU's result for the operations ``mulResult`` does not inline.
  @inline(never)
  func rareMulResult(
    _ kind: MulKind, _ a: Lanes, _ b: Lanes, _ p: UnsafeMutablePointer<ThreadState>
  ) -> Lanes {
    switch kind {
    case .nop, .add, .sub, .fmul, .mov, .fmov: return pureMulResult(kind, a, b)
    case .umul24:
      let result = (a & 0xFF_FFFF) &* (b & 0xFF_FFFF) &+ p.pointee.rtop
      p.pointee.rtop = Lanes()
      return result
    case .smul24:
      let x = (LaneMath.signed(a) &<< 8) &>> 8
      let y = (LaneMath.signed(b) &<< 8) &>> 8
      return LaneMath.unsigned(x &* y)
    case .multop:
      let rtop = (((a &>> 24) &* (b & 0xFF_FFFF)) &+ ((b &>> 24) &* (a & 0xFF_FFFF))) &<< 24
      p.pointee.rtop = rtop
      return rtop
    case .vfmul: return LaneMath.halves(a, b) { $0 * $1 }
    }
  }
}
