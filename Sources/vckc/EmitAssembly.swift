import ArgumentParser
import Foundation
import QPUBackend
import VCKIR
import VCKLang
import VCKLower

/// The options of `vckc FILE.vck -S` and `vckc FILE.vck --stats`.
struct AssemblyOptions: ParsableArguments {
  @Flag(
    name: .customShort("S"),
    help: "Print the generated QPU assembly of every kernel, with a statistics header.")
  var emitAssembly = false

  @Flag(name: .customLong("stats"), help: "Print only the code statistics of every kernel.")
  var stats = false

  @Option(
    name: .customLong("schedule"),
    help: "The instruction scheduler: list (default) or naive (one operation per instruction).")
  var scheduling: BackendOptions.Scheduling = .list

  /// Whether -S or --stats was given.
  var isRequested: Bool { emitAssembly || stats }

  /// Compiles every kernel of `program` and prints its assembly or statistics; reports
  /// problems on standard error and returns whether every kernel compiled.
  func emit(
    _ program: CheckedProgram, file: SourceFile, optimization: OptimizationLevel
  ) -> Bool {
    let path = file.path
    /// `line: source text` of the statement at a byte offset.
    func sourceLine(_ offset: Int) -> String? {
      let line = file.lineColumn(of: offset).line
      return "\(line): " + file.lineText(line).trimmingCharacters(in: .whitespaces)
    }
    var succeeded = true
    for kernel in program.kernels {
      do {
        var function = try Lowering.lower(program, kernel: kernel)
        try PassManager.pipeline(for: optimization).run(on: &function)
        let compiled = try Backend.compile(
          function, options: BackendOptions(scheduling: scheduling))
        print(
          emitAssembly
            ? compiled.assemblyListing(sourceLine: sourceLine) : compiled.statisticsHeader)
      } catch {
        FileHandle.standardError.write(Data("\(path): error: \(error)\n".utf8))
        succeeded = false
      }
    }
    return succeeded
  }
}

extension BackendOptions.Scheduling: ExpressibleByArgument {}
