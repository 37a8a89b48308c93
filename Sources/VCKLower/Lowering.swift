import VCKIR
import VCKLang

/// Why a checked program could not be lowered.
public struct LoweringError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What went wrong.
  public var message: String
  /// Where, when a source construct is to blame.
  public var range: SourceRange?

  public init(_ message: String, at range: SourceRange? = nil) {
    self.message = message
    self.range = range
  }

  public var description: String { message }
}

/// Lowering from the checked AST of VCKLang to VCKIR.
///
/// - Variables become SSA values by on-the-fly SSA construction (``SSAConstruction``).
/// - `fn` helpers are inlined at every call; register arrays become one value per
///   element; `unroll for` bodies are repeated with the counter as a constant.
/// - Uniform `if`/`while`/`for` become branches. Varying ones run under a lane mask: the
///   mask is an SSA value, assignments under it become `select`s, loads, stores and
///   reductions take it as their mask operand, and blocks are entered only when some
///   lane is active (`cbr any(mask)`); varying loops repeat while any lane is active.
/// - `break`, `continue` and `return` under varying control remove lanes from the mask;
///   where every active lane leaves together they are plain branches.
public enum Lowering {
  /// Lowers the kernel `kernel` of `program` to a verified IR function.
  ///
  /// Lowering recurses over nested statements (the front end allows 1,000 levels of
  /// blocks and long `else if` chains, which nest in the tree), so it runs on a thread
  /// with the front end's large stack, whatever the caller's stack.
  public static func lower(_ program: CheckedProgram, kernel: FunctionID) throws(LoweringError)
    -> Function
  {
    let result = withLargeStack(bytes: Frontend.stackBytes) {
      Result(catching: { () throws(LoweringError) -> Function in
        try lowerOnCurrentThread(program, kernel: kernel)
      })
    }
    return try result.get()
  }

  static func lowerOnCurrentThread(_ program: CheckedProgram, kernel: FunctionID)
    throws(LoweringError) -> Function
  {
    guard program.functions.indices.contains(kernel.index) else {
      throw LoweringError("no function \(kernel)")
    }
    var lowerer = try Lowerer(program: program, kernel: program[kernel])
    try lowerer.lowerKernelBody()
    return try lowerer.finish()
  }

  /// Lowers every kernel of `program`, in source order.
  public static func lowerKernels(_ program: CheckedProgram) throws(LoweringError) -> [Function] {
    var result: [Function] = []
    for kernel in program.kernels { result.append(try lower(program, kernel: kernel)) }
    return result
  }
}

typealias IRScalar = VCKIR.ScalarType
typealias LangScalar = VCKLang.ScalarType

extension LangScalar {
  var ir: IRScalar {
    switch self {
    case .i32: return .i32
    case .u32: return .u32
    case .f32: return .f32
    case .bool: return .bool
    }
  }
}

extension Uniformity {
  var shape: Shape { self == .uniform ? .uniform : .varying }
}

/// A kernel, helper or loop whose exits lowering tracks.
struct ControlScope {
  enum Kind { case kernel, helper, loop }
  var kind: Kind
  var id: Int
  /// The varying-control depth where the scope's body starts: an exit at the same
  /// depth is taken by all active lanes together.
  var nesting: Int
  /// Where a helper return or a loop `break` jumps.
  var exit: BlockID?
  /// Where a loop `continue` jumps.
  var latch: BlockID?
  /// Exits that removed only some lanes (masked exits).
  var maskedBreaks = 0
  var maskedContinues = 0
  var maskedReturns = 0

  var maskedExits: Int { maskedBreaks + maskedContinues + maskedReturns }
}

/// One inlined function: its variables and the values of its `unroll for` counters.
struct Frame {
  var function: CheckedFunction
  var instance: Int
  var evaluator: ConstantEvaluator
  var unrollValues: [VariableID: Int64] = [:]
}

/// The lowering of one kernel.
struct Lowerer {
  static let maximumInlineDepth = 64
  static let maximumUnrolledIterations = 65_536
  static let maximumExpressionDepth = 2_000

  let program: CheckedProgram
  var ssa: SSAConstruction
  var scopes: [ControlScope] = []
  var frames: [Frame] = []
  var nextInstance = 1
  var nextScope = 1
  /// How many varying constructs enclose the current point.
  var varyingNesting = 0
  /// Whether every lane that entered the kernel is known to be active here.
  var allLanesActive = true
  var expressionDepth = 0
  /// The mask under which each variable declared under a partial mask was declared.
  var declarationMasks: [VariableKey: Value] = [:]

