import ArgumentParser
import Foundation
import VCKIR
import VCKLang
import VCKLower

/// `-O0` / `-O2`.
enum OptimizationFlag: String, EnumerableFlag {
  case o0 = "O0"
  case o2 = "O2"

  static func name(for value: OptimizationFlag) -> NameSpecification {
    .customLong(value.rawValue, withSingleDash: true)
  }

  static func help(for value: OptimizationFlag) -> ArgumentHelp? {
    switch value {
    case .o0: return "Do not optimise (the IR as lowered from the AST)."
    case .o2: return "Optimise: folding, CSE, DCE, LICM, strength reduction (default)."
    }
  }

  var level: OptimizationLevel { self == .o0 ? .none : .full }
}

/// The options of `vckc --emit-ir`.
struct IROptions: ParsableArguments {
  @Flag(name: .customLong("emit-ir"), help: "Print the SSA IR of every kernel.")
  var emitIR = false

  @Flag var optimization: OptimizationFlag = .o2

  @Flag(
    name: .customLong("legalize"),
    help: "With --emit-ir: also expand integer multiply and divide for the QPU.")
  var legalize = false

  @Flag(
    name: .customLong("print-after-all"),
    help: "With --emit-ir: print the IR after lowering and after every pass.")
  var printAfterAll = false

  /// Lowers, optimises and prints the kernels of `program` (all, or those `only` names);
  /// reports problems on standard error and returns whether all kernels were printed.
  func emit(_ program: CheckedProgram, file: SourceFile, only: String? = nil) -> Bool {
    var succeeded = true
    guard let kernels = KernelSelection.kernels(of: program, named: only, path: file.path) else {
      return false
    }
    for kernel in kernels {
      do {
        var function = try Lowering.lower(program, kernel: kernel)
        var manager = PassManager.pipeline(for: optimization.level)
        if printAfterAll {
          print("// @\(function.name) after lowering")
          print(Printer.print(function))
          manager.observer = { pass, after in
            print("// @\(after.name) after \(pass)")
            print(Printer.print(after))
          }
        }
        if legalize { manager.passes += PassManager.legalization().passes }
        try manager.run(on: &function)
        if !printAfterAll { print(Printer.print(function)) }
      } catch {
        CompileFailure.report(error, file: file)
        succeeded = false
      }
    }
    return succeeded
  }
}
