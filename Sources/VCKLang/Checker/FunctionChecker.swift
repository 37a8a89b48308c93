/// Checks one kernel or helper specialisation (or, with no function, one top-level constant).
///
/// Uniformity is inferred by iterating to a fixed point: a pass checks the whole body; when it
/// finds that a `var` becomes varying (a varying value is stored, or it is assigned under
/// control flow that is varying since its declaration) or that a loop lets lanes leave at
/// different iterations, it records that and the body is checked again. The facts only ever
/// grow from uniform to varying, so this ends; the last pass's results and diagnostics count.
final class FunctionChecker {
  static let maximumPasses = 64

  /// One level of control flow around the statement being checked.
  struct ControlFrame {
    enum Kind {
      case branch
      case loop
      case unrolledLoop
    }

    var kind: Kind
    /// The condition (or bounds) differ between lanes.
    var isVarying: Bool
    /// Where the deciding condition is written (for notes).
    var conditionRange: SourceRange
    /// A `break`/`continue` under varying control happened earlier in this loop's body, so
    /// the rest of the body runs for only some lanes.
    var restIsMasked = false
    /// A `break` or `return` under varying control: lanes leave this loop at different times.
    var hasVaryingExit = false
    /// Key of the loop in `varyingLoops`.
    var key: Int
  }

  struct Usage {
    var isRead = false
    var isWritten = false
  }

  unowned let program: Checker
  let function: FunctionSyntax?
  let declaration: Int?

  // Facts inferred so far; they persist from pass to pass.
  var varyingDeclarations: Set<Int> = []
  var varyingLoops: Set<Int> = []
  var changed = false
  /// Set for a final pass that treats every `var` and loop as varying.
  var pessimistic = false

  // State of the current pass.
  var diagnostics: [Diagnostic] = []
  var variables: [Variable] = []
  var declarationKeys: [Int] = []
  var declarationControlLevels: [Int] = []
  var usage: [Usage] = []
  var poisoned: Set<Int> = []
  var constantDepth: [Int: Int] = [:]
  var scopes: [[String: VariableID]] = []
  var control: [ControlFrame] = []
  var functionDiverged = false
  var resultUniformity = Uniformity.uniform
  var containsBarrier = false
  /// Launch-dependent built-ins used so far (directly or through helpers), with a place.
  var gridBuiltins: [Builtin: SourceRange] = [:]
  var unrollValues: [VariableID: [Int64]] = [:]
  var unrollProduct = 1

  init(program: Checker, function: FunctionSyntax?, declaration: Int?) {
    self.program = program
    self.function = function
    self.declaration = declaration
  }

  var isKernel: Bool { function?.isKernel ?? false }

  func error(
    _ code: DiagnosticCode, _ message: String, at range: SourceRange, notes: [DiagnosticNote] = []
  ) {
    diagnostics.append(Diagnostic(code, message, at: range, notes: notes))
  }

  func warning(_ code: DiagnosticCode, _ message: String, at range: SourceRange) {
    diagnostics.append(Diagnostic(code, message, at: range))
  }

  // MARK: - Running

  /// Checks the function body to a fixed point. Kernels pass `nil` (their parameters are
  /// uniform); helper specialisations pass the uniformity of their arguments.
  func run(parameterUniformity: [Uniformity]?) -> CheckedFunction {
    guard let function else {
      // Only constants are checked without a function; there is nothing to run.
      return CheckedFunction(
        name: "", kind: .helper, parameters: [], resultType: .void, resultUniformity: .uniform,
        body: CheckedBlock(statements: [], range: SourceRange(at: 0)), variables: [],
        containsBarrier: false, range: SourceRange(at: 0))
    }
    var body = CheckedBlock(statements: [], range: function.body.range)
    var parameters: [VariableID] = []
    var resultType = VCKType.void
    for pass in 0...FunctionChecker.maximumPasses {
      // Inference normally settles in a few passes. If it has not after the limit, one last
      // pass assumes every `var` and loop is varying, which is always sound.
      pessimistic = pass == FunctionChecker.maximumPasses
      resetPass()
      changed = false
      scopes = [[:]]
      parameters = []
      for (index, parameter) in function.parameters.enumerated() {
        let type = resolveParameterType(parameter.type)
        let uniformity =
          parameterUniformity.flatMap { index < $0.count ? $0[index] : nil } ?? .uniform
        if let id = declare(
          parameter.name, kind: .parameter, type: type ?? .void, uniformity: uniformity)
        {
          parameters.append(id)
          if type == nil { poisoned.insert(id.index) }
        }
      }
      resultType = .void
      if let written = function.resultType {
        if function.isKernel {
          error(.returnValueInKernel, "a kernel cannot have a result type", at: written.range)
        } else if let type = resolveType(written) {
          if type.scalar == nil {
            error(
              .invalidType, "a helper's result must be i32, u32, f32 or bool, not '\(type)'",
              at: written.range)
          } else {
            resultType = type
          }
        }
      }
      checkGridClause(function)
      body = checkBlock(function.body, opensScope: false)
      closeScope(scopes.removeLast())
      if resultType != .void, !alwaysReturns(function.body) {
        error(
          .missingReturn,
          "missing return in '\(function.name.name)', which returns '\(resultType)'",
          at: SourceRange(
            start: max(function.body.range.end - 1, function.body.range.start),
            end: function.body.range.end))
      }
      if !changed { break }
    }
    var checked = CheckedFunction(
      name: function.name.name, kind: function.isKernel ? .kernel : .helper,
      parameters: parameters, resultType: resultType, resultUniformity: resultUniformity,
      body: body, variables: variables, containsBarrier: containsBarrier, range: function.range)
    checked.gridDimensions = gridDimensions
    return checked
  }

