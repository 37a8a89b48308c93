import VCKIR
import VCKLang

extension Lowerer {
  /// The IR opcode of each binary operator (`&&`/`||` on bools are `and`/`or`).
  static let binaryOpcodes: [BinaryOperator: Opcode] = [
    .add: .add, .subtract: .sub, .multiply: .mul, .divide: .div, .remainder: .rem,
    .bitwiseAnd: .and, .bitwiseOr: .or, .bitwiseXor: .xor, .shiftLeft: .shl,
    .shiftRight: .shr, .logicalAnd: .and, .logicalOr: .or, .equal: .eq, .notEqual: .ne,
    .less: .lt, .lessEqual: .le, .greater: .gt, .greaterEqual: .ge,
  ]

  /// The IR opcode of each built-in that is one element-wise or lane operation.
  static let builtinOpcodes: [Builtin: Opcode] = [
    .lane: .lane, .qpu: .qpu, .qpus: .qpus, .min: .min, .max: .max, .abs: .abs,
    .floor: .floor, .ceil: .ceil, .round: .round, .trunc: .trunc, .sqrt: .sqrt,
    .rsqrt: .rsqrt, .recip: .recip, .exp2: .exp2, .log2: .log2, .sin: .sin, .cos: .cos,
    .rotate: .rotate, .broadcast: .broadcast, .select: .select,
  ]

  /// The scalar type of an expression (pointers are u32 addresses).
  func scalarType(of expression: CheckedExpression) throws(LoweringError) -> IRScalar {
    switch expression.type {
    case .scalar(let scalar): return scalar.ir
    case .pointer: return .u32
    default:
      throw LoweringError(
        "expected a scalar value, found \(expression.type)", at: expression.range)
    }
  }

  /// A constant of the expression's type.
  mutating func constant(_ value: ConstantValue, as scalar: IRScalar) -> Value {
    switch (value, scalar) {
    case (.integer(let integer), .f32): return constant(Float(integer).bitPattern, .f32)
    case (.float(let float), .f32): return constant(float.bitPattern, .f32)
    case (.float(let float), _): return constant(UInt32(truncatingIfNeeded: Int64(float)), scalar)
    case (.bool(let flag), _): return constant(flag ? 1 : 0, .bool)
    case (.integer(let integer), _): return constant(UInt32(truncatingIfNeeded: integer), scalar)
    }
  }

  /// Lowers a scalar expression to the value it computes.
  mutating func value(_ expression: CheckedExpression) throws(LoweringError) -> Value {
    expressionDepth += 1
    defer { expressionDepth -= 1 }
    guard expressionDepth < Self.maximumExpressionDepth else {
      throw LoweringError("expression nested too deeply", at: expression.range)
    }
    if let known = expression.constantValue, case .scalar(let scalar) = expression.type {
      return constant(known, as: scalar.ir)
    }
    let scalar = try scalarType(of: expression)
    switch expression.kind {
    case .literal(let literal):
      return constant(literal, as: scalar)
    case .variable(let id):
      return ssa.read(key(id))
    case .unrollCounter(let id):
      guard let counter = frame.unrollValues[id] else {
        throw LoweringError("unroll counter used outside its loop", at: expression.range)
      }
      return constant(.integer(counter), as: scalar)
    case .unary(let op, let operand):
      let value = try value(operand)
      return emit(op == .negate ? .neg : .not, [value])
    case .binary(let op, let left, let right):
      return try binary(op, left, right)
    case .conversion(let operand):
      let value = try value(operand)
      let source = type(of: value).scalar
      if source == scalar { return value }
      if source == .bool {
        return emit(
          .select, [value, constant(.integer(1), as: scalar), constant(.integer(0), as: scalar)])
      }
      if scalar == .bool { return emit(.ne, [value, constant(.integer(0), as: source)]) }
      return emit(.convert, [value], type: scalar)
    case .bitcast(let operand):
      return emit(.bitcast, [try value(operand)], type: scalar)
    case .builtin(let builtin, let arguments):
      return try lowerBuiltin(builtin, arguments, at: expression)
    case .call(let function, let arguments):
      return try inline(function, arguments, at: expression.range)
    case .load(let pointer, let index):
      let address = try address(pointer, index)
      let mask = activeMask()
      let loaded = ssa.builder.load(scalar, address: address, mask: mask)
      guard let mask, expression.uniformity == .uniform, type(of: address).shape == .uniform
      else { return loaded }
      // Every active lane read the same word; the other lanes got 0. The largest bit
      // pattern over the active lanes is that word, and it is uniform as the checker says.
      let bits = scalar == .u32 ? loaded : emit(.bitcast, [loaded], type: .u32)
      let word = emit(.reduceMax, [bits, mask])
      return scalar == .u32 ? word : emit(.bitcast, [word], type: scalar)
    case .element(let array, let index):
      guard case .variable(let id) = array.kind else {
        // An array value that is not a variable (`vload4(x, i)[k]`): all its elements.
        let values = try arrayValues(array)
        return values[try elementIndex(index, of: array)]
      }
      return ssa.read(elementKey(id, try elementIndex(index, of: array)))
    }
  }

