/// Prints a checked program as an indented tree: one statement per line, expressions as
/// s-expressions annotated with `:type.u` (uniform) or `:type.v` (varying). Variables are
/// shown as `name%index`, helper specialisations as `name@index`.
public struct ASTPrinter {
  let program: CheckedProgram
  private var output = ""
  private var function: CheckedFunction?

  /// Creates a printer for `program`.
  public init(program: CheckedProgram) {
    self.program = program
  }

  /// The whole program as text.
  public static func print(_ program: CheckedProgram) -> String {
    var printer = ASTPrinter(program: program)
    printer.printProgram()
    return printer.output
  }

  private mutating func line(_ depth: Int, _ text: String) {
    output += String(repeating: "  ", count: depth) + text + "\n"
  }

  private mutating func printProgram() {
    for constant in program.constants {
      let type = constant.type.map { ": \($0)" } ?? " (untyped)"
      line(0, "let \(constant.name)\(type) = \(constant.value)")
    }
    for (index, function) in program.functions.enumerated() {
      self.function = function
      let parameters = function.parameters.map { id -> String in
        let variable = function[id]
        return "\(variable.name)%\(id.index): \(variable.type).\(short(variable.uniformity))"
      }
      var header =
        "\(function.kind.rawValue) \(function.name)@\(index)(\(parameters.joined(separator: ", ")))"
      if function.resultType != .void {
        header += " -> \(function.resultType).\(short(function.resultUniformity))"
      }
      if function.containsBarrier { header += " [barrier]" }
      if function.gridDimensions > 0 { header += " [grid \(function.gridDimensions)]" }
      line(0, header)
      printBlock(function.body, depth: 1)
    }
  }

  private mutating func printBlock(_ block: CheckedBlock, depth: Int) {
    for statement in block.statements { printStatement(statement, depth: depth) }
  }

  private mutating func printStatement(_ statement: CheckedStatement, depth: Int) {
    switch statement.kind {
    case .declaration(let id, let value):
      let variable = function?[id]
      let kind = variable?.kind.rawValue ?? "let"
      let type = variable.map { "\($0.type).\(short($0.uniformity))" } ?? "?"
      line(depth, "\(kind) \(name(id)): \(type) = \(describe(value))")
    case .assignment(let target, let op, let value):
      line(depth, "\(describe(target)) \(op?.rawValue ?? "")= \(describe(value))")
    case .evaluate(let value):
      line(depth, "eval \(describe(value))")
    case .ifElse(let condition, let then, let otherwise):
      line(depth, "if \(describe(condition))")
      printBlock(then, depth: depth + 1)
      if let otherwise {
        line(depth, "else")
        printBlock(otherwise, depth: depth + 1)
      }
    case .whileLoop(let condition, let body, let info):
      line(depth, "while \(describe(condition))\(info.isVarying ? " [varying]" : "")")
      printBlock(body, depth: depth + 1)
    case .forLoop(let counter, let start, let end, let step, let body, let info):
      let counterType =
        function.map { "\($0[counter].type).\(short($0[counter].uniformity))" } ?? "?"
      line(
        depth,
        "for \(name(counter)): \(counterType) in \(describe(start)) ..< \(describe(end)) step \(describe(step))"
          + (info.isVarying ? " [varying]" : ""))
      printBlock(body, depth: depth + 1)
    case .unrolledFor(let counter, let start, let end, let step, let body):
      line(depth, "unroll for \(name(counter)) in \(start) ..< \(end) step \(step)")
      printBlock(body, depth: depth + 1)
    case .returnStatement(let value):
      line(depth, value.map { "return \(describe($0))" } ?? "return")
    case .breakStatement:
      line(depth, "break")
    case .continueStatement:
      line(depth, "continue")
    case .barrier:
      line(depth, "barrier")
    }
  }

  private func short(_ uniformity: Uniformity) -> String {
    uniformity == .uniform ? "u" : "v"
  }

  private func name(_ id: VariableID) -> String {
    "\(function?[id].name ?? "")%\(id.index)"
  }

  private func describe(_ target: CheckedAssignmentTarget) -> String {
    switch target {
    case .variable(let id): return name(id)
    case .element(let id, let index): return "\(name(id))[\(describe(index))]"
    case .memory(let pointer, let index): return "\(describe(pointer))[\(describe(index))]"
    }
  }

  private func describe(_ expression: CheckedExpression) -> String {
    let annotation = ":\(expression.type).\(short(expression.uniformity))"
    switch expression.kind {
    case .literal(let value):
      return "\(value)\(annotation)"
    case .variable(let id):
      return name(id)
    case .unrollCounter(let id):
      return "\(name(id))\(annotation)"
    case .unary(let op, let operand):
      return "(\(op.rawValue)\(annotation) \(describe(operand)))"
    case .binary(let op, let left, let right):
      return "(\(op.rawValue)\(annotation) \(describe(left)) \(describe(right)))"
    case .conversion(let operand):
      return "(convert\(annotation) \(describe(operand)))"
    case .bitcast(let operand):
      return "(bits\(annotation) \(describe(operand)))"
    case .builtin(let builtin, let arguments):
      return "(\(builtin.name)\(annotation)\(arguments.map { " " + describe($0) }.joined()))"
    case .call(let id, let arguments):
      let callee = id.index < program.functions.count ? program.functions[id.index].name : "?"
      return
        "(call \(callee)@\(id.index)\(annotation)\(arguments.map { " " + describe($0) }.joined()))"
    case .load(let pointer, let index):
      return "(load\(annotation) \(describe(pointer)) \(describe(index)))"
    case .element(let array, let index):
      return "(element\(annotation) \(describe(array)) \(describe(index)))"
    }
  }
}
