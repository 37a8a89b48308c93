extension FunctionChecker {
  /// Common spellings from other languages, for a helpful note.
  static let typeSuggestions: [String: String] = [
    "float": "f32", "int": "i32", "uint": "u32", "double": "f32", "Float": "f32", "Int": "i32",
    "UInt": "u32", "int32": "i32", "uint32": "u32", "float32": "f32", "Bool": "bool",
    "UInt32": "u32", "Int32": "i32", "boolean": "bool", "unsigned": "u32",
  ]

  /// The most elements a register array may have (they all live in registers).
  static let maximumArraySize = 64

  /// Resolves a written type; reports unknown names and bad shapes.
  func resolveType(_ type: TypeSyntax) -> VCKType? {
    switch type.kind {
    case .named(let name):
      if let scalar = ScalarType(rawValue: name.name) { return .scalar(scalar) }
      var notes: [DiagnosticNote] = []
      if let suggestion = FunctionChecker.typeSuggestions[name.name] {
        notes.append(DiagnosticNote("did you mean '\(suggestion)'?", at: nil))
      } else {
        notes.append(DiagnosticNote("the types are i32, u32, f32, bool, *T and [N]T", at: nil))
      }
      error(.unknownType, "unknown type '\(name.name)'", at: name.range, notes: notes)
      return nil
    case .pointer(let pointee):
      guard let element = resolveType(pointee) else { return nil }
      guard let scalar = element.scalar, scalar.isNumeric else {
        error(
          .invalidType, "a pointer must point to i32, u32 or f32, not '\(element)'", at: type.range)
        return nil
      }
      return .pointer(scalar)
    case .array(let countExpression, let elementSyntax):
      let count = checkArraySize(countExpression)
      guard let element = resolveType(elementSyntax) else { return nil }
      guard let scalar = element.scalar, scalar.isNumeric else {
        error(
          .invalidType, "a register array holds i32, u32 or f32 elements, not '\(element)'",
          at: elementSyntax.range)
        return nil
      }
      guard let count else { return nil }
      return .array(scalar, count: count)
    case .error:
      return nil
    }
  }

  /// Resolves a type already resolved (and diagnosed) elsewhere, without new diagnostics.
  func resolveTypeQuietly(_ type: TypeSyntax) -> VCKType? {
    let saved = diagnostics
    defer { diagnostics = saved }
    return resolveType(type)
  }

  func checkArraySize(_ expression: Expression) -> Int? {
    guard let checked = check(expression, expected: .u32) else { return nil }
    guard checked.type.scalar?.isInteger == true else {
      error(
        .typeMismatch, "an array size must be an integer, found '\(checked.type)'",
        at: expression.range)
      return nil
    }
    guard let value = checked.constantValue?.integer else {
      error(.notConstant, "an array size must be a compile-time constant", at: expression.range)
      return nil
    }
    guard value >= 1, value <= Int64(FunctionChecker.maximumArraySize) else {
      error(
        .invalidArraySize,
        "a register array must have 1 to \(FunctionChecker.maximumArraySize) elements, found \(value)",
        at: expression.range)
      return nil
    }
    return Int(value)
  }

  /// Parameter types: kernels take scalars (not bool) and pointers; helpers also take bool
  /// and register arrays.
  func resolveParameterType(_ type: TypeSyntax) -> VCKType? {
    guard let resolved = resolveType(type) else { return nil }
    if isKernel {
      switch resolved {
      case .scalar(.bool), .array, .void:
        error(
          .invalidParameterType,
          "a kernel parameter must be i32, u32, f32 or a pointer, not '\(resolved)'", at: type.range
        )
        return nil
      default:
        return resolved
      }
    }
    return resolved
  }

  // MARK: - Indexing

  func checkIndex(_ base: Expression, _ index: Expression, range: SourceRange) -> CheckedExpression?
  {
    guard let checkedBase = check(base, expected: nil) else {
      _ = check(index, expected: nil)
      return nil
    }
    switch checkedBase.type {
    case .pointer(let element):
      guard let checkedIndex = checkMemoryIndex(index) else { return nil }
      return CheckedExpression(
        kind: .load(pointer: checkedBase, index: checkedIndex), type: .scalar(element),
        uniformity: checkedBase.uniformity.joined(with: checkedIndex.uniformity), range: range)
    case .array(let element, let count):
      guard let checkedIndex = checkRegisterIndex(index, count: count) else { return nil }
      return CheckedExpression(
        kind: .element(array: checkedBase, index: checkedIndex), type: .scalar(element),
        uniformity: checkedBase.uniformity, range: range)
    default:
      error(.notIndexable, "cannot index a value of type '\(checkedBase.type)'", at: base.range)
      return nil
    }
  }

  /// An index into memory: `i32` or `u32`; an untyped constant is `u32`.
  func checkMemoryIndex(_ index: Expression) -> CheckedExpression? {
    guard let checked = check(index, expected: .u32) else { return nil }
    guard checked.type.scalar?.isInteger == true else {
      error(.typeMismatch, "an index must be i32 or u32, found '\(checked.type)'", at: index.range)
      return nil
    }
    return checked
  }

  /// An index into a register array: an integer that is constant once the enclosing `unroll
  /// for` counters are known, and in range for every value they take.
  func checkRegisterIndex(_ index: Expression, count: Int) -> CheckedExpression? {
    guard let checked = checkMemoryIndex(index) else { return nil }
    guard isConstantAfterUnrolling(checked) else {
      error(
        .notConstant,
        "a register-array index must be a compile-time constant (after unrolling)",
        at: index.range,
        notes: [
          DiagnosticNote(
            "register arrays live in registers; index them with constants or 'unroll for' counters",
            at: nil)
        ])
      return nil
    }
    checkIndexRange(checked, count: count)
    return checked
  }

  /// Evaluates the index for every combination of the unroll counters it uses (up to a
  /// limit) and reports the first value out of `0..<count`.
  func checkIndexRange(_ index: CheckedExpression, count: Int) {
    var counters: [VariableID] = []
    visitUnrollCounters(index) { id in if !counters.contains(id) { counters.append(id) } }
    let evaluator = ConstantEvaluator(variables: variables)
    var combinations = 1
    for counter in counters { combinations *= max(unrollValues[counter]?.count ?? 1, 1) }
    guard combinations <= 4096 else { return }
    var assignment = [VariableID: Int64]()
    func visit(_ position: Int) -> Bool {
      if position == counters.count {
        let value = evaluator.evaluate(index, unrollValues: assignment)
        guard let integer = value?.integer, integer >= 0, integer < Int64(count) else {
          var notes: [DiagnosticNote] = []
          if !assignment.isEmpty {
            let bindings = counters.map { "'\(variables[$0.index].name)' = \(assignment[$0] ?? 0)" }
            notes.append(DiagnosticNote("when \(bindings.joined(separator: ", "))", at: nil))
          }
          let shown = value.map { "\($0)" } ?? "not a valid constant"
          error(
            .arrayIndexOutOfRange,
            "index \(shown) is out of range for a register array of \(count) elements",
            at: index.range, notes: notes)
          return false
        }
        return true
      }
      for value in unrollValues[counters[position]] ?? [] {
        assignment[counters[position]] = value
        if !visit(position + 1) { return false }
      }
      return true
    }
    _ = visit(0)
  }

  /// Whether `expression` is constant once unroll counters are known.
  func isConstantAfterUnrolling(_ expression: CheckedExpression) -> Bool {
    if expression.constantValue != nil { return true }
    switch expression.kind {
    case .literal, .unrollCounter:
      return true
    case .variable(let id):
      let variable = variables[id.index]
      return variable.constantValue != nil || variable.constantInitializer != nil
    case .unary(_, let operand), .conversion(let operand), .bitcast(let operand):
      return isConstantAfterUnrolling(operand)
    case .binary(_, let left, let right):
      return isConstantAfterUnrolling(left) && isConstantAfterUnrolling(right)
    case .builtin(let builtin, let arguments):
      let foldable: Set<Builtin> = [.min, .max, .abs, .select, .floor, .ceil, .round, .trunc]
      return foldable.contains(builtin) && arguments.allSatisfy(isConstantAfterUnrolling)
    case .call, .load, .element:
      return false
    }
  }

  /// Calls `body` for each variable read in `expression`.
  func visitVariables(_ expression: CheckedExpression, _ body: (VariableID) -> Void) {
    switch expression.kind {
    case .variable(let id): body(id)
    case .literal, .unrollCounter: break
    case .unary(_, let operand), .conversion(let operand), .bitcast(let operand):
      visitVariables(operand, body)
    case .binary(_, let left, let right), .load(let left, let right), .element(let left, let right):
      visitVariables(left, body)
      visitVariables(right, body)
    case .builtin(_, let arguments), .call(_, let arguments):
      for argument in arguments { visitVariables(argument, body) }
    }
  }

  /// Calls `body` for each unroll counter `expression` depends on, through `let` constants.
  func visitUnrollCounters(_ expression: CheckedExpression, _ body: (VariableID) -> Void) {
    switch expression.kind {
    case .unrollCounter(let id): body(id)
    case .variable(let id):
      if let initializer = variables[id.index].constantInitializer {
        visitUnrollCounters(initializer, body)
      }
    case .literal: break
    case .unary(_, let operand), .conversion(let operand), .bitcast(let operand):
      visitUnrollCounters(operand, body)
    case .binary(_, let left, let right), .load(let left, let right), .element(let left, let right):
      visitUnrollCounters(left, body)
      visitUnrollCounters(right, body)
    case .builtin(_, let arguments), .call(_, let arguments):
      for argument in arguments { visitUnrollCounters(argument, body) }
    }
  }
}
