extension Parser {
  /// file := { newline | declaration } EOF
  mutating func parseSourceFile() -> SourceFileSyntax {
    var declarations: [DeclarationSyntax] = []
    while true {
      skipNewlines()
      if consume(.semicolon) { continue }
      if isAtEnd { break }
      startStatement()
      let start = index
      switch current.kind {
      case .keyword(.kernel), .keyword(.fn):
        if let function = parseFunction() { declarations.append(.function(function)) }
      case .keyword(.let), .keyword(.var):
        let declaration = parseVariableDeclaration()
        if declaration.isMutable {
          error(
            .globalVariable, "global variables are not allowed; use 'let' for a constant",
            at: declaration.range)
        }
        declarations.append(.constant(declaration))
        expectStatementEnd()
      default:
        if current.kind != .invalid {
          errorExpected("'kernel', 'fn' or 'let' at top level")
        }
        advance()
        synchronizeDeclaration()
      }
      if index == start { advance() }  // always make progress
    }
    return SourceFileSyntax(declarations: declarations)
  }

  /// function := ("kernel" | "fn") identifier "(" [parameter {"," parameter} [","]] ")"
  ///             ["->" type] ["grid" integer] block
  mutating func parseFunction() -> FunctionSyntax? {
    let keyword = advance()
    let isKernel = keyword.kind == .keyword(.kernel)
    guard let name = parseIdentifier(isKernel ? "kernel name" : "function name") else {
      synchronizeDeclaration()
      return nil
    }
    var parameters: [ParameterSyntax] = []
    if expect(.leftParen, "to start the parameter list") {
      bracketDepth += 1
      while !check(.rightParen), !isAtEnd {
        guard let parameter = parseParameter() else { break }
        parameters.append(parameter)
        if !consume(.comma) { break }
      }
      if !expect(.rightParen, "to end the parameter list") {
        // Skip the rest of a broken parameter list.
        while !check(.rightParen), !check(.leftBrace), !isAtEnd { advance() }
        _ = consume(.rightParen)
      }
      bracketDepth -= 1
    } else {
      synchronizeDeclaration()
      return nil
    }
    var resultType: TypeSyntax?
    if consume(.arrow) {
      resultType = parseType()
    }
    var grid: GridSyntax?
    if current.kind == .identifier, current.text == "grid" {
      let word = advance()
      guard current.kind == .integerLiteral else {
        errorExpected("the number of grid dimensions (1, 2 or 3) after 'grid'")
        synchronizeDeclaration()
        return nil
      }
      let count = advance()
      grid = GridSyntax(
        dimensions: Int(count.text) ?? 0,
        range: SourceRange(start: word.range.start, end: count.range.end))
    }
    guard check(.leftBrace) else {
      errorExpected("'{' to start the body of '\(name.name)'")
      synchronizeDeclaration()
      return nil
    }
    let body = parseBlock()
    return FunctionSyntax(
      isKernel: isKernel, name: name, parameters: parameters, resultType: resultType, grid: grid,
      body: body, range: SourceRange(start: keyword.range.start, end: body.range.end))
  }

  /// parameter := identifier ":" type
  mutating func parseParameter() -> ParameterSyntax? {
    guard let name = parseIdentifier("parameter name") else { return nil }
    guard expect(.colon, "after parameter name") else { return nil }
    let type = parseType()
    return ParameterSyntax(
      name: name, type: type, range: SourceRange(start: name.range.start, end: type.range.end))
  }

  /// type := identifier | "*" type | "[" expression "]" type
  ///
  /// Parsed without recursion: the prefixes are collected first, then wrapped around the
  /// named type from the inside out.
  mutating func parseType() -> TypeSyntax {
    enum Prefix {
      case pointer(start: Int)
      case array(start: Int, count: Expression)
    }
    var prefixes: [Prefix] = []
    while true {
      let start = current.range.start
      if consume(.star) {
        prefixes.append(.pointer(start: start))
      } else if consume(.leftBracket) {
        bracketDepth += 1
        let count = parseExpression()
        _ = expect(.rightBracket, "after the array size")
        bracketDepth -= 1
        prefixes.append(.array(start: start, count: count))
      } else {
        break
      }
      if prefixes.count == 8 {
        error(.nestingTooDeep, "type is nested too deeply", at: current.range)
        return TypeSyntax(kind: .error, range: SourceRange(at: start))
      }
    }
    var type: TypeSyntax
    if current.kind == .identifier {
      let token = advance()
      type = TypeSyntax(
        kind: .named(Identifier(name: token.text, range: token.range)), range: token.range)
    } else {
      if current.kind != .invalid { errorExpected("a type") }
      type = TypeSyntax(kind: .error, range: SourceRange(at: previousEnd))
    }
    for prefix in prefixes.reversed() {
      switch prefix {
      case .pointer(let start):
        type = TypeSyntax(
          kind: .pointer(type), range: SourceRange(start: start, end: type.range.end))
      case .array(let start, let count):
        type = TypeSyntax(
          kind: .array(count: count, element: type),
          range: SourceRange(start: start, end: type.range.end))
      }
    }
    return type
  }

  mutating func parseIdentifier(_ what: String) -> Identifier? {
    if current.kind == .identifier {
      let token = advance()
      return Identifier(name: token.text, range: token.range)
    }
    if case .keyword(let keyword) = current.kind {
      error(
        .keywordAsName, "'\(keyword.rawValue)' is a keyword and cannot be used as a \(what)",
        at: current.range)
      let token = advance()
      return Identifier(name: token.text, range: token.range)
    }
    if current.kind != .invalid { errorExpected(what) }
    return nil
  }
}
