import QPUBackend
import VCKIR
import VCKLang
import VCKLower

/// The second half of `vckc --check`: every kernel that the front end accepts is compiled
/// through lowering, the optimisation passes and the backend (no output), so that what
/// only compilation finds — a helper chain nested too deep, more values live at one point
/// than registers and spill slots can hold — is reported as an error with the kernel's
/// name and the source line, before anyone launches it.
enum CompileCheck {
  /// Compiles each kernel of `program` (those `only` names, or all); reports failures on
  /// standard error and returns whether every kernel compiled.
  static func run(
    _ program: CheckedProgram, file: SourceFile, optimization: OptimizationLevel, only: String?,
    options: BackendOptions = BackendOptions()
  ) -> Bool {
    guard let kernels = KernelSelection.kernels(of: program, named: only, path: file.path)
    else { return false }
    var succeeded = true
    for kernel in kernels {
      do {
        var function = try Lowering.lower(program, kernel: kernel)
        try PassManager.pipeline(for: optimization).run(on: &function)
        _ = try Backend.compile(function, options: options)
      } catch {
        CompileFailure.report(error, file: file)
        succeeded = false
      }
    }
    return succeeded
  }
}
