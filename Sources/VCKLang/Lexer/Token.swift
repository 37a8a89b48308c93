/// The kinds of tokens of the `.vck` language.
public enum TokenKind: Hashable, Sendable {
  case identifier
  case integerLiteral
  case floatLiteral
  case keyword(Keyword)
  case punctuation(Punctuation)
  /// A line break, which ends a statement where one can end.
  case newline
  /// A character or literal the lexer could not make sense of (already diagnosed).
  case invalid
  case endOfFile
}

/// Reserved words.
public enum Keyword: String, CaseIterable, Sendable {
  case kernel, fn, `let`, `var`, `if`, `else`, `while`, `for`, `in`, unroll, step
  case `return`, `break`, `continue`, `true`, `false`
}

/// Operators and punctuation, spelled as in the source.
public enum Punctuation: String, CaseIterable, Sendable {
  case leftParen = "("
  case rightParen = ")"
  case leftBrace = "{"
  case rightBrace = "}"
  case leftBracket = "["
  case rightBracket = "]"
  case comma = ","
  case colon = ":"
  case semicolon = ";"
  case arrow = "->"
  case halfOpenRange = "..<"
  case plus = "+"
  case minus = "-"
  case star = "*"
  case slash = "/"
  case percent = "%"
  case ampersand = "&"
  case pipe = "|"
  case caret = "^"
  case tilde = "~"
  case bang = "!"
  case shiftLeft = "<<"
  case shiftRight = ">>"
  case andAnd = "&&"
  case orOr = "||"
  case equalEqual = "=="
  case bangEqual = "!="
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="
  case equal = "="
  case plusEqual = "+="
  case minusEqual = "-="
  case starEqual = "*="
  case slashEqual = "/="
  case percentEqual = "%="
  case ampersandEqual = "&="
  case pipeEqual = "|="
  case caretEqual = "^="
  case shiftLeftEqual = "<<="
  case shiftRightEqual = ">>="

  /// All spellings, longest first, so the lexer can take the longest match.
  static let byLength: [Punctuation] = allCases.sorted {
    $0.rawValue.utf8.count > $1.rawValue.utf8.count
  }
}

/// One token with its place in the source.
public struct Token: Hashable, Sendable {
  /// What kind of token this is.
  public var kind: TokenKind
  /// The bytes it covers.
  public var range: SourceRange
  /// The source text of the token.
  public var text: String

  /// Creates a token.
  public init(kind: TokenKind, range: SourceRange, text: String) {
    self.kind = kind
    self.range = range
    self.text = text
  }
}
