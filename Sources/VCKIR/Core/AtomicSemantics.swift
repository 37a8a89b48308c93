/// What the `atomic_*` operations compute, on 32-bit patterns.
///
/// An atomic reads the word at each active lane's address, stores the new word computed
/// here, and returns the old word. The 16 lanes of one instruction are applied **one after
/// the other in ascending lane order** (lane 0 first), each seeing the memory as the
/// lanes before it left it: two lanes that add 1 to one word both count, and the lower
/// lane gets the older value. The interpreter, the emulator and the language
/// specification all use this order.
public enum AtomicSemantics {
  /// The word an atomic stores, given the `old` word and the operands `a` (and `b`, the
  /// new value of a compare-exchange whose `a` is the expected value). `scalar` is the
  /// operand type: `min`/`max` are signed on `i32` and unsigned otherwise.
  public static func newValue(
    _ opcode: Opcode, _ scalar: ScalarType, old: UInt32, _ a: UInt32, _ b: UInt32 = 0
  ) -> UInt32 {
    switch opcode {
    case .atomicAdd: return old &+ a
    case .atomicSub: return old &- a
    case .atomicMin:
      guard scalar == .i32 else { return Swift.min(old, a) }
      return UInt32(bitPattern: Swift.min(Int32(bitPattern: old), Int32(bitPattern: a)))
    case .atomicMax:
      guard scalar == .i32 else { return Swift.max(old, a) }
      return UInt32(bitPattern: Swift.max(Int32(bitPattern: old), Int32(bitPattern: a)))
    case .atomicAnd: return old & a
    case .atomicOr: return old | a
    case .atomicXor: return old ^ a
    case .atomicExchange: return a
    case .atomicCompareExchange: return old == a ? b : old
    default: return old
    }
  }
}
