import ArgumentParser
import Foundation
import VCKLang
import VCKToolSupport

/// `vckc`: the ahead-of-time compiler for `.vck` kernels.
///
/// One command; the output mode is a flag. `--check` and `--emit-ast` exist now; the later
/// stages add `--emit-ir [-O0|-O2]`, `-S` and `-o out.vckb` as further modes of this command.
@main
struct VCKC: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "vckc",
    abstract: "Compile .vck kernels for the Raspberry Pi 4 GPU (V3D 4.2 QPUs).",
    discussion: """
      Diagnostics go to standard error as 'path:line:col: error: message' followed by the \
      source line and a caret. The exit status is 1 when any file has errors.
      """)

  @Flag(
    name: .customLong("check"),
    help:
      "Check the files and compile every kernel without output; report diagnostics and what stops a kernel from compiling."
  )
  var check = false

  @Flag(name: .customLong("emit-ast"), help: "Print the checked AST (types and uniformity).")
  var emitAST = false

  @Flag(name: .customShort("w"), help: "Do not print warnings.")
  var suppressWarnings = false

  @Flag(name: .customLong("Werror"), help: "Treat warnings as errors.")
  var warningsAsErrors = false

  @OptionGroup var ir: IROptions

  @OptionGroup var artifact: ArtifactOptions

  @OptionGroup var assembly: AssemblyOptions

  @OptionGroup var threading: ThreadOptions

  @Argument(help: "The .vck files to compile ('-' reads standard input).")
  var files: [String] = []

  /// The output modes; exactly one is chosen per run.
  enum Mode {
    case check
    case emitAST
  }

  func validate() throws {
    if files.isEmpty {
      throw ValidationError("no input files")
    }
    if [check, emitAST, ir.emitIR, artifact.output != nil, assembly.isRequested]
      .filter({ $0 }).count > 1
    {
      throw ValidationError("choose one of --check, --emit-ast, --emit-ir, -S/--stats and -o")
    }
    if assembly.plain && !assembly.emitAssembly {
      throw ValidationError("--plain goes with -S")
    }
    if artifact.output != nil && files.count != 1 {
      throw ValidationError("-o writes one kernel: give one input file")
    }
    if !check && !emitAST && !ir.emitIR && artifact.output == nil && !assembly.isRequested {
      throw ValidationError(
        "choose an output mode: --check, --emit-ast, --emit-ir, -S, --stats or -o FILE.vckb")
    }
  }

  var mode: Mode { emitAST ? .emitAST : .check }

  func run() throws {
    var failed = false
    for path in files {
      guard let bytes = readInput(path) else {
        FileHandle.standardError.write(Data("vckc: error: cannot read '\(path)'\n".utf8))
        failed = true
        continue
      }
      let file = SourceFile(path: path == "-" ? "<stdin>" : path, bytes: bytes)
      let frontEndStart = ContinuousClock.now
      let result = Frontend.check(file)
      let frontEndSeconds = (ContinuousClock.now - frontEndStart).seconds
      let rendered = result.renderedDiagnostics(includeWarnings: !suppressWarnings)
      FileHandle.standardError.write(Data(rendered.utf8))
      let hasWarnings = result.diagnostics.contains { $0.severity == .warning }
      if result.hasErrors || (warningsAsErrors && hasWarnings) {
        failed = true
        continue
      }
      if check, let program = result.program,
        !CompileCheck.run(
          program, file: file, optimization: ir.optimization.level, only: artifact.kernel,
          options: threading.backend())
      {
        failed = true
      }
      if mode == .emitAST, let program = result.program {
        print(ASTPrinter.print(program), terminator: "")
      }
      if ir.emitIR, let program = result.program,
        !ir.emit(program, file: file, only: artifact.kernel)
      {
        failed = true
      }
      if assembly.isRequested, let program = result.program,
        !assembly.emit(
          program, file: file, optimization: ir.optimization.level, only: artifact.kernel,
          frontEndSeconds: frontEndSeconds, threading: threading)
      {
        failed = true
      }
      if artifact.output != nil,
        !artifact.write(
          source: String(decoding: bytes, as: UTF8.self), path: file.path,
          optimization: ir.optimization.level, threading: threading)
      {
        failed = true
      }
    }
    if failed { throw ExitCode(1) }
  }

  func readInput(_ path: String) -> [UInt8]? {
    if path == "-" {
      return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
    }
    return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
  }
}
