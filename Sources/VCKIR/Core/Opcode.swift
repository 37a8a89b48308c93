/// The operations of the IR (terminators are separate, see ``Terminator``).
///
/// The raw value is the textual mnemonic. Properties come from one table,
/// ``Opcode/info``, so adding an operation is one row plus its semantics.
public enum Opcode: String, CaseIterable, Hashable, Sendable {
  // Values from nowhere.
  case constant = "const"
  case lane, qpu, qpus
  /// Workgroup id y and z of a grid launch (`qpu` is workgroup id x).
  case groupY = "group_y"
  case groupZ = "group_z"
  /// The extents of a grid launch (points along x, y, z).
  case gridX = "grid_x"
  case gridY = "grid_y"
  case gridZ = "grid_z"
  // Arithmetic; `shr` is arithmetic on i32 and logical on u32.
  case add, sub, mul, div, rem, min, max
  case and, or, xor, shl, shr
  /// u32 × u32 using only the low 24 bits of each operand (the QPU's `umul24`).
  case mul24
  case eq, ne, lt, le, gt, ge
  case neg, not, abs
  /// Leading zero bits of a u32 (32 for 0): the QPU's `clz`.
  case clz
  case floor, ceil, round, trunc
  // SFU-backed math.
  case sqrt, rsqrt, recip, exp2, log2, sin, cos
  // Conversions.
  case convert, bitcast
  case select
  // Cross-lane operations.
  case rotate, broadcast
  case reduceAdd = "reduce_add"
  case reduceMin = "reduce_min"
  case reduceMax = "reduce_max"
  case any, all
  // Memory and synchronisation.
  case load, store, barrier
  // Atomic read-modify-write of global memory; the result is the old value. `min`/`max`
  // are signed on i32 and unsigned on u32 (see ``AtomicSemantics``).
  case atomicAdd = "atomic_add"
  case atomicSub = "atomic_sub"
  case atomicMin = "atomic_min"
  case atomicMax = "atomic_max"
  case atomicAnd = "atomic_and"
  case atomicOr = "atomic_or"
  case atomicXor = "atomic_xor"
  case atomicExchange = "atomic_xchg"
  case atomicCompareExchange = "atomic_cmpxchg"
}

/// How the verifier checks an opcode's operand and result types.
public enum OpcodeCategory: Sendable {
  /// `const`: no operands, uniform result.
  case constant
  /// `lane`, `qpu`, `qpus`: no operands, u32 result.
  case index
  /// Two operands and the result of one numeric type (integer only when `integerOnly`).
  case arithmetic(integerOnly: Bool)
  /// Two operands and the result of one integer or bool type.
  case bitwise
  /// Integer value and integer shift amount; the result has the value's type.
  case shift
  /// Two operands of one type, bool result (ordering needs a numeric type).
  case comparison(ordered: Bool)
  /// One operand; `integerOrBool` for `not`, otherwise numeric (`floatOnly` for SFU math).
  case unary(floatOnly: Bool, integerOrBool: Bool)
  /// One operand converted to the result type (value or bit pattern).
  case conversion
  /// Condition (bool), then two operands of the result type.
  case select
  /// Varying value and uniform integer lane amount.
  case laneMove
  /// One numeric operand and an optional varying-bool mask; uniform result.
  case reduction
  /// One bool operand; uniform bool result.
  case vote
  case load, store, barrier
  /// `atomic_*`: address, operand(s) and an optional mask; result of the operand type.
  case atomic
}

/// Static facts about an opcode.
public struct OpcodeInfo: Sendable {
  /// Which typing rule applies.
  public var category: OpcodeCategory
  /// Whether the operation does more than produce its result (memory, synchronisation).
  public var hasSideEffects: Bool
  /// Whether the operation reads memory (it must not move across stores or be merged).
  public var readsMemory: Bool
  /// Whether the backend computes it with the SFU (special function unit).
  public var usesSFU: Bool
}

extension Opcode {
  /// The table of opcode properties.
  public var info: OpcodeInfo {
    switch self {
    case .constant: return OpcodeInfo(.constant)
    case .lane, .qpu, .qpus, .groupY, .groupZ, .gridX, .gridY, .gridZ:
      return OpcodeInfo(.index)
    case .add, .sub, .mul, .div, .min, .max: return OpcodeInfo(.arithmetic(integerOnly: false))
    case .rem, .mul24: return OpcodeInfo(.arithmetic(integerOnly: true))
    case .and, .or, .xor: return OpcodeInfo(.bitwise)
    case .shl, .shr: return OpcodeInfo(.shift)
    case .eq, .ne: return OpcodeInfo(.comparison(ordered: false))
    case .lt, .le, .gt, .ge: return OpcodeInfo(.comparison(ordered: true))
    case .neg, .abs: return OpcodeInfo(.unary(floatOnly: false, integerOrBool: false))
    case .clz: return OpcodeInfo(.unary(floatOnly: false, integerOrBool: true))
    case .not: return OpcodeInfo(.unary(floatOnly: false, integerOrBool: true))
    case .floor, .ceil, .round, .trunc:
      return OpcodeInfo(.unary(floatOnly: true, integerOrBool: false))
    case .sqrt, .rsqrt, .recip, .exp2, .log2, .sin, .cos:
      return OpcodeInfo(.unary(floatOnly: true, integerOrBool: false), usesSFU: true)
    case .convert, .bitcast: return OpcodeInfo(.conversion)
    case .select: return OpcodeInfo(.select)
    case .rotate, .broadcast: return OpcodeInfo(.laneMove)
    case .reduceAdd, .reduceMin, .reduceMax: return OpcodeInfo(.reduction)
    case .any, .all: return OpcodeInfo(.vote)
    case .load: return OpcodeInfo(.load, readsMemory: true)
    case .store: return OpcodeInfo(.store, hasSideEffects: true)
    case .barrier: return OpcodeInfo(.barrier, hasSideEffects: true, readsMemory: true)
    case .atomicAdd, .atomicSub, .atomicMin, .atomicMax, .atomicAnd, .atomicOr, .atomicXor,
      .atomicExchange, .atomicCompareExchange:
      return OpcodeInfo(.atomic, hasSideEffects: true, readsMemory: true)
    }
  }

  /// Whether an instruction with this opcode may be removed when its result is unused,
  /// merged with an identical one, or moved (it has no side effects and reads no memory).
  public var isPure: Bool { !info.hasSideEffects && !info.readsMemory }

  /// Whether this is one of the `atomic_*` read-modify-write operations.
  public var isAtomic: Bool {
    if case .atomic = info.category { return true }
    return false
  }

  /// Operands of an unmasked atomic besides the address (2 for compare-exchange).
  public var atomicDataCount: Int { self == .atomicCompareExchange ? 2 : 1 }

  /// Whether `op(a, b) == op(b, a)`.
  public var isCommutative: Bool {
    switch self {
    case .add, .mul, .min, .max, .and, .or, .xor, .eq, .ne, .mul24: return true
    default: return false
    }
  }
}

extension OpcodeInfo {
  init(
    _ category: OpcodeCategory, hasSideEffects: Bool = false, readsMemory: Bool = false,
    usesSFU: Bool = false
  ) {
    self.category = category
    self.hasSideEffects = hasSideEffects
    self.readsMemory = readsMemory
    self.usesSFU = usesSFU
  }
}
