/// Name resolution and type checking of a whole file: top-level names, constants, kernels and
/// helper specialisations. Produces a ``CheckedProgram`` when there are no errors.
final class Checker {
  /// How deep helper calls may nest (helpers are inlined, so this also bounds code growth).
  static let maximumCallDepth = 32
  /// How deep checking may recurse in all (expressions and statements, through helper
  /// calls), so that no input can exhaust the stack. A kernel at the block-nesting limit
  /// with a long `else if` chain needs a few thousand levels; 4300 levels took under 32 MiB
  /// of stack in a debug build. `Frontend` runs the checker (and lowering, whose recursion
  /// follows the same tree) on a thread with 128 MiB.
  static let maximumCheckDepth = 12_000

  /// Current recursion depth of checking, across helper specialisations.
  var checkDepth = 0
  /// Whether the recursion limit was reported.
  var checkDepthReported = false

  enum GlobalSymbol {
    case function(Int)
    case constant(Int)
  }

  /// A top-level constant's value: untyped integers take the type their use needs.
  enum GlobalValue {
    case untypedInteger(Int64)
    case typed(ScalarType, ConstantValue)
  }

  enum ConstantState {
    case unvisited
    case inProgress
    case done(GlobalValue?)
  }

  struct SpecializationKey: Hashable {
    var declaration: Int
    var parameterUniformity: [Uniformity]
  }

  /// What a caller needs to know about a checked helper specialisation.
  struct SpecializationSummary {
    var id: FunctionID
    var resultType: VCKType
    var resultUniformity: Uniformity
    var containsBarrier: Bool
    /// Launch-dependent built-ins (``Builtin/requiredGrid``) used, directly or by calls.
    var gridBuiltins: Set<Builtin>
  }

  let file: SourceFile
  let syntax: SourceFileSyntax
  var diagnostics = DiagnosticBag()
  var globals: [String: GlobalSymbol] = [:]
  var functionSyntaxes: [FunctionSyntax] = []
  var constantSyntaxes: [VariableDeclarationSyntax] = []
  var constantStates: [ConstantState] = []
  var functions: [CheckedFunction?] = []
  var specializations: [SpecializationKey: SpecializationSummary] = [:]
  var callStack: [Int] = []
  var calledHelpers: Set<Int> = []

  init(file: SourceFile, syntax: SourceFileSyntax) {
    self.file = file
    self.syntax = syntax
  }

  /// Checks the file; returns the program when there were no errors.
  func run() -> CheckedProgram? {
    declareGlobals()
    for index in constantSyntaxes.indices { _ = constantValue(index) }
    var kernels: [FunctionID] = []
    for (index, function) in functionSyntaxes.enumerated() where function.isKernel {
      let id = allocateFunction()
      let checker = FunctionChecker(program: self, function: function, declaration: index)
      let checked = checker.run(parameterUniformity: nil)
      functions[id.index] = checked
      diagnostics.add(contentsOf: checker.diagnostics)
      kernels.append(id)
    }
    for (index, function) in functionSyntaxes.enumerated()
    where !function.isKernel && !calledHelpers.contains(index) {
      diagnostics.add(
        Diagnostic(
          .unusedFunction, "function '\(function.name.name)' is never used",
          at: function.name.range))
      // Check it anyway, assuming uniform arguments (the most permissive assumption).
      let uniformity = [Uniformity](repeating: .uniform, count: function.parameters.count)
      _ = specialization(of: index, parameterUniformity: uniformity, calledAt: nil)
    }
    guard !diagnostics.hasErrors else { return nil }
    let checkedFunctions = functions.compactMap { $0 }
    guard checkedFunctions.count == functions.count else { return nil }
    var constants: [GlobalConstant] = []
    for (index, declaration) in constantSyntaxes.enumerated() {
      guard case .done(let value?) = constantStates[index] else { continue }
      switch value {
      case .untypedInteger(let integer):
        constants.append(
          GlobalConstant(
            name: declaration.name.name, type: nil, value: .integer(integer),
            range: declaration.name.range))
      case .typed(let type, let constant):
        constants.append(
          GlobalConstant(
            name: declaration.name.name, type: type, value: constant, range: declaration.name.range)
        )
      }
    }
    return CheckedProgram(functions: checkedFunctions, kernels: kernels, constants: constants)
  }

  func allocateFunction() -> FunctionID {
    functions.append(nil)
    return FunctionID(index: functions.count - 1)
  }

