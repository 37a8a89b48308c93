import QPUBackend
import VCKIR
import VCKLang
import VCKLower

/// The whole pipeline: `.vck` source → checked AST → SSA IR → optimised IR →
/// QPU code with its launch metadata.
public enum Compiler {
  /// Compiles the kernel named `kernel` (or the only kernel) of `source`.
  ///
  /// This is what `vckc` runs; it does not touch a device or the cache.
  ///
  /// - Throws: ``CompileError`` with the diagnostics, or naming the kernels of the
  ///   source when `kernel` is not one of them.
  public static func compile(
    source: String, path: String = "<source>", kernel: String? = nil,
    options: CompileOptions = CompileOptions()
  ) throws(CompileError) -> CompiledKernel {
    let result = Frontend.check(SourceFile(path: path, text: source))
    guard !result.hasErrors, let program = result.program else {
      throw CompileError(
        diagnostics: result.diagnostics,
        message: result.renderedDiagnostics(includeWarnings: false))
    }
    let kernels = program.kernels.map { (id: $0, name: program.functions[$0.index].name) }
    let chosen: FunctionID
    if let kernel {
      guard let match = kernels.first(where: { $0.name == kernel }) else {
        throw CompileError(
          message: "\(path): error: no kernel named '\(kernel)' (kernels: "
            + "\(kernels.map(\.name).joined(separator: ", ")))")
      }
      chosen = match.id
    } else {
      guard kernels.count == 1 else {
        throw CompileError(
          message: "\(path): error: "
            + (kernels.isEmpty
              ? "no kernel in the file"
              : "several kernels (\(kernels.map(\.name).joined(separator: ", "))): choose one"))
      }
      chosen = kernels[0].id
    }
    do {
      var function = try Lowering.lower(program, kernel: chosen)
      try PassManager.pipeline(for: options.optimization).run(on: &function)
      return try Backend.compile(
        function,
        options: BackendOptions(
          scheduling: options.scheduling, switchThreadsOnLoads: options.switchThreadsOnLoads))
    } catch {
      throw CompileError(message: "\(path): error: \(error)")
    }
  }
}
