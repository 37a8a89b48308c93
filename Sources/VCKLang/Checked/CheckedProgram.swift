/// The checked AST: the contract between the front end and lowering.
///
/// Every expression carries its type, its uniformity and (when foldable) its constant value;
/// names are resolved to ``VariableID``s and ``FunctionID``s; built-ins are ``Builtin`` cases.
/// A checked program exists only when the source had no errors, so it holds no error nodes.
///
/// Helpers (`fn`) are *specialised* by the uniformity of their arguments: each distinct
/// combination used by a call site is one ``CheckedFunction`` whose body is checked under
/// that assumption. Helpers are always inlined; they never recurse.

/// Identifies a variable within one ``CheckedFunction`` (an index into its `variables`).
public struct VariableID: Hashable, Sendable, CustomStringConvertible {
  /// Index into ``CheckedFunction/variables``.
  public let index: Int
  public init(index: Int) { self.index = index }
  public var description: String { "%\(index)" }
}

/// Identifies a function within a ``CheckedProgram`` (an index into its `functions`).
public struct FunctionID: Hashable, Sendable, CustomStringConvertible {
  /// Index into ``CheckedProgram/functions``.
  public let index: Int
  public init(index: Int) { self.index = index }
  public var description: String { "@\(index)" }
}

/// A parameter, local or loop counter.
public struct Variable: Sendable {
  /// What declared the variable.
  public enum Kind: String, Sendable {
    /// A function or kernel parameter (immutable).
    case parameter
    /// A `let` (immutable).
    case constant = "let"
    /// A `var` (mutable).
    case variable = "var"
    /// The counter of a `for` loop (immutable in the body).
    case loopCounter = "for"
    /// The counter of an `unroll for`: a compile-time integer whose uses are typed by context
    /// (see ``CheckedExpression/Kind/unrollCounter(_:)``).
    case unrollCounter = "unroll"
  }

  /// The source name.
  public var name: String
  /// What declared it.
  public var kind: Kind
  /// Its type (for an unroll counter, `i32`; each use carries its own type).
  public var type: VCKType
  /// Whether it may differ between lanes anywhere in its lifetime.
  public var uniformity: Uniformity
  /// For a `let` whose value is known at compile time (without unrolling), that value.
  public var constantValue: ConstantValue?
  /// For a `let` whose initializer is constant once enclosing `unroll for` counters are
  /// known, that initializer (so register-array indices through it can be evaluated).
  public var constantInitializer: CheckedExpression?
  /// Where the name is declared.
  public var range: SourceRange

  /// Whether the variable can be assigned.
  public var isMutable: Bool { kind == .variable }
}

/// A typed expression.
public struct CheckedExpression: Sendable {
  /// The shapes of typed expressions.
  public indirect enum Kind: Sendable {
    /// A literal or folded constant (including references to top-level constants).
    case literal(ConstantValue)
    /// A read of a variable.
    case variable(VariableID)
    /// A read of an `unroll for` counter, typed by context (an integer type).
    case unrollCounter(VariableID)
    /// `op operand`; operand and result have the node's type (`!` on bool).
    case unary(UnaryOperator, CheckedExpression)
    /// `left op right`. Both sides have the same type, except for shifts, whose amount may be
    /// either integer type. Comparisons yield `bool`.
    case binary(BinaryOperator, CheckedExpression, CheckedExpression)
    /// A value conversion (`f32(x)`, `i32(x)`, `u32(x)`) to the node's type.
    case conversion(CheckedExpression)
    /// `bits(x)`: the same 32 bits reinterpreted as the node's type.
    case bitcast(CheckedExpression)
    /// A call of a built-in (never `barrier`, which is a statement).
    case builtin(Builtin, [CheckedExpression])
    /// A call of a helper specialisation (always inlined).
    case call(FunctionID, [CheckedExpression])
    /// `pointer[index]`: a load from global memory (element index, not bytes).
    case load(pointer: CheckedExpression, index: CheckedExpression)
    /// `array[index]`: a register-array element; the index is constant after unrolling.
    case element(array: CheckedExpression, index: CheckedExpression)
  }

  /// What the expression computes.
  public var kind: Kind
  /// Its type.
  public var type: VCKType
  /// Whether it may differ between lanes.
  public var uniformity: Uniformity
  /// Its value if it is known without unrolling.
  public var constantValue: ConstantValue?
  /// Where it is written.
  public var range: SourceRange

  /// Creates a typed expression.
  public init(
    kind: Kind, type: VCKType, uniformity: Uniformity, constantValue: ConstantValue? = nil,
    range: SourceRange
  ) {
    self.kind = kind
    self.type = type
    self.uniformity = uniformity
    self.constantValue = constantValue
    self.range = range
  }
}

