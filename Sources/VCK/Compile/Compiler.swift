import QPUBackend
import VCKBuild
import VCKIR
import VCKLang

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
    // On a thread with a large stack: the syntax tree of a kernel near the nesting
    // limits is deep, and building, lowering and freeing it recurse.
    try withLargeStack(bytes: Frontend.stackBytes) {
      Result(catching: { () throws(CompileError) -> CompiledKernel in
        try compileOnCurrentThread(source: source, path: path, kernel: kernel, options: options)
      })
    }.get()
  }

  static func compileOnCurrentThread(
    source: String, path: String, kernel: String?, options: CompileOptions
  ) throws(CompileError) -> CompiledKernel {
    do {
      return try KernelBuild.compile(
        SourceFile(path: path, text: source), kernel: kernel,
        optimization: options.optimization,
        backend: BackendOptions(
          scheduling: options.scheduling, threadSwitching: options.threadSwitching,
          threadsPerQPU: options.threadsPerQPU)
      ).kernel
    } catch .diagnostics(let result) {
      throw CompileError(
        diagnostics: result.diagnostics,
        message: result.renderedDiagnostics(includeWarnings: false))
    } catch {
      throw CompileError(message: "\(path): error: \(error.summary)")
    }
  }
}
