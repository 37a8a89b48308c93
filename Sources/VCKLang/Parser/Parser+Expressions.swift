extension Parser {
  /// expression := unary { binary-operator unary }   (precedence climbing; see
  /// ``BinaryOperator/precedence``; comparisons do not chain)
  mutating func parseExpression() -> Expression {
    parseBinary(minimumPrecedence: 1)
  }

  mutating func parseBinary(minimumPrecedence: Int) -> Expression {
    var left = parseUnary()
    var previousComparison: BinaryOperator?
    while case .punctuation(let punctuation) = current.kind,
      let op = BinaryOperator.byPunctuation[punctuation], op.precedence >= minimumPrecedence
    {
      let operatorToken = advance()
      skipNewlines()
      var chained = false
      if op.isComparison, let previous = previousComparison {
        chained = true
        error(
          .chainedComparison,
          "comparisons cannot be chained ('\(previous.rawValue)' then '\(op.rawValue)'); "
            + "combine them with '&&'", at: operatorToken.range)
      }
      if op.isComparison { previousComparison = op }
      let right = parseBinary(minimumPrecedence: op.precedence + 1)
      if chained {
        left = Expression(kind: .error, range: left.range.union(right.range))
        continue
      }
      left = makeBounded(
        Expression(kind: .binary(op, left, right), range: left.range.union(right.range)))
    }
    return left
  }

  /// Replaces a node that is too deep by an error node (reported once per statement).
  mutating func makeBounded(_ expression: Expression) -> Expression {
    guard expression.height > Parser.maximumExpressionHeight else { return expression }
    if !expressionTooDeepReported {
      error(
        .nestingTooDeep,
        "expression is too deeply nested (the limit is \(Parser.maximumExpressionHeight) levels)",
        at: expression.range)
      expressionTooDeepReported = true
    }
    return Expression(kind: .error, range: expression.range)
  }

  /// unary := ("-" | "!" | "~") unary | postfix
  mutating func parseUnary() -> Expression {
    let op: UnaryOperator?
    switch current.kind {
    case .punctuation(.minus): op = .negate
    case .punctuation(.bang): op = .logicalNot
    case .punctuation(.tilde): op = .bitwiseNot
    default: op = nil
    }
    guard let op else { return parsePostfix() }
    let token = advance()
    guard enterNesting() else { return abandonTooDeep(from: token.range.start) }
    defer { recursionDepth -= 1 }
    let operand = parseUnary()
    return makeBounded(
      Expression(
        kind: .unary(op, operand),
        range: SourceRange(start: token.range.start, end: operand.range.end)
      ))
  }

  /// postfix := primary { "[" expression "]" }
  mutating func parsePostfix() -> Expression {
    var expression = parsePrimary()
    while true {
      if check(.leftBracket) {
        advance()
        bracketDepth += 1
        let index = parseExpression()
        let closed = expect(.rightBracket, "to close the index")
        bracketDepth -= 1
        if !closed { return Expression(kind: .error, range: expression.range.union(index.range)) }
        expression = makeBounded(
          Expression(
            kind: .index(base: expression, index: index),
            range: SourceRange(start: expression.range.start, end: previousEnd)))
      } else if check(.leftParen) {
        error(
          .notCallable, "only built-ins and 'fn' helpers can be called, by name",
          at: current.range)
        advance()
        bracketDepth += 1
        _ = parseArguments()
        bracketDepth -= 1
        return Expression(
          kind: .error, range: SourceRange(start: expression.range.start, end: previousEnd))
      } else {
        return expression
      }
    }
  }

  /// primary := integer | float | "true" | "false" | identifier ["(" arguments ")"]
  ///          | "(" expression ")"
  mutating func parsePrimary() -> Expression {
    let token = current
    switch token.kind {
    case .integerLiteral:
      advance()
      guard let value = parseIntegerLiteral(token) else {
        return Expression(kind: .error, range: token.range)
      }
      return Expression(kind: .integerLiteral(value), range: token.range)
    case .floatLiteral:
      advance()
      guard let value = parseFloatLiteral(token) else {
        return Expression(kind: .error, range: token.range)
      }
      return Expression(kind: .floatLiteral(value), range: token.range)
    case .keyword(.true), .keyword(.false):
      advance()
      return Expression(kind: .boolLiteral(token.kind == .keyword(.true)), range: token.range)
    case .identifier:
      advance()
      let name = Identifier(name: token.text, range: token.range)
      guard check(.leftParen) else { return Expression(kind: .name(name), range: token.range) }
      advance()
      guard enterNesting() else { return abandonTooDeep(from: token.range.start) }
      defer { recursionDepth -= 1 }
      bracketDepth += 1
      let arguments = parseArguments()
      bracketDepth -= 1
      return makeBounded(
        Expression(
          kind: .call(callee: name, arguments: arguments),
          range: SourceRange(start: token.range.start, end: previousEnd)))
    case .punctuation(.leftParen):
      advance()
      guard enterNesting() else { return abandonTooDeep(from: token.range.start) }
      defer { recursionDepth -= 1 }
      bracketDepth += 1
      let inner = parseExpression()
      let closed = expect(.rightParen, "to close the parenthesis")
      bracketDepth -= 1
      let range = SourceRange(start: token.range.start, end: previousEnd)
      if !closed { return Expression(kind: .error, range: range) }
      return makeBounded(Expression(kind: .parenthesized(inner), range: range))
    case .invalid:
      advance()  // already reported by the lexer
      return Expression(kind: .error, range: token.range)
    case .keyword(let keyword) where keyword != .if && keyword != .else:
      errorExpected("an expression")
      if keyword != .let && keyword != .var && keyword != .kernel && keyword != .fn {
        advance()
      }
      return Expression(kind: .error, range: token.range)
    default:
      errorExpected("an expression")
      return Expression(kind: .error, range: SourceRange(at: token.range.start))
    }
  }

  /// arguments := [expression {"," expression} [","]] ")"   (after the "(")
  mutating func parseArguments() -> [Expression] {
    var arguments: [Expression] = []
    while !check(.rightParen), !isAtEnd {
      let start = index
      arguments.append(parseExpression())
      if !consume(.comma) { break }
      if index == start { break }
    }
    if !expect(.rightParen, "to close the argument list") {
      // Skip to the closing parenthesis on a damaged argument list.
      var depth = 0
      while !isAtEnd {
        if check(.leftParen) { depth += 1 }
        if check(.rightParen) {
          if depth == 0 {
            advance()
            break
          }
          depth -= 1
        }
        if check(.leftBrace) || check(.rightBrace) { break }
        advance()
      }
    }
    return arguments
  }

  /// Counts one level of recursion; `false` when the limit is reached.
  mutating func enterNesting() -> Bool {
    guard recursionDepth < Parser.maximumExpressionHeight else { return false }
    recursionDepth += 1
    return true
  }

  /// Gives up on an expression nested beyond the limit: reports it once and skips the rest
  /// of the line (inside brackets, to the end of the file's current line).
  mutating func abandonTooDeep(from start: Int) -> Expression {
    if !expressionTooDeepReported {
      error(
        .nestingTooDeep,
        "expression is too deeply nested (the limit is \(Parser.maximumExpressionHeight) levels)",
        at: SourceRange(start: start, end: current.range.end))
      expressionTooDeepReported = true
    }
    while tokens[index].kind != .newline, tokens[index].kind != .endOfFile { index += 1 }
    suppressErrors = true
    return Expression(kind: .error, range: SourceRange(start: start, end: previousEnd))
  }

  /// Reads an integer literal's exact value: decimal, `0x` hex or `0b` binary, with `_`.
  mutating func parseIntegerLiteral(_ token: Token) -> UInt64? {
    var digits = Substring(String(token.text.filter { $0 != "_" }))
    var radix: UInt64 = 10
    var radixName = "decimal"
    if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
      radix = 16
      radixName = "hexadecimal"
      digits = digits.dropFirst(2)
    } else if digits.hasPrefix("0b") || digits.hasPrefix("0B") {
      radix = 2
      radixName = "binary"
      digits = digits.dropFirst(2)
    }
    guard !digits.isEmpty else {
      error(.invalidLiteral, "'\(token.text)' has no digits", at: token.range)
      return nil
    }
    var value: UInt64 = 0
    for character in digits {
      guard let digit = character.hexDigitValue, UInt64(digit) < radix else {
        error(
          .invalidLiteral, "invalid digit '\(character)' in \(radixName) literal '\(token.text)'",
          at: token.range)
        return nil
      }
      let (shifted, overflow1) = value.multipliedReportingOverflow(by: radix)
      let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(digit))
      guard !overflow1, !overflow2, sum <= UInt64(UInt32.max) else {
        error(
          .literalOutOfRange,
          "integer literal '\(token.text)' is too large (the largest is 4294967295)",
          at: token.range)
        return nil
      }
      value = sum
    }
    return value
  }

  /// Reads a float literal, rounded to the nearest `f32`.
  mutating func parseFloatLiteral(_ token: Token) -> Float? {
    let text = String(token.text.filter { $0 != "_" })
    guard let value = Float(text) else {
      error(.invalidLiteral, "'\(token.text)' is not a valid number", at: token.range)
      return nil
    }
    guard value.isFinite else {
      error(
        .literalOutOfRange, "float literal '\(token.text)' is too large for f32", at: token.range)
      return nil
    }
    return value
  }
}