  func resetPass() {
    diagnostics = []
    variables = []
    declarationKeys = []
    declarationControlLevels = []
    usage = []
    poisoned = []
    constantDepth = [:]
    control = []
    functionDiverged = false
    resultUniformity = .uniform
    containsBarrier = false
    gridBuiltins = [:]
    unrollValues = [:]
    unrollProduct = 1
  }

  /// Evaluates a top-level `let`.
  func evaluateGlobalConstant(_ declaration: VariableDeclarationSyntax) -> Checker.GlobalValue? {
    scopes = [[:]]
    guard let initializer = declaration.initializer else {
      error(
        .missingInitializer, "constant '\(declaration.name.name)' needs a value",
        at: declaration.name.range)
      return nil
    }
    var declaredType: ScalarType?
    if let written = declaration.type {
      guard let type = resolveType(written) else { return nil }
      guard let scalar = type.scalar else {
        error(
          .invalidType, "a top-level constant must have type i32, u32, f32 or bool",
          at: written.range)
        return nil
      }
      declaredType = scalar
    } else if isUntypedInteger(initializer) {
      switch foldUntyped(initializer) {
      case .value(let value): return .untypedInteger(value)
      case .failed: return nil
      case .dependsOnUnroll: break
      }
    }
    guard let value = check(initializer, expected: declaredType.map { .scalar($0) }) else {
      return nil
    }
    if let declaredType {
      guard require(value, .scalar(declaredType), "constant '\(declaration.name.name)'") else {
        return nil
      }
    }
    guard let constant = value.constantValue, let type = value.type.scalar else {
      error(
        .notConstant,
        "the value of constant '\(declaration.name.name)' must be known at compile time",
        at: initializer.range)
      return nil
    }
    return .typed(type, constant)
  }

  // MARK: - Control levels

  /// How many enclosing constructs make the current code run for only some lanes.
  var controlLevel: Int {
    control.reduce(functionDiverged ? 1 : 0) { $0 + ($1.isVarying || $1.restIsMasked ? 1 : 0) }
  }

  /// The innermost varying construct, for notes.
  var varyingControlNote: DiagnosticNote {
    if let frame = control.last(where: { $0.isVarying }) {
      return DiagnosticNote(
        "this condition is varying (it may differ between lanes)", at: frame.conditionRange)
    }
    if let frame = control.last(where: { $0.restIsMasked }) {
      return DiagnosticNote(
        "an earlier 'break' or 'continue' under varying control leaves only some lanes running",
        at: frame.conditionRange)
    }
    return DiagnosticNote(
      "an earlier 'return' under varying control leaves only some lanes running", at: nil)
  }

  // MARK: - Variables and scopes

  /// Declares a name in the innermost scope; `nil` for `_` or after an error.
  @discardableResult
  func declare(
    _ name: Identifier, kind: Variable.Kind, type: VCKType, uniformity: Uniformity,
    constantValue: ConstantValue? = nil, constantInitializer: CheckedExpression? = nil
  ) -> VariableID? {
    if let message = reservedNameMessage(name.name) {
      error(.builtinRedeclaration, message, at: name.range)
      return nil
    }
    let id = VariableID(index: variables.count)
    let key = name.range.start
    let inferred: Uniformity =
      varyingDeclarations.contains(key) || (pessimistic && kind == .variable)
      ? .varying : uniformity
    if uniformity == .varying, kind == .variable { noteVarying(key) }
    variables.append(
      Variable(
        name: name.name, kind: kind, type: type, uniformity: inferred, constantValue: constantValue,
        constantInitializer: constantInitializer, range: name.range))
    declarationKeys.append(key)
    declarationControlLevels.append(controlLevel)
    usage.append(Usage())
    if name.name.isEmpty || name.name == "_" { return id }
    if let previous = scopes[scopes.count - 1][name.name] {
      error(
        .redeclaration, "invalid redeclaration of '\(name.name)'", at: name.range,
        notes: [
          DiagnosticNote(
            "'\(name.name)' is first declared here", at: variables[previous.index].range)
        ])
      return id
    }
    scopes[scopes.count - 1][name.name] = id
    return id
  }

  func noteVarying(_ key: Int) {
    if varyingDeclarations.insert(key).inserted { changed = true }
  }

  func lookup(_ name: String) -> VariableID? {
    for scope in scopes.reversed() {
      if let id = scope[name] { return id }
    }
    return nil
  }

  /// Warns about variables of a scope that were never used.
  func closeScope(_ scope: [String: VariableID]) {
    for id in scope.values.sorted(by: { $0.index < $1.index }) {
      let variable = variables[id.index]
      let use = usage[id.index]
      guard !variable.name.hasPrefix("_"), !poisoned.contains(id.index) else { continue }
      switch variable.kind {
      case .parameter:
        continue
      case .variable where !use.isRead && use.isWritten:
        warning(
          .writtenNeverRead, "variable '\(variable.name)' was written to, but never read",
          at: variable.range)
      case .variable where use.isRead && !use.isWritten:
        warning(
          .neverMutated, "variable '\(variable.name)' was never mutated; declare it with 'let'",
          at: variable.range)
      case .loopCounter where !use.isRead, .unrollCounter where !use.isRead:
        warning(
          .unusedVariable,
          "loop counter '\(variable.name)' is never used; name it '_' to ignore it",
          at: variable.range)
      case _ where !use.isRead:
        warning(
          .unusedVariable, "'\(variable.name)' is declared but never used", at: variable.range)
      default:
        break
      }
    }
  }
}
