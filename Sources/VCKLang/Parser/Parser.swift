/// A hand-written recursive-descent parser for `.vck` files.
///
/// It reports an error and resynchronises at the next statement or declaration, so one run
/// finds several independent errors. Nesting is bounded (`maximumExpressionHeight`,
/// `maximumBlockDepth`) so no input can exhaust the stack, and every loop consumes a token
/// or stops, so no input can make it hang. ``Frontend/check(_:)`` runs it on a thread with a
/// large stack; called directly, it needs a few MiB of stack in a debug build.
public struct Parser {
  /// The deepest expression tree accepted.
  public static let maximumExpressionHeight = 100
  /// The deepest nesting of blocks accepted (an `else if` arm is not nested).
  public static let maximumBlockDepth = 1_000
  /// The most arms of one `if … else if …` chain.
  public static let maximumElseIfArms = 1_024

  let file: SourceFile
  let tokens: [Token]
  var index = 0
  /// Greater than zero inside `(...)` and `[...]`, where line breaks do not end anything.
  var bracketDepth = 0
  var blockDepth = 0
  /// Recursion depth of the expression parser.
  var recursionDepth = 0
  /// Set once an over-deep expression was reported, until the next statement.
  var expressionTooDeepReported = false
  /// Set after an error, until the next statement (so one mistake gives one error).
  var suppressErrors = false
  var diagnostics: [Diagnostic]

  /// Creates a parser over already lexed tokens.
  init(file: SourceFile, tokens: [Token], diagnostics: [Diagnostic]) {
    self.file = file
    self.tokens = tokens
    self.diagnostics = diagnostics
  }

  /// Lexes and parses `file`; the diagnostics include the lexer's.
  public static func parse(_ file: SourceFile) -> (
    syntax: SourceFileSyntax, diagnostics: [Diagnostic]
  ) {
    let (tokens, lexerDiagnostics) = Lexer.tokenize(file)
    var parser = Parser(file: file, tokens: tokens, diagnostics: lexerDiagnostics)
    let syntax = parser.parseSourceFile()
    return (syntax, parser.diagnostics)
  }

  // MARK: - Token access

  /// The current token; line breaks are skipped inside brackets.
  var current: Token {
    var position = index
    if bracketDepth > 0 {
      while tokens[position].kind == .newline { position += 1 }
    }
    return tokens[position]
  }

  /// The token after the current one (skipping line breaks inside brackets).
  var next: Token {
    var position = index
    if bracketDepth > 0 {
      while tokens[position].kind == .newline { position += 1 }
    }
    if tokens[position].kind != .endOfFile { position += 1 }
    if bracketDepth > 0 {
      while tokens[position].kind == .newline { position += 1 }
    }
    return tokens[position]
  }

  /// End offset of the last consumed token.
  var previousEnd: Int {
    var position = index - 1
    while position > 0, tokens[position].kind == .newline { position -= 1 }
    return position >= 0 ? tokens[position].range.end : 0
  }

  var isAtEnd: Bool { current.kind == .endOfFile }

  /// Consumes and returns the current token (never moves past the end of file).
  @discardableResult
  mutating func advance() -> Token {
    if bracketDepth > 0 {
      while tokens[index].kind == .newline { index += 1 }
    }
    let token = tokens[index]
    if token.kind != .endOfFile { index += 1 }
    return token
  }

  func check(_ punctuation: Punctuation) -> Bool {
    current.kind == .punctuation(punctuation)
  }

  func check(_ keyword: Keyword) -> Bool {
    current.kind == .keyword(keyword)
  }

  /// Consumes the punctuation if it is next.
  mutating func consume(_ punctuation: Punctuation) -> Bool {
    guard check(punctuation) else { return false }
    advance()
    return true
  }

  /// Consumes the keyword if it is next.
  mutating func consume(_ keyword: Keyword) -> Bool {
    guard check(keyword) else { return false }
    advance()
    return true
  }

  mutating func skipNewlines() {
    while tokens[index].kind == .newline { index += 1 }
  }

  // MARK: - Errors

  mutating func error(_ code: DiagnosticCode, _ message: String, at range: SourceRange) {
    if suppressErrors { return }
    diagnostics.append(Diagnostic(code, message, at: range))
    // One error per statement: what follows is usually a consequence of the first.
    suppressErrors = true
  }

  /// Reports "expected X" at the current token (or just after the previous one when the
  /// current token is on a later line).
  mutating func errorExpected(_ what: String) {
    let token = current
    if token.kind == .invalid {
      suppressErrors = true  // the lexer already reported this token
      return
    }
    let found = describe(token)
    let range: SourceRange
    if token.kind == .newline || token.kind == .endOfFile
      || file.lineColumn(of: token.range.start).line > file.lineColumn(of: previousEnd).line
    {
      // The missing piece belongs at the end of the previous line.
      range = SourceRange(at: previousEnd)
    } else {
      range = token.range
    }
    error(.expectedToken, "expected \(what), found \(found)", at: range)
  }

  /// Consumes `punctuation` or reports that it was expected.
  @discardableResult
  mutating func expect(_ punctuation: Punctuation, _ context: String = "") -> Bool {
    if consume(punctuation) { return true }
    let suffix = context.isEmpty ? "" : " \(context)"
    if current.kind != .invalid {  // an invalid token was already reported by the lexer
      errorExpected("'\(punctuation.rawValue)'\(suffix)")
    }
    return false
  }

  func describe(_ token: Token) -> String {
    switch token.kind {
    case .newline: return "end of line"
    case .endOfFile: return "end of file"
    case .identifier: return "identifier '\(token.text)'"
    case .integerLiteral, .floatLiteral: return "number '\(token.text)'"
    case .keyword(let keyword): return "keyword '\(keyword.rawValue)'"
    case .punctuation(let punctuation): return "'\(punctuation.rawValue)'"
    case .invalid: return "'\(token.text)'"
    }
  }

  /// Skips to the start of the next statement: past a line break or `;`, or up to a `}` that
  /// closes the enclosing block. Balanced brackets and braces are skipped whole.
  /// Re-enables error reporting at the start of a statement or declaration.
  mutating func startStatement() {
    suppressErrors = false
    expressionTooDeepReported = false
  }

  mutating func synchronizeStatement() {
    var depth = 0
    let savedBracketDepth = bracketDepth
    bracketDepth = 0
    defer { bracketDepth = savedBracketDepth }
    while true {
      let token = tokens[index]
      switch token.kind {
      case .endOfFile:
        return
      case .newline where depth == 0, .punctuation(.semicolon) where depth == 0:
        index += 1
        return
      case .punctuation(.rightBrace) where depth == 0:
        return
      case .punctuation(.leftBrace), .punctuation(.leftParen), .punctuation(.leftBracket):
        depth += 1
      case .punctuation(.rightBrace), .punctuation(.rightParen), .punctuation(.rightBracket):
        depth -= 1
        if depth < 0 { depth = 0 }
      case .keyword(.kernel), .keyword(.fn):
        return
      default:
        break
      }
      index += 1
    }
  }

  /// Skips to the next top-level `kernel`, `fn` or `let`.
  mutating func synchronizeDeclaration() {
    var depth = 0
    bracketDepth = 0
    while true {
      let token = tokens[index]
      switch token.kind {
      case .endOfFile:
        return
      case .keyword(.kernel), .keyword(.fn):
        return
      case .keyword(.let), .keyword(.var):
        if depth == 0 { return }
      case .punctuation(.leftBrace):
        depth += 1
      case .punctuation(.rightBrace):
        depth = max(0, depth - 1)
      default:
        break
      }
      index += 1
    }
  }
}
