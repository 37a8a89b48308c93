extension Parser {
  /// block := "{" { statement (newline | ";") } "}"
  mutating func parseBlock() -> Block {
    let savedBracketDepth = bracketDepth
    bracketDepth = 0
    defer { bracketDepth = savedBracketDepth }
    skipNewlines()
    let open = current
    guard consume(.leftBrace) else {
      errorExpected("'{'")
      return Block(statements: [], range: SourceRange(at: previousEnd))
    }
    blockDepth += 1
    defer { blockDepth -= 1 }
    if blockDepth > Parser.maximumBlockDepth {
      error(
        .nestingTooDeep,
        "blocks are nested too deeply (the limit is \(Parser.maximumBlockDepth))",
        at: open.range)
      skipBalancedBlock()
      return Block(statements: [], range: SourceRange(start: open.range.start, end: previousEnd))
    }
    var statements: [Statement] = []
    while true {
      skipNewlines()
      if consume(.semicolon) { continue }
      if check(.rightBrace) { break }
      if isAtEnd || check(.kernel) || check(.fn) {
        startStatement()
        errorExpected("'}' to close the block")
        diagnostics[diagnostics.count - 1].notes.append(
          DiagnosticNote("the block starts here", at: open.range))
        return Block(
          statements: statements, range: SourceRange(start: open.range.start, end: previousEnd))
      }
      let start = index
      statements.append(parseStatement())
      if index == start { advance() }  // always make progress
    }
    let close = advance()
    return Block(
      statements: statements, range: SourceRange(start: open.range.start, end: close.range.end))
  }

  /// Skips from just after a `{` to its matching `}` (or the end of the file).
  mutating func skipBalancedBlock() {
    var depth = 1
    while depth > 0, tokens[index].kind != .endOfFile {
      if tokens[index].kind == .punctuation(.leftBrace) { depth += 1 }
      if tokens[index].kind == .punctuation(.rightBrace) { depth -= 1 }
      index += 1
    }
  }

  /// statement := variable | if | while | for | return | "break" | "continue"
  ///            | expression [assignment-operator expression]
  mutating func parseStatement() -> Statement {
    startStatement()
    let start = current.range.start
    switch current.kind {
    case .keyword(.let), .keyword(.var):
      let declaration = parseVariableDeclaration()
      expectStatementEnd()
      return Statement(kind: .variable(declaration), range: declaration.range)
    case .keyword(.if):
      return parseIf()
    case .keyword(.while):
      advance()
      let condition = parseExpression()
      let body = parseBlock()
      return Statement(
        kind: .whileLoop(condition: condition, body: body),
        range: SourceRange(start: start, end: body.range.end))
    case .keyword(.for), .keyword(.unroll):
      return parseFor()
    case .keyword(.return):
      advance()
      var value: Expression?
      if !isStatementEnd {
        value = parseExpression()
      }
      expectStatementEnd()
      return Statement(
        kind: .returnStatement(value), range: SourceRange(start: start, end: previousEnd))
    case .keyword(.break), .keyword(.continue):
      let token = advance()
      expectStatementEnd()
      let kind: Statement.Kind =
        token.kind == .keyword(.break) ? .breakStatement : .continueStatement
      return Statement(kind: kind, range: token.range)
    case .keyword(.else):
      error(.expectedToken, "'else' without a matching 'if'", at: current.range)
      advance()
      synchronizeStatement()
      return Statement(kind: .error, range: SourceRange(start: start, end: previousEnd))
    case .punctuation(.leftBrace):
      error(
        .expectedToken, "a block cannot stand alone; blocks follow 'if', 'while' or 'for'",
        at: current.range)
      advance()
      skipBalancedBlock()
      return Statement(kind: .error, range: SourceRange(start: start, end: previousEnd))
    default:
      return parseExpressionOrAssignment()
    }
  }

  var isStatementEnd: Bool {
    switch current.kind {
    case .newline, .endOfFile, .punctuation(.semicolon), .punctuation(.rightBrace): return true
    default: return false
    }
  }

  /// After a simple statement: a line break, `;`, or the `}` closing the block.
  mutating func expectStatementEnd() {
    switch current.kind {
    case .newline, .punctuation(.semicolon):
      advance()
    case .endOfFile, .punctuation(.rightBrace):
      break
    default:
      if current.kind != .invalid {
        errorExpected("a line break or ';' after the statement")
      }
      synchronizeStatement()
    }
  }

  /// variable := ("let" | "var") identifier [":" type] ["=" expression]
  mutating func parseVariableDeclaration() -> VariableDeclarationSyntax {
    let keyword = advance()
    let isMutable = keyword.kind == .keyword(.var)
    let name =
      parseIdentifier("variable name")
      ?? Identifier(name: "", range: SourceRange(at: previousEnd))
    var type: TypeSyntax?
    if consume(.colon) {
      type = parseType()
    }
    var initializer: Expression?
    if consume(.equal) {
      skipNewlines()
      initializer = parseExpression()
    }
    return VariableDeclarationSyntax(
      isMutable: isMutable, name: name, type: type, initializer: initializer,
      range: SourceRange(start: keyword.range.start, end: previousEnd))
  }

  /// if := "if" expression block ["else" (if | block)]
  mutating func parseIf() -> Statement {
    // An `else if` chain is read arm by arm, without recursion, and does not count as
    // nesting: a reader sees a flat list of arms. The syntax tree still nests each
    // further arm in the previous one's `else` block, built from the last arm back.
    var arms: [(start: Int, condition: Expression, then: Block)] = []
    var finalElse: Block?
    while true {
      let keyword = advance()
      let condition = parseExpression()
      let then = parseBlock()
      arms.append((keyword.range.start, condition, then))
      let beforeElse = index
      skipNewlines()
      guard check(.else) else {
        index = beforeElse
        break
      }
      advance()
      if check(.if) {
        if arms.count >= Parser.maximumElseIfArms {
          error(
            .nestingTooDeep,
            "'else if' chain is too long (the limit is \(Parser.maximumElseIfArms) arms)",
            at: current.range)
          synchronizeStatement()
          break
        }
        continue
      }
      finalElse = parseBlock()
      break
    }
    let end = previousEnd
    func statement(_ arm: (start: Int, condition: Expression, then: Block), _ otherwise: Block?)
      -> Statement
    {
      Statement(
        kind: .ifElse(condition: arm.condition, then: arm.then, else: otherwise),
        range: SourceRange(start: arm.start, end: end))
    }
    var chain = statement(arms[arms.count - 1], finalElse)
    for arm in arms.dropLast().reversed() {
      chain = statement(arm, Block(statements: [chain], range: chain.range))
    }
    return chain
  }

  /// for := ["unroll"] "for" identifier "in" expression "..<" expression
  ///        ["step" expression] block
  mutating func parseFor() -> Statement {
    let start = current.range.start
    let isUnrolled = consume(.unroll)
    guard consume(.for) else {
      errorExpected("'for' after 'unroll'")
      synchronizeStatement()
      return Statement(kind: .error, range: SourceRange(start: start, end: previousEnd))
    }
    guard let variable = parseIdentifier("loop variable name"), expectKeyword(.in) else {
      synchronizeStatement()
      return Statement(kind: .error, range: SourceRange(start: start, end: previousEnd))
    }
    let lower = parseExpression()
    var upper = Expression(kind: .error, range: SourceRange(at: previousEnd))
    if expect(.halfOpenRange, "in the loop range 'start ..< end'") {
      upper = parseExpression()
    }
    var step: Expression?
    if consume(.step) {
      step = parseExpression()
    }
    let body = parseBlock()
    let loop = ForSyntax(
      isUnrolled: isUnrolled, variable: variable, start: lower, end: upper, step: step, body: body)
    return Statement(kind: .forLoop(loop), range: SourceRange(start: start, end: body.range.end))
  }

  mutating func expectKeyword(_ keyword: Keyword) -> Bool {
    if consume(keyword) { return true }
    errorExpected("'\(keyword.rawValue)'")
    return false
  }

  /// An expression statement or an assignment `target op= value`.
  mutating func parseExpressionOrAssignment() -> Statement {
    let start = current.range.start
    let target = parseExpression()
    if case .error = target.kind {
      synchronizeStatement()
      return Statement(kind: .error, range: SourceRange(start: start, end: previousEnd))
    }
    var assignmentOperator: BinaryOperator?
    var isAssignment = false
    if case .punctuation(let punctuation) = current.kind {
      if punctuation == .equal {
        isAssignment = true
      } else if let compound = BinaryOperator.byCompoundAssignment[punctuation] {
        isAssignment = true
        assignmentOperator = compound
      }
    }
    if isAssignment {
      advance()
      skipNewlines()
      let value = parseExpression()
      expectStatementEnd()
      return Statement(
        kind: .assignment(target: target, operator: assignmentOperator, value: value),
        range: SourceRange(start: start, end: value.range.end))
    }
    expectStatementEnd()
    return Statement(kind: .expression(target), range: target.range)
  }
}