  private func declareGlobals() {
    var ranges: [String: SourceRange] = [:]
    for declaration in syntax.declarations {
      let name: Identifier
      let symbol: GlobalSymbol
      switch declaration {
      case .function(let function):
        name = function.name
        symbol = .function(functionSyntaxes.count)
        functionSyntaxes.append(function)
      case .constant(let constant):
        name = constant.name
        symbol = .constant(constantSyntaxes.count)
        constantSyntaxes.append(constant)
        constantStates.append(.unvisited)
      }
      if let message = reservedNameMessage(name.name) {
        diagnostics.add(Diagnostic(.builtinRedeclaration, message, at: name.range))
        continue
      }
      if name.name.isEmpty || name.name == "_" { continue }
      if let previous = ranges[name.name] {
        diagnostics.add(
          Diagnostic(
            .redeclaration, "invalid redeclaration of '\(name.name)'", at: name.range,
            notes: [DiagnosticNote("'\(name.name)' is first declared here", at: previous)]))
        continue
      }
      ranges[name.name] = name.range
      globals[name.name] = symbol
    }
  }

  /// The value of a top-level constant, evaluating it on first use.
  func constantValue(_ index: Int) -> GlobalValue? {
    switch constantStates[index] {
    case .done(let value):
      return value
    case .inProgress:
      let declaration = constantSyntaxes[index]
      diagnostics.add(
        Diagnostic(
          .constantCycle, "constant '\(declaration.name.name)' depends on itself",
          at: declaration.name.range))
      constantStates[index] = .done(nil)
      return nil
    case .unvisited:
      constantStates[index] = .inProgress
      let checker = FunctionChecker(program: self, function: nil, declaration: nil)
      let value = checker.evaluateGlobalConstant(constantSyntaxes[index])
      diagnostics.add(contentsOf: checker.diagnostics)
      if case .done = constantStates[index] { return nil }  // a cycle was reported
      constantStates[index] = .done(value)
      return value
    }
  }

  /// The specialisation of helper `declaration` for the given argument uniformity, checking
  /// it on first use. `nil` after an error (recursion, nesting too deep).
  func specialization(
    of declaration: Int, parameterUniformity: [Uniformity], calledAt callRange: SourceRange?
  ) -> SpecializationSummary? {
    let function = functionSyntaxes[declaration]
    if callRange != nil { calledHelpers.insert(declaration) }
    if callStack.contains(declaration), let callRange {
      diagnostics.add(
        Diagnostic(
          .recursiveCall,
          "'\(function.name.name)' calls itself; 'fn' helpers are inlined and cannot recurse",
          at: callRange,
          notes: [
            DiagnosticNote("'\(function.name.name)' is declared here", at: function.name.range)
          ]))
      return nil
    }
    let key = SpecializationKey(declaration: declaration, parameterUniformity: parameterUniformity)
    if let summary = specializations[key] { return summary }
    if callStack.count >= Checker.maximumCallDepth, let callRange {
      diagnostics.add(
        Diagnostic(
          .callNestingTooDeep,
          "helper calls are nested too deeply (the limit is \(Checker.maximumCallDepth))",
          at: callRange))
      return nil
    }
    callStack.append(declaration)
    defer { callStack.removeLast() }
    let id = allocateFunction()
    let checker = FunctionChecker(program: self, function: function, declaration: declaration)
    let checked = checker.run(parameterUniformity: parameterUniformity)
    functions[id.index] = checked
    var helperDiagnostics = checker.diagnostics
    if let callRange, parameterUniformity.contains(.varying) {
      for index in helperDiagnostics.indices where helperDiagnostics[index].severity == .error {
        helperDiagnostics[index].notes.append(
          DiagnosticNote(
            "in this call of '\(function.name.name)' with varying arguments", at: callRange))
      }
    }
    diagnostics.add(contentsOf: helperDiagnostics)
    let summary = SpecializationSummary(
      id: id, resultType: checked.resultType, resultUniformity: checked.resultUniformity,
      containsBarrier: checked.containsBarrier, gridBuiltins: Set(checker.gridBuiltins.keys))
    specializations[key] = summary
    return summary
  }
}

/// The message for declaring a name that the language reserves, or `nil` if it is free.
func reservedNameMessage(_ name: String) -> String? {
  if Builtin(rawValue: name) != nil {
    return "'\(name)' is a built-in function and cannot be redeclared"
  }
  if ScalarType(rawValue: name) != nil {
    return "'\(name)' is a type and cannot be redeclared"
  }
  if name == "bits" {
    return "'bits' is a built-in conversion and cannot be redeclared"
  }
  return nil
}
