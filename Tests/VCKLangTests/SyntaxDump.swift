@testable import VCKLang

/// Compact s-expressions of syntax trees, so parser tests can state expected shapes.
enum SyntaxDump {
  static func expression(_ expression: Expression) -> String {
    switch expression.kind {
    case .integerLiteral(let value): return "\(value)"
    case .floatLiteral(let value): return "\(value)f"
    case .boolLiteral(let value): return "\(value)"
    case .name(let name): return name.name
    case .unary(let op, let operand): return "(\(op.rawValue) \(Self.expression(operand)))"
    case .binary(let op, let left, let right):
      return "(\(op.rawValue) \(Self.expression(left)) \(Self.expression(right)))"
    case .call(let callee, let arguments):
      return "(\(callee.name)\(arguments.map { " " + Self.expression($0) }.joined()))"
    case .index(let base, let index):
      return "(index \(Self.expression(base)) \(Self.expression(index)))"
    case .parenthesized(let inner): return "(paren \(Self.expression(inner)))"
    case .error: return "<error>"
    }
  }

  static func type(_ type: TypeSyntax) -> String {
    switch type.kind {
    case .named(let name): return name.name
    case .pointer(let pointee): return "*" + Self.type(pointee)
    case .array(let count, let element): return "[\(expression(count))]" + Self.type(element)
    case .error: return "<error>"
    }
  }

  static func block(_ block: Block) -> String {
    "{" + block.statements.map { statement($0) }.joined(separator: "; ") + "}"
  }

  static func statement(_ statement: Statement) -> String {
    switch statement.kind {
    case .variable(let declaration): return variable(declaration)
    case .assignment(let target, let op, let value):
      return "\(expression(target)) \(op?.rawValue ?? "")= \(expression(value))"
    case .expression(let value): return expression(value)
    case .ifElse(let condition, let then, let otherwise):
      return "if \(expression(condition)) \(block(then))"
        + (otherwise.map { " else \(block($0))" } ?? "")
    case .whileLoop(let condition, let body): return "while \(expression(condition)) \(block(body))"
    case .forLoop(let loop):
      let step = loop.step.map { " step \(expression($0))" } ?? ""
      return (loop.isUnrolled ? "unroll " : "")
        + "for \(loop.variable.name) in \(expression(loop.start)) ..< \(expression(loop.end))\(step) \(block(loop.body))"
    case .returnStatement(let value): return "return" + (value.map { " " + expression($0) } ?? "")
    case .breakStatement: return "break"
    case .continueStatement: return "continue"
    case .error: return "<error>"
    }
  }

  static func variable(_ declaration: VariableDeclarationSyntax) -> String {
    (declaration.isMutable ? "var " : "let ") + declaration.name.name
      + (declaration.type.map { ": " + type($0) } ?? "")
      + (declaration.initializer.map { " = " + expression($0) } ?? "")
  }

  static func file(_ syntax: SourceFileSyntax) -> String {
    syntax.declarations.map { declaration in
      switch declaration {
      case .constant(let constant): return variable(constant)
      case .function(let function):
        let parameters = function.parameters.map { "\($0.name.name): \(type($0.type))" }
        return (function.isKernel ? "kernel " : "fn ") + function.name.name
          + "(\(parameters.joined(separator: ", ")))"
          + (function.resultType.map { " -> " + type($0) } ?? "") + " " + block(function.body)
      }
    }.joined(separator: "\n")
  }
}
