/// Flag predicates (Z, N, C) and the push/update rules (semantics.md §3).
enum Flags {
  struct Predicates {
    var zero: LaneMask
    var negative: LaneMask
    var carry: LaneMask
  }

  /// All ones in lanes whose value is zero (branch-free, vectorises).
  @inline(__always)
  static func zeroMask(_ value: Lanes) -> LaneMask {
    ((value | (Lanes() &- value)) &>> 31) &- 1
  }

  /// All ones in lanes whose bit 31 is set.
  @inline(__always)
  static func signMask(_ value: Lanes) -> LaneMask { Lanes() &- (value &>> 31) }

  /// All ones in lanes where a < b as unsigned integers.
  @inline(__always)
  static func unsignedLess(_ a: Lanes, _ b: Lanes) -> LaneMask {
    signMask((~a & b) | (~(a ^ b) & (a &- b)))
  }

  /// All ones in lanes where a > b as signed integers.
  @inline(__always)
  static func signedGreater(_ a: Lanes, _ b: Lanes) -> LaneMask {
    let bias = Lanes(repeating: 0x8000_0000)
    return unsignedLess(b ^ bias, a ^ bias)
  }

  static func integer(_ value: Lanes, carry: LaneMask = LaneMask()) -> Predicates {
    Predicates(zero: zeroMask(value), negative: signMask(value), carry: carry)
  }

  static func float(_ value: Lanes) -> Predicates {
    Predicates(zero: zeroMask(value & 0x7FFF_FFFF), negative: signMask(value), carry: LaneMask())
  }

  static func addPredicates(_ kind: AddKind, _ value: Lanes, _ inputs: (Lanes, Lanes))
    -> Predicates
  {
    let (a, b) = inputs
    switch kind {
    case .add: return integer(value, carry: unsignedLess(value, a))
    case .sub: return integer(value, carry: unsignedLess(a, b))
    case .imin:
      return integer(value, carry: signedGreater(a, b))
    case .umin: return integer(value, carry: unsignedLess(b, a))
    case .fcmp:
      var less = LaneMask()
      var equal = LaneMask()
      for lane in 0..<16 {
        let x = Float(bitPattern: a[lane])
        let y = Float(bitPattern: b[lane])
        less[lane] = x < y ? ~0 : 0
        equal[lane] = x == y ? ~0 : 0
      }
      return Predicates(zero: equal, negative: less, carry: less | equal)
    case .fadd, .fsub, .fmin, .fmax, .fround, .ftrunc, .ffloor, .fceil, .fdx, .fdy, .itof,
      .utof:
      return float(value)
    default: return integer(value)
    }
  }

  static func mulPredicates(_ kind: MulKind, _ value: Lanes, _ inputs: (Lanes, Lanes))
    -> Predicates
  {
    let (a, b) = inputs
    switch kind {
    case .add: return integer(value, carry: unsignedLess(value, a))
    case .sub: return integer(value, carry: unsignedLess(a, b))
    case .fmul, .fmov: return float(value)
    default: return integer(value)
    }
  }

  /// Applies a push (1…3) or update (4…15) to the flags.
  static func apply(
    _ effect: UInt8, _ predicates: Predicates, _ flagA: inout LaneMask, _ flagB: inout LaneMask
  ) {
    if effect <= 3 {
      flagB = flagA
      flagA = effect == 1 ? predicates.zero : effect == 2 ? predicates.negative : predicates.carry
      return
    }
    let group = (effect - 4) / 4
    let x = group == 0 ? predicates.zero : group == 1 ? predicates.negative : predicates.carry
    switch (effect - 4) % 4 {
    case 0: flagA = flagA & x
    case 1: flagA = flagA & ~x
    case 2: flagA = ~(flagA | ~x)
    default: flagA = ~(flagA | x)
    }
  }
}
