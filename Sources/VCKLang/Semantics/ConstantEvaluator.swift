/// Evaluates checked expressions that are constant once the counters of the enclosing
/// `unroll for` loops are known (register-array indices, for instance).
public struct ConstantEvaluator: Sendable {
  /// The variables of the function the expressions belong to.
  public let variables: [Variable]

  /// An evaluator for expressions of `function`.
  public init(function: CheckedFunction) {
    self.variables = function.variables
  }

  /// An evaluator over a variable table.
  public init(variables: [Variable]) {
    self.variables = variables
  }

  /// The value of `expression` with the given unroll counter values, or `nil` if it is not
  /// a compile-time constant (or is not foldable, like an SFU function).
  public func evaluate(_ expression: CheckedExpression, unrollValues: [VariableID: Int64] = [:])
    -> ConstantValue?
  {
    evaluate(expression, unrollValues, depth: 0)
  }

  private func evaluate(
    _ expression: CheckedExpression, _ unrollValues: [VariableID: Int64], depth: Int
  ) -> ConstantValue? {
    if let constant = expression.constantValue { return constant }
    guard depth < 400, let type = expression.type.scalar else { return nil }
    switch expression.kind {
    case .literal(let value):
      return value
    case .variable(let id):
      guard id.index < variables.count else { return nil }
      let variable = variables[id.index]
      if let value = variable.constantValue { return value }
      guard let initializer = variable.constantInitializer else { return nil }
      return evaluate(initializer, unrollValues, depth: depth + 1)
    case .unrollCounter(let id):
      guard let value = unrollValues[id] else { return nil }
      return type == .f32 ? .float(Float(value)) : .integer(ConstantFolding.wrap(value, to: type))
    case .unary(let op, let operand):
      guard let value = evaluate(operand, unrollValues, depth: depth + 1) else { return nil }
      return ConstantFolding.unary(op, value, type: type)
    case .binary(let op, let left, let right):
      guard let a = evaluate(left, unrollValues, depth: depth + 1),
        let b = evaluate(right, unrollValues, depth: depth + 1),
        let operandType = left.type.scalar
      else { return nil }
      return ConstantFolding.binary(op, a, b, type: operandType)
    case .conversion(let operand):
      guard let value = evaluate(operand, unrollValues, depth: depth + 1),
        let from = operand.type.scalar
      else { return nil }
      return ConstantFolding.convert(value, from: from, to: type)
    case .bitcast(let operand):
      guard let value = evaluate(operand, unrollValues, depth: depth + 1) else { return nil }
      return ConstantFolding.bitcast(value, to: type)
    case .builtin(let builtin, let arguments):
      var values: [ConstantValue] = []
      for argument in arguments {
        guard let value = evaluate(argument, unrollValues, depth: depth + 1) else { return nil }
        values.append(value)
      }
      return ConstantFolding.builtin(builtin, values, type: type)
    case .call, .load, .element:
      return nil
    }
  }
}
