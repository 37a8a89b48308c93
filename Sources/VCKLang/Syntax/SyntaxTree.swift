/// The parser's output: the program as written, with a source range on every node.
/// Names are not resolved and nothing is typed yet; see ``CheckedProgram`` for that.

/// A name as written, with its range.
public struct Identifier: Hashable, Sendable {
  /// The spelling.
  public var name: String
  /// Where it is written.
  public var range: SourceRange

  /// Creates an identifier.
  public init(name: String, range: SourceRange) {
    self.name = name
    self.range = range
  }
}

/// A type as written: `f32`, `*u32`, `[16]f32`.
public struct TypeSyntax: Sendable {
  /// The shapes a written type can take.
  public indirect enum Kind: Sendable {
    /// A type name (`i32`, `u32`, `f32`, `bool`, or an unknown name the checker rejects).
    case named(Identifier)
    /// `*T`: a pointer to global memory.
    case pointer(TypeSyntax)
    /// `[N]T`: a register array; `N` must be a constant expression.
    case array(count: Expression, element: TypeSyntax)
    /// A type the parser could not read (already diagnosed).
    case error
  }

  /// What the type is.
  public var kind: Kind
  /// Where it is written.
  public var range: SourceRange

  /// Creates a type node.
  public init(kind: Kind, range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// An expression as written.
public struct Expression: Sendable {
  /// The shapes an expression can take.
  public indirect enum Kind: Sendable {
    /// An integer literal; its value is exact and its type comes from context.
    case integerLiteral(UInt64)
    /// A float literal, rounded to the nearest `f32`.
    case floatLiteral(Float)
    /// `true` or `false`.
    case boolLiteral(Bool)
    /// A reference to a variable, parameter or constant.
    case name(Identifier)
    /// `op operand`.
    case unary(UnaryOperator, Expression)
    /// `left op right`.
    case binary(BinaryOperator, Expression, Expression)
    /// `callee(arguments)`: a built-in, a conversion or a `fn` helper.
    case call(callee: Identifier, arguments: [Expression])
    /// `base[index]`: a memory access through a pointer or a register-array element.
    case index(base: Expression, index: Expression)
    /// `(inner)`.
    case parenthesized(Expression)
    /// An expression the parser could not read (already diagnosed).
    case error
  }

  /// What the expression is.
  public var kind: Kind
  /// Where it is written.
  public var range: SourceRange
  /// Height of the tree below this node (1 for a leaf); bounded by the parser.
  let height: Int

  /// Creates an expression node.
  public init(kind: Kind, range: SourceRange) {
    self.kind = kind
    self.range = range
    switch kind {
    case .unary(_, let operand), .parenthesized(let operand):
      height = operand.height + 1
    case .binary(_, let left, let right), .index(let left, let right):
      height = max(left.height, right.height) + 1
    case .call(_, let arguments):
      height = (arguments.map(\.height).max() ?? 0) + 1
    case .integerLiteral, .floatLiteral, .boolLiteral, .name, .error:
      height = 1
    }
  }
}

/// `let name: T = value` or `var name: T = value` (the type or the value may be missing in
/// the source; the checker says what is required).
public struct VariableDeclarationSyntax: Sendable {
  /// `true` for `var`.
  public var isMutable: Bool
  /// The declared name.
  public var name: Identifier
  /// The written type, if any.
  public var type: TypeSyntax?
  /// The initial value, if any.
  public var initializer: Expression?
  /// The whole declaration.
  public var range: SourceRange
}

/// A `{ ... }` block.
public struct Block: Sendable {
  /// The statements in order.
  public var statements: [Statement]
  /// From `{` to `}`.
  public var range: SourceRange
}

/// `for i in start ..< end step s { body }`, possibly `unroll`ed.
public struct ForSyntax: Sendable {
  /// Whether the loop is written `unroll for`.
  public var isUnrolled: Bool
  /// The loop counter.
  public var variable: Identifier
  /// First value.
  public var start: Expression
  /// Bound (exclusive).
  public var end: Expression
  /// Increment, if written.
  public var step: Expression?
  /// The body.
  public var body: Block
}

/// A statement as written.
public struct Statement: Sendable {
  /// The shapes a statement can take.
  public indirect enum Kind: Sendable {
    /// `let` or `var`.
    case variable(VariableDeclarationSyntax)
    /// `target = value` or `target op= value` (`op` is `nil` for plain `=`).
    case assignment(target: Expression, operator: BinaryOperator?, value: Expression)
    /// An expression evaluated for its effect (a call).
    case expression(Expression)
    /// `if condition { } else { }`; an `else if` is an else block holding one `if`.
    case ifElse(condition: Expression, then: Block, else: Block?)
    /// `while condition { }`.
    case whileLoop(condition: Expression, body: Block)
    /// `for` or `unroll for`.
    case forLoop(ForSyntax)
    /// `return` or `return value`.
    case returnStatement(Expression?)
    /// `break`.
    case breakStatement
    /// `continue`.
    case continueStatement
    /// A statement the parser could not read (already diagnosed).
    case error
  }

  /// What the statement is.
  public var kind: Kind
  /// Where it is written.
  public var range: SourceRange
}

/// A parameter `name: T`.
public struct ParameterSyntax: Sendable {
  /// The parameter name.
  public var name: Identifier
  /// Its type.
  public var type: TypeSyntax
  /// The whole parameter.
  public var range: SourceRange
}

/// `kernel name(params) { }` or `fn name(params) -> T { }`.
public struct FunctionSyntax: Sendable {
  /// `true` for `kernel`, `false` for `fn`.
  public var isKernel: Bool
  /// The function's name.
  public var name: Identifier
  /// The parameters in order.
  public var parameters: [ParameterSyntax]
  /// The written result type (`-> T`), if any.
  public var resultType: TypeSyntax?
  /// `grid N`: the kernel runs once per point of an N-dimensional launch grid.
  public var grid: GridSyntax?
  /// The body.
  public var body: Block
  /// From the keyword to the closing brace.
  public var range: SourceRange
}

/// `grid N` after a kernel's parameter list.
public struct GridSyntax: Sendable {
  /// N as written (valid: 1, 2 or 3).
  public var dimensions: Int
  /// From `grid` to the number.
  public var range: SourceRange
}

/// A top-level declaration.
public enum DeclarationSyntax: Sendable {
  /// A kernel or helper function.
  case function(FunctionSyntax)
  /// A top-level `let` constant.
  case constant(VariableDeclarationSyntax)
}

/// A parsed file.
public struct SourceFileSyntax: Sendable {
  /// The declarations in source order.
  public var declarations: [DeclarationSyntax]
}
