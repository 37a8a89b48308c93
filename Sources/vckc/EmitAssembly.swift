import ArgumentParser
import Foundation
import QPUBackend
import VCKIR
import VCKLang
import VCKLower
import VCKToolSupport

/// The options of `vckc FILE.vck -S` and `vckc FILE.vck --stats`.
struct AssemblyOptions: ParsableArguments {
  @Flag(
    name: .customShort("S"),
    help: "Print the generated QPU assembly of every kernel, with a statistics header.")
  var emitAssembly = false

  @Flag(
    name: .customLong("stats"),
    help:
      "Print the code statistics of every kernel (totals, then per loop: instructions, dual-issue rate, nops, TMU traffic) and the cost of compiling it: the time, size and peak live values after each stage and pass."
  )
  var stats = false

  @Flag(
    help: """
      With -S: print plain assembly that `vck asm` assembles back to the same words \
      (no addresses; labels, statistics and source lines as comments).
      """)
  var plain = false

  @Option(
    name: .customLong("schedule"),
    help: "The instruction scheduler: list (default) or naive (one operation per instruction).")
  var scheduling: BackendOptions.Scheduling = .list

  /// Whether -S or --stats was given.
  var isRequested: Bool { emitAssembly || stats }

  /// Compiles the kernels of `program` (all, or those `only` names) and prints their
  /// assembly or statistics; reports problems on standard error and returns whether every
  /// kernel compiled.
  func emit(
    _ program: CheckedProgram, file: SourceFile, optimization: OptimizationLevel,
    only: String? = nil, frontEndSeconds: Double = 0, threading: ThreadOptions = ThreadOptions()
  ) -> Bool {
    let path = file.path
    /// `line: source text` of the statement at a byte offset.
    func sourceLine(_ offset: Int) -> String? { file.numberedLine(at: offset) }
    var succeeded = true
    guard let kernels = KernelSelection.kernels(of: program, named: only, path: path) else {
      return false
    }
    for kernel in kernels {
      if stats && !emitAssembly {
        // Statistics with the cost of every stage and pass, printed even when a stage
        // fails, so the pass that made the kernel slow or too big to compile shows.
        var cost = CompileCost(frontEndSeconds: frontEndSeconds)
        let result = cost.compile(
          program, kernel: kernel, optimization: optimization,
          options: threading.backend(scheduling: scheduling))
        switch result {
        case .success(let compiled):
          print(compiled.statisticsHeader)
          printLoops(of: compiled, sourceLine: sourceLine)
        case .failure(let error):
          print("// kernel \(program[kernel].name): not compiled")
          CompileFailure.report(error, file: file)
          succeeded = false
        }
        print(cost.report)
        continue
      }
      do {
        var function = try Lowering.lower(program, kernel: kernel)
        try PassManager.pipeline(for: optimization).run(on: &function)
        let compiled = try Backend.compile(
          function, options: threading.backend(scheduling: scheduling))
        if !emitAssembly {
          print(compiled.statisticsHeader)
          printLoops(of: compiled, sourceLine: sourceLine)
        } else if plain {
          print(PlainAssembly.render(compiled, sourceLine: sourceLine))
        } else {
          print(compiled.assemblyListing(sourceLine: sourceLine))
        }
      } catch {
        if emitAssembly, let error = error as? BackendError, let rejected = error.rejectedKernel {
          // Still show the code, with what the validator rejected marked.
          print(
            rejected.assemblyListing(
              sourceLine: sourceLine, marked: error.rejectedInstructions))
        }
        CompileFailure.report(error, file: file)
        succeeded = false
      }
    }
    return succeeded
  }
}

extension AssemblyOptions {
  /// Prints the per-loop figures (``LoopStatistics``) under a kernel's statistics header.
  fileprivate func printLoops(
    of compiled: CompiledKernel, sourceLine: @escaping (Int) -> String?
  ) {
    let summary = compiled.loopSummary(sourceLine: sourceLine)
    if !summary.isEmpty { print(summary) }
  }
}

extension BackendOptions.Scheduling: ExpressibleByArgument {}
