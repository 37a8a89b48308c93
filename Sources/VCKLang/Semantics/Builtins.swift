/// The built-in functions. `barrier()` is a statement; the rest are expressions.
public enum Builtin: String, Hashable, Sendable, CaseIterable {
  // Indices (all u32).
  case lane, qpu, qpus, gid, gsize
  // Coordinates and extents of a `grid N` kernel's launch grid (u32).
  case gidX = "gid_x"
  case gidY = "gid_y"
  case gidZ = "gid_z"
  case gridX = "grid_x"
  case gridY = "grid_y"
  case gridZ = "grid_z"
  // Arithmetic on i32/u32/f32.
  case min, max, abs
  // Bit counts (integers; results u32), blends and clamps, natural exp/log.
  case clz, popcount, mix, clamp, exp, log
  // Rounding (f32, exact, on the float ALU).
  case floor, ceil, round, trunc
  // Special functions (f32, approximate; sqrt/rsqrt/recip/exp2/log2/sin on the SFU).
  case sqrt, rsqrt, recip, exp2, log2, sin, cos
  // Lane operations.
  case rotate, broadcast
  case reduceAdd = "reduce_add"
  case reduceMin = "reduce_min"
  case reduceMax = "reduce_max"
  // Selection and register arrays.
  case select, splat
  // Synchronisation of all QPUs of a launch.
  case barrier
  // Atomic read-modify-write of a memory element; the result is the old value.
  case atomicAdd = "atomic_add"
  case atomicSub = "atomic_sub"
  case atomicMin = "atomic_min"
  case atomicMax = "atomic_max"
  case atomicAnd = "atomic_and"
  case atomicOr = "atomic_or"
  case atomicXor = "atomic_xor"
  case atomicExchange = "atomic_xchg"
  case atomicCompareExchange = "atomic_cmpxchg"
  // Vector memory access: 2 or 4 consecutive elements per lane in one TMU lookup.
  case vload2, vload4, vstore2, vstore4

  /// The name as written in source.
  public var name: String { rawValue }

  /// The grid dimensions a kernel needs for this built-in: `nil` for built-ins that work
  /// in every kernel, 0 for the flat launch's indices (`qpu`, `qpus`, `gid`, `gsize`: only
  /// in kernels without a grid), and 1…3 for grid coordinates and extents.
  public var requiredGrid: Int? {
    switch self {
    case .qpu, .qpus, .gid, .gsize: return 0
    case .gidX, .gridX: return 1
    case .gidY, .gridY: return 2
    case .gidZ, .gridZ: return 3
    default: return nil
    }
  }

  /// Whether this is an `atomic_*` built-in, whose first argument is a memory element.
  public var isAtomic: Bool { rawValue.hasPrefix("atomic_") }

  /// For `vloadN` and `vstoreN`, N (the elements each lane moves); `nil` otherwise.
  public var vectorWidth: Int? {
    switch self {
    case .vload2, .vstore2: return 2
    case .vload4, .vstore4: return 4
    default: return nil
    }
  }

  /// Whether this is `vload2` or `vload4` (a vector load, whose result is a register array).
  public var isVectorLoad: Bool { self == .vload2 || self == .vload4 }

  /// How the result's uniformity follows from the arguments.
  public enum UniformityRule: Sendable {
    /// Always uniform (e.g. `qpu()`, `broadcast`, `reduce_add`).
    case uniform
    /// Always varying (`lane()`, `gid()`).
    case varying
    /// Uniform exactly when every argument is uniform.
    case fromArguments
  }

  /// What a parameter accepts.
  enum ParameterRule: Sendable {
    /// Exactly this type.
    case exactly(ScalarType)
    /// The call's element type `T` (the same for every `.element` parameter).
    case element
    /// Exactly this type, and the argument must be uniform.
    case uniform(ScalarType)
  }

  /// What the result is.
  enum ResultRule: Sendable {
    case exactly(ScalarType)
    case element
    /// A register array of `T`, sized by the context (`splat`).
    case arrayFromContext
    case none
  }

  /// The signature of a built-in.
  struct Signature: Sendable {
    var parameters: [ParameterRule]
    var elementTypes: [ScalarType]
    var result: ResultRule
    var uniformity: UniformityRule
  }

  static let numeric: [ScalarType] = [.i32, .u32, .f32]