/// Where an assignment stores.
public enum CheckedAssignmentTarget: Sendable {
  /// A whole `var` (scalar or register array).
  case variable(VariableID)
  /// One element of a register-array `var`; the index is constant after unrolling.
  case element(VariableID, index: CheckedExpression)
  /// Global memory: `pointer[index]`.
  case memory(pointer: CheckedExpression, index: CheckedExpression)
}

/// Facts about a loop that lowering needs.
public struct LoopInfo: Hashable, Sendable {
  /// Whether lanes may leave the loop at different iterations: the condition or bounds are
  /// varying, or a `break`/`return` happens under varying control. A varying loop runs under
  /// a lane mask and repeats while any lane is active.
  public var isVarying: Bool
}

/// A typed statement.
public struct CheckedStatement: Sendable {
  /// The shapes of typed statements.
  public indirect enum Kind: Sendable {
    /// `let`/`var` with its initial value.
    case declaration(VariableID, initialValue: CheckedExpression)
    /// `target = value`, or `target op= value` when `operator` is set.
    case assignment(CheckedAssignmentTarget, operator: BinaryOperator?, value: CheckedExpression)
    /// A call evaluated for its effect.
    case evaluate(CheckedExpression)
    /// `if`; a varying condition means masked execution of both sides.
    case ifElse(condition: CheckedExpression, then: CheckedBlock, else: CheckedBlock?)
    /// `while condition { body }`.
    case whileLoop(condition: CheckedExpression, body: CheckedBlock, info: LoopInfo)
    /// `for counter in start ..< end step step { body }` (the step defaults to 1).
    case forLoop(
      counter: VariableID, start: CheckedExpression, end: CheckedExpression,
      step: CheckedExpression, body: CheckedBlock, info: LoopInfo)
    /// `unroll for`: the body is repeated for `counter` = start, start+step, ... < end.
    case unrolledFor(counter: VariableID, start: Int64, end: Int64, step: Int64, body: CheckedBlock)
    /// `return` (with the value in a helper that has a result).
    case returnStatement(CheckedExpression?)
    /// `break` out of the innermost loop.
    case breakStatement
    /// `continue` with the next iteration of the innermost loop.
    case continueStatement
    /// `barrier()`: all QPUs of the launch meet (never under varying control).
    case barrier
  }

  /// What the statement does.
  public var kind: Kind
  /// Where it is written.
  public var range: SourceRange

  /// Creates a typed statement.
  public init(kind: Kind, range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// A typed block.
public struct CheckedBlock: Sendable {
  /// The statements in order.
  public var statements: [CheckedStatement]
  /// From `{` to `}`.
  public var range: SourceRange

  /// Creates a block.
  public init(statements: [CheckedStatement], range: SourceRange) {
    self.statements = statements
    self.range = range
  }
}

/// A checked kernel or helper specialisation.
public struct CheckedFunction: Sendable {
  /// Kernel (entry point) or helper.
  public enum Kind: String, Sendable {
    case kernel
    case helper = "fn"
  }

  /// The source name.
  public var name: String
  /// Kernel or helper.
  public var kind: Kind
  /// Parameters in order (their types and uniformity are in `variables`).
  public var parameters: [VariableID]
  /// The result type (`.void` for kernels and helpers without `->`).
  public var resultType: VCKType
  /// Whether the result may differ between lanes.
  public var resultUniformity: Uniformity
  /// The body.
  public var body: CheckedBlock
  /// Every variable of the function, indexed by ``VariableID``.
  public var variables: [Variable]
  /// Whether the body (or a helper it calls) contains `barrier()`.
  public var containsBarrier: Bool
  /// For a kernel declared `grid N`, N (1…3); 0 for a kernel without a grid (and helpers).
  public var gridDimensions = 0
  /// From the keyword to the closing brace.
  public var range: SourceRange

  /// The variable with the given id.
  public subscript(variable: VariableID) -> Variable { variables[variable.index] }

  /// Uniformity of each parameter: kernels' are uniform; a helper specialisation's are what
  /// its call sites pass.
  public var parameterUniformity: [Uniformity] { parameters.map { variables[$0.index].uniformity } }
}

/// A top-level `let` constant.
public struct GlobalConstant: Sendable {
  /// The name.
  public var name: String
  /// Its type; `nil` for an untyped integer constant, which takes the type its use needs.
  public var type: ScalarType?
  /// Its value.
  public var value: ConstantValue
  /// Where it is declared.
  public var range: SourceRange
}

/// A checked source file.
public struct CheckedProgram: Sendable {
  /// Kernels and helper specialisations, indexed by ``FunctionID``.
  public var functions: [CheckedFunction]
  /// The kernels, in source order.
  public var kernels: [FunctionID]
  /// Top-level constants (their uses are already folded to literals).
  public var constants: [GlobalConstant]

  /// The function with the given id.
  public subscript(function: FunctionID) -> CheckedFunction { functions[function.index] }

  /// The kernel named `name`, if any.
  public func kernel(named name: String) -> CheckedFunction? {
    kernels.lazy.map { functions[$0.index] }.first { $0.name == name }
  }
}
