import QPUBackend
import VCKIR
import VCKLang
import VCKLower

/// The compiler pipeline with no device and no cache: `.vck` source → checked AST →
/// SSA IR → optimised IR → QPU code with its launch metadata.
///
/// `VCK`'s `Compiler`, the `#kernel` macro and the `VCKPlugin` build tool all compile
/// through it, so a kernel compiled at build time is the kernel the run-time compiler
/// would give.
public enum KernelBuild {
  /// Why a source did not compile.
  public enum Failure: Error, Sendable {
    /// The front end reported errors (the result holds them, with the warnings).
    case diagnostics(FrontendResult)
    /// The kernel asked for is not in the source, or no kernel was named and the
    /// source does not hold exactly one; `kernels` are the source's kernels.
    case kernelChoice(requested: String?, kernels: [String])
    /// Lowering or the back end failed (a rare, whole-kernel problem such as running
    /// out of registers).
    case backend(String)

    /// The failure as one line, after `path: error: ` (front-end diagnostics are
    /// rendered by the caller).
    public var summary: String {
      switch self {
      case .diagnostics(let result):
        return "\(result.diagnostics.filter { $0.severity == .error }.count) error(s)"
      case .kernelChoice(let requested?, let kernels):
        return "no kernel named '\(requested)' (kernels: \(kernels.joined(separator: ", ")))"
      case .kernelChoice(nil, let kernels):
        return kernels.isEmpty
          ? "no kernel in the file"
          : "several kernels (\(kernels.joined(separator: ", "))): choose one"
      case .backend(let message):
        return message
      }
    }
  }

  /// The names of the kernels of a checked program, in source order.
  public static func kernelNames(_ program: CheckedProgram) -> [String] {
    program.kernels.map { program.functions[$0.index].name }
  }

  /// Compiles the kernel named `kernel` (or the only kernel) of `file`.
  ///
  /// - Parameters:
  ///   - file: The source, with the path diagnostics name.
  ///   - kernel: The kernel to compile; `nil` when the source holds one kernel.
  ///   - optimization: `-O0` or `-O2`.
  ///   - backend: The back end's options (scheduler, thread switching).
  /// - Returns: The compiled kernel and the front end's result (for its warnings).
  public static func compile(
    _ file: SourceFile, kernel: String? = nil, optimization: OptimizationLevel = .full,
    backend: BackendOptions = BackendOptions()
  ) throws(Failure) -> (kernel: CompiledKernel, frontend: FrontendResult) {
    let result = Frontend.check(file)
    guard !result.hasErrors, let program = result.program else {
      throw .diagnostics(result)
    }
    let names = kernelNames(program)
    let index: Int
    if let kernel {
      guard let match = names.firstIndex(of: kernel) else {
        throw .kernelChoice(requested: kernel, kernels: names)
      }
      index = match
    } else {
      guard names.count == 1 else { throw .kernelChoice(requested: nil, kernels: names) }
      index = 0
    }
    do {
      var function = try Lowering.lower(program, kernel: program.kernels[index])
      try PassManager.pipeline(for: optimization).run(on: &function)
      return (try Backend.compile(function, options: backend), result)
    } catch {
      throw .backend("\(error)")
    }
  }
}