  /// The signature table: one row per built-in.
  static let signatures: [Builtin: Signature] = [
    .lane: Signature(
      parameters: [], elementTypes: [], result: .exactly(.u32), uniformity: .varying),
    .qpu: Signature(parameters: [], elementTypes: [], result: .exactly(.u32), uniformity: .uniform),
    .qpus: Signature(
      parameters: [], elementTypes: [], result: .exactly(.u32), uniformity: .uniform),
    .gid: Signature(parameters: [], elementTypes: [], result: .exactly(.u32), uniformity: .varying),
    .gsize: Signature(
      parameters: [], elementTypes: [], result: .exactly(.u32), uniformity: .uniform),
    .gidX: coordinate, .gidY: coordinate, .gidZ: coordinate,
    .gridX: extent, .gridY: extent, .gridZ: extent,
    .min: Signature(
      parameters: [.element, .element], elementTypes: numeric, result: .element,
      uniformity: .fromArguments),
    .max: Signature(
      parameters: [.element, .element], elementTypes: numeric, result: .element,
      uniformity: .fromArguments),
    .abs: Signature(
      parameters: [.element], elementTypes: [.i32, .f32], result: .element,
      uniformity: .fromArguments),
    .clz: bitCount, .popcount: bitCount,
    .mix: Signature(
      parameters: [.element, .element, .element], elementTypes: [.f32], result: .element,
      uniformity: .fromArguments),
    .clamp: Signature(
      parameters: [.element, .element, .element], elementTypes: numeric, result: .element,
      uniformity: .fromArguments),
    .exp: floatFunction, .log: floatFunction,
    .floor: floatFunction, .ceil: floatFunction, .round: floatFunction, .trunc: floatFunction,
    .sqrt: floatFunction, .rsqrt: floatFunction, .recip: floatFunction, .exp2: floatFunction,
    .log2: floatFunction, .sin: floatFunction, .cos: floatFunction,
    .rotate: Signature(
      parameters: [.element, .uniform(.u32)], elementTypes: numeric, result: .element,
      uniformity: .fromArguments),
    .broadcast: Signature(
      parameters: [.element, .uniform(.u32)], elementTypes: numeric, result: .element,
      uniformity: .uniform),
    .reduceAdd: reduction, .reduceMin: reduction, .reduceMax: reduction,
    .select: Signature(
      parameters: [.exactly(.bool), .element, .element], elementTypes: numeric + [.bool],
      result: .element, uniformity: .fromArguments),
    .splat: Signature(
      parameters: [.element], elementTypes: numeric, result: .arrayFromContext,
      uniformity: .fromArguments),
    .barrier: Signature(parameters: [], elementTypes: [], result: .none, uniformity: .uniform),
    .atomicAdd: atomic, .atomicSub: atomic, .atomicMin: atomic, .atomicMax: atomic,
    .atomicAnd: atomic, .atomicOr: atomic, .atomicXor: atomic,
    .atomicExchange: Signature(
      parameters: [.element, .element], elementTypes: numeric, result: .element,
      uniformity: .varying),
    .atomicCompareExchange: Signature(
      parameters: [.element, .element, .element], elementTypes: [.i32, .u32], result: .element,
      uniformity: .varying),
    .vload2: vectorLoad, .vload4: vectorLoad, .vstore2: vectorStore, .vstore4: vectorStore,
  ]

  /// `vloadN(p, i)`: the pointer, the vector index; a `[N]T` array (checked apart, in
  /// `FunctionChecker.checkVectorAccess`; the row gives the arity and the help text).
  static let vectorLoad = Signature(
    parameters: [.element, .exactly(.u32)], elementTypes: numeric, result: .arrayFromContext,
    uniformity: .fromArguments)
  /// `vstoreN(p, i, v)`: the pointer, the vector index and a `[N]T` array.
  static let vectorStore = Signature(
    parameters: [.element, .exactly(.u32), .element], elementTypes: numeric, result: .none,
    uniformity: .fromArguments)

  /// A coordinate of the lane's grid point (varying).
  static let coordinate = Signature(
    parameters: [], elementTypes: [], result: .exactly(.u32), uniformity: .varying)
  /// An extent of the launch grid (uniform).
  static let extent = Signature(
    parameters: [], elementTypes: [], result: .exactly(.u32), uniformity: .uniform)

  /// `atomic_op(p[i], v)` on `*i32`/`*u32` (the first parameter is the memory element).
  static let atomic = Signature(
    parameters: [.element, .element], elementTypes: [.i32, .u32], result: .element,
    uniformity: .varying)

  static let bitCount = Signature(
    parameters: [.element], elementTypes: [.i32, .u32], result: .exactly(.u32),
    uniformity: .fromArguments)
  static let floatFunction = Signature(
    parameters: [.element], elementTypes: [.f32], result: .element, uniformity: .fromArguments)
  static let reduction = Signature(
    parameters: [.element], elementTypes: numeric, result: .element, uniformity: .uniform)

  var signature: Signature {
    Builtin.signatures[self]
      ?? Signature(parameters: [], elementTypes: [], result: .none, uniformity: .uniform)
  }

  /// How the result's uniformity is decided.
  public var uniformityRule: UniformityRule { signature.uniformity }

  /// Number of arguments.
  public var arity: Int { signature.parameters.count }

  /// A readable signature for messages and documentation, e.g. `min(T, T) -> T`.
  public var signatureText: String {
    let signature = self.signature
    let parameters = signature.parameters.map { rule -> String in
      switch rule {
      case .exactly(let type): return type.rawValue
      case .element:
        return signature.elementTypes.count == 1 ? signature.elementTypes[0].rawValue : "T"
      case .uniform(let type): return "uniform \(type.rawValue)"
      }
    }
    var text = "\(name)(\(parameters.joined(separator: ", ")))"
    switch signature.result {
    case .exactly(let type): text += " -> \(type)"
    case .element:
      text += signature.elementTypes.count == 1 ? " -> \(signature.elementTypes[0])" : " -> T"
    case .arrayFromContext: text += " -> [N]T"
    case .none: break
    }
    if signature.elementTypes.count > 1 {
      text += ", T in \(signature.elementTypes.map(\.rawValue).joined(separator: "/"))"
    }
    return text
  }
}
