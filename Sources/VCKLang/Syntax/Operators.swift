/// Prefix operators.
public enum UnaryOperator: String, Sendable, CaseIterable {
  /// `-x`: arithmetic negation (integers wrap).
  case negate = "-"
  /// `!b`: logical not.
  case logicalNot = "!"
  /// `~x`: bitwise complement.
  case bitwiseNot = "~"
}

/// Infix operators, from the loosest to the tightest binding group:
/// `||`; `&&`; comparisons; `+ - | ^`; `* / % << >> &`.
public enum BinaryOperator: String, Sendable, CaseIterable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case remainder = "%"
  case bitwiseAnd = "&"
  case bitwiseOr = "|"
  case bitwiseXor = "^"
  case shiftLeft = "<<"
  case shiftRight = ">>"
  case logicalAnd = "&&"
  case logicalOr = "||"
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="

  /// Binding strength: a higher number binds tighter.
  public var precedence: Int {
    switch self {
    case .logicalOr: return 1
    case .logicalAnd: return 2
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return 3
    case .add, .subtract, .bitwiseOr, .bitwiseXor: return 4
    case .multiply, .divide, .remainder, .shiftLeft, .shiftRight, .bitwiseAnd: return 5
    }
  }

  /// Whether the operator compares two values and yields `bool`.
  public var isComparison: Bool { precedence == 3 }

  /// Whether the operator is `&&` or `||`.
  public var isLogical: Bool { self == .logicalAnd || self == .logicalOr }

  /// Whether the operator is `<<` or `>>`.
  public var isShift: Bool { self == .shiftLeft || self == .shiftRight }

  /// Whether the operator is `&`, `|` or `^`.
  public var isBitwise: Bool { self == .bitwiseAnd || self == .bitwiseOr || self == .bitwiseXor }

  static let byPunctuation: [Punctuation: BinaryOperator] = [
    .plus: .add, .minus: .subtract, .star: .multiply, .slash: .divide, .percent: .remainder,
    .ampersand: .bitwiseAnd, .pipe: .bitwiseOr, .caret: .bitwiseXor, .shiftLeft: .shiftLeft,
    .shiftRight: .shiftRight, .andAnd: .logicalAnd, .orOr: .logicalOr, .equalEqual: .equal,
    .bangEqual: .notEqual, .less: .less, .lessEqual: .lessEqual, .greater: .greater,
    .greaterEqual: .greaterEqual,
  ]

  /// The operator of a compound assignment (`+=` gives `.add`); `nil` for plain `=`.
  static let byCompoundAssignment: [Punctuation: BinaryOperator] = [
    .plusEqual: .add, .minusEqual: .subtract, .starEqual: .multiply, .slashEqual: .divide,
    .percentEqual: .remainder, .ampersandEqual: .bitwiseAnd, .pipeEqual: .bitwiseOr,
    .caretEqual: .bitwiseXor, .shiftLeftEqual: .shiftLeft, .shiftRightEqual: .shiftRight,
  ]
}
