/// A transformation of one function that keeps its meaning.
public protocol FunctionPass: Sendable {
  /// The pass's name, as `--print-after` and error messages use it.
  var name: String { get }
  /// Transforms `function`.
  func run(on function: inout Function)
}

/// The optimisation levels `vckc` offers.
public enum OptimizationLevel: String, CaseIterable, Sendable {
  /// No optimisation: the IR as lowering produced it.
  case none = "O0"
  /// The full pipeline.
  case full = "O2"
}

/// Runs a list of passes, verifying the function after each one.
public struct PassManager {
  /// The passes, run in order.
  public var passes: [any FunctionPass]
  /// Whether to run the ``Verifier`` after every pass (the input is always verified).
  /// On by default in debug builds.
  public var verifiesEachPass: Bool
  /// Called after each pass with its name and the function (e.g. to print it).
  public var observer: ((String, Function) -> Void)?
  /// Called after each pass with its name and how long it ran (verification and the
  /// observer not included), e.g. for `vckc --stats`.
  public var timer: ((String, Duration) -> Void)?

  /// A manager running `passes` in order.
  public init(passes: [any FunctionPass], verifiesEachPass: Bool = _isDebugAssertConfiguration()) {
    self.passes = passes
    self.verifiesEachPass = verifiesEachPass
  }

  /// The standard pipeline for `level`.
  public static func pipeline(for level: OptimizationLevel) -> PassManager {
    switch level {
    case .none: return PassManager(passes: [])
    case .full:
      let cleanup: [any FunctionPass] = [
        RemoveTrivialParameters(), Simplify(), CommonSubexpressionElimination(),
        DeadCodeElimination(), SimplifyCFG(),
      ]
      return PassManager(
        passes: [SimplifyCFG()] + cleanup + [LoopInvariantCodeMotion(), StrengthReduction()]
          + cleanup + [LoopInvariantCodeMotion(), IfConversion()] + cleanup)
    }
  }

  /// Legalisation for the QPU backend, run after ``pipeline(for:)``: integer multiply
  /// and divide expanded (``ExpandIntegerArithmetic``), then cleaned up.
  public static func legalization() -> PassManager {
    PassManager(passes: [
      ExpandIntegerArithmetic(), RemoveTrivialParameters(), Simplify(),
      CommonSubexpressionElimination(), DeadCodeElimination(), SimplifyCFG(),
      LoopInvariantCodeMotion(),
    ])
  }

  /// Runs every pass on `function`; throws when the input is invalid (passes assume
  /// valid IR, so it is always checked) or a pass leaves invalid IR (naming the pass).
  public func run(on function: inout Function) throws(VerificationError) {
    try Self.check(function, after: "input")
    let clock = ContinuousClock()
    for pass in passes {
      if let timer {
        let start = clock.now
        pass.run(on: &function)
        timer(pass.name, clock.now - start)
      } else {
        pass.run(on: &function)
      }
      if verifiesEachPass { try Self.check(function, after: pass.name) }
      observer?(pass.name, function)
    }
  }

  private static func check(_ function: Function, after stage: String) throws(VerificationError) {
    let problems = Verifier.check(function)
    if !problems.isEmpty {
      throw VerificationError(
        message: (stage == "input"
          ? "invalid input IR in @\(function.name):\n  "
          : "invalid IR in @\(function.name) after \(stage):\n  ")
          + problems.joined(separator: "\n  "))
    }
  }
}
