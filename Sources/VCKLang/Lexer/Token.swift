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

  /// The spellings that start with each byte, longest first, so the lexer can take the
  /// longest match.
  static let byFirstByte: [UInt8: [(spelling: [UInt8], punctuation: Punctuation)]] = {
    var table: [UInt8: [(spelling: [UInt8], punctuation: Punctuation)]] = [:]
    for punctuation in allCases {
      let spelling = Array(punctuation.rawValue.utf8)
      table[spelling[0], default: []].append((spelling, punctuation))
    }
    for key in table.keys {
      table[key]?.sort { $0.spelling.count > $1.spelling.count }
    }
    return table
  }()
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