  init(program: CheckedProgram, kernel: CheckedFunction) throws(LoweringError) {
    self.program = program
    var parameters: [Parameter] = []
    for id in kernel.parameters {
      let variable = kernel[id]
      switch variable.type {
      case .scalar(let scalar):
        parameters.append(Parameter(name: variable.name, kind: .scalar(scalar.ir)))
      case .pointer(let element):
        parameters.append(Parameter(name: variable.name, kind: .buffer(element: element.ir)))
      default:
        throw LoweringError(
          "kernel parameter '\(variable.name)' has type \(variable.type), which a launch cannot pass",
          at: variable.range)
      }
    }
    var builder = IRBuilder(name: kernel.name, parameters: parameters)
    builder.function.gridDimensions = kernel.gridDimensions
    let values = builder.parameterValues
    ssa = SSAConstruction(builder: builder)
    frames = [
      Frame(function: kernel, instance: 0, evaluator: ConstantEvaluator(function: kernel))
    ]
    scopes = [ControlScope(kind: .kernel, id: 0, nesting: 0)]
    for (index, id) in kernel.parameters.enumerated() {
      let key = VariableKey.local(instance: 0, index: id.index)
      ssa.types[key] = parameters[index].valueType
      ssa.write(key, values[index])
    }
    ssa.types[.mask] = .varying(.bool)
    ssa.types[.returned(scope: 0)] = .varying(.bool)
    ssa.write(.mask, constant(true))
    ssa.write(.returned(scope: 0), constant(false))
    if kernel.gridDimensions > 0 {
      // The last workgroup of a row may reach past the grid: those lanes do nothing.
      let x = gridCoordinateX()
      ssa.write(.mask, emit(.lt, [x, emit(.gridX, [])]))
      allLanesActive = false
    }
  }

  /// `gid_x()` of a grid kernel: workgroups are 16 × 1 × 1 points, so x = 16 · group x
  /// (the payload's workgroup id, the IR's `qpu`) + lane.
  mutating func gridCoordinateX() -> Value {
    emit(.add, [emit(.shl, [emit(.qpu, []), constant(4, .u32)]), emit(.lane, [])])
  }

  var frame: Frame { frames[frames.count - 1] }

  mutating func lowerKernelBody() throws(LoweringError) {
    try lower(frame.function.body)
    ssa.returnFromKernel()
  }

  /// Cleans up SSA construction and verifies the result.
  mutating func finish() throws(LoweringError) -> Function {
    if let problem = ssa.problems.first {
      throw LoweringError("internal lowering error: \(problem)")
    }
    if let error = ssa.builder.errors.first {
      throw LoweringError("internal lowering error: \(error.message)")
    }
    var function = ssa.builder.function
    function.removeUnreachableBlocks()
    RemoveTrivialParameters().run(on: &function)
    let problems = Verifier.check(function)
    if !problems.isEmpty {
      throw LoweringError(
        "internal lowering error: invalid IR for \(function.name): "
          + problems.prefix(3).joined(separator: "; "))
    }
    return function
  }

  // MARK: Small helpers

  mutating func constant(_ value: Bool) -> Value { ssa.builder.constant(value) }

  mutating func constant(_ bits: UInt32, _ scalar: IRScalar) -> Value {
    ssa.builder.constant(bits: bits, scalar)
  }

  mutating func emit(_ opcode: Opcode, _ operands: [Value], type: IRScalar? = nil) -> Value {
    ssa.builder.emit(opcode, operands, type: type)
  }

  func type(of value: Value) -> IRType { ssa.builder.function.type(of: value) }

  /// The current lane mask, or `nil` when every lane is active.
  mutating func activeMask() -> Value? { allLanesActive ? nil : ssa.read(.mask) }

  /// Writes `value` to `key`, keeping inactive lanes' old value under a partial mask.
  ///
  /// A variable the checker proved uniform holds the same value in every lane that can
  /// observe it, so it is written whole (as ISPC does with `uniform` variables).
  ///
  /// A variable declared under the very mask that is active now (same SSA value: no
  /// lanes have left since) is also written whole: lanes outside that mask never see it.
  mutating func assign(_ key: VariableKey, _ value: Value) {
    if allLanesActive || ssa.types[key]?.shape == .uniform {
      ssa.write(key, value)
    } else if let declared = declarationMasks[key], declared == ssa.read(.mask) {
      ssa.write(key, value)
    } else {
      let old = ssa.read(key)
      ssa.write(key, emit(.select, [ssa.read(.mask), value, old]))
    }
  }

  func key(_ variable: VariableID) -> VariableKey {
    .local(instance: frame.instance, index: variable.index)
  }

  func elementKey(_ variable: VariableID, _ element: Int) -> VariableKey {
    .element(instance: frame.instance, index: variable.index, element: element)
  }

  /// Records the IR type of a variable of the current frame (elements for arrays).
  mutating func declareType(of variable: VariableID) {
    let declaration = frame.function[variable]
    let shape = declaration.uniformity.shape
    switch declaration.type {
    case .scalar(let scalar): ssa.types[key(variable)] = IRType(scalar.ir, shape)
    case .pointer: ssa.types[key(variable)] = .uniform(.u32)
    case .array(let element, let count):
      for index in 0..<max(0, count) {
        ssa.types[elementKey(variable, index)] = IRType(element.ir, shape)
      }
    case .void: break
    }
  }
}