  mutating func binary(
    _ op: BinaryOperator, _ left: CheckedExpression, _ right: CheckedExpression
  ) throws(LoweringError) -> Value {
    guard let opcode = Self.binaryOpcodes[op] else {
      throw LoweringError("unsupported operator \(op.rawValue)", at: left.range.union(right.range))
    }
    let a = try value(left)
    guard op.isLogical, hasEffects(right) else {
      return emit(opcode, [a, try value(right)])
    }
    // `a && b` evaluates b only in lanes where a holds (`||`: where it does not), so
    // loads and helper side effects in b see the narrowed mask.
    let savedMask = ssa.read(.mask)
    let savedAllActive = allLanesActive
    let condition = op == .logicalAnd ? a : emit(.not, [a])
    ssa.write(.mask, emit(.and, [savedMask, condition]))
    allLanesActive = false
    let b = try value(right)
    ssa.write(.mask, savedMask)
    allLanesActive = savedAllActive
    return emit(opcode, [a, b])
  }

  /// Whether evaluating `expression` reads memory or calls a helper.
  func hasEffects(_ expression: CheckedExpression) -> Bool {
    var pending = [expression]
    var visited = 0
    while let current = pending.popLast() {
      visited += 1
      if visited > 100_000 { return true }
      switch current.kind {
      case .literal, .variable, .unrollCounter: break
      case .call, .load: return true
      case .unary(_, let operand), .conversion(let operand), .bitcast(let operand):
        pending.append(operand)
      case .binary(_, let left, let right): pending += [left, right]
      case .builtin(let builtin, _) where builtin.isAtomic || builtin.vectorWidth != nil:
        return true
      case .builtin(_, let arguments): pending += arguments
      case .element(let array, let index): pending += [array, index]
      }
    }
    return false
  }

  /// The byte address of `pointer[index]`: `pointer + (index << 2)`.
  mutating func address(_ pointer: CheckedExpression, _ index: CheckedExpression)
    throws(LoweringError) -> Value
  {
    let base = try value(pointer)
    var offset = try value(index)
    if type(of: offset).scalar != .u32 { offset = emit(.convert, [offset], type: .u32) }
    let scaled = emit(.shl, [offset, constant(2, .u32)])
    return emit(.add, [base, scaled])
  }

  /// The compile-time element index of `array[index]`, checked against the array size.
  func elementIndex(_ index: CheckedExpression, of array: CheckedExpression)
    throws(LoweringError) -> Int
  {
    guard case .array(_, let count) = array.type else {
      throw LoweringError("indexing a value that is not a register array", at: array.range)
    }
    guard
      case .integer(let value)? = frame.evaluator.evaluate(
        index, unrollValues: frame.unrollValues)
    else {
      throw LoweringError(
        "register-array index must be a compile-time constant after unrolling", at: index.range)
    }
    guard value >= 0, value < Int64(count) else {
      throw LoweringError(
        "register-array index \(value) is out of bounds for [\(count)]", at: index.range)
    }
    return Int(value)
  }

  /// The element values of a register-array expression.
  mutating func arrayValues(_ expression: CheckedExpression) throws(LoweringError) -> [Value] {
    guard case .array(_, let count) = expression.type else {
      throw LoweringError("expected a register array", at: expression.range)
    }
    switch expression.kind {
    case .variable(let id):
      return (0..<count).map { ssa.read(elementKey(id, $0)) }
    case .builtin(.splat, let arguments) where arguments.count == 1:
      let value = try value(arguments[0])
      return Array(repeating: value, count: count)
    case .builtin(let builtin, let arguments) where builtin.isVectorLoad:
      return try lowerVectorLoad(builtin, arguments, at: expression)
    case .call:
      throw LoweringError(
        "helpers returning register arrays are not supported", at: expression.range)
    default:
      throw LoweringError("unsupported register-array expression", at: expression.range)
    }
  }
}
