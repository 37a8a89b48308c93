import ArgumentParser
import Foundation
import VCK
import VCKIR
import VCKToolSupport

/// The options of `vckc FILE.vck -o FILE.vckb`.
struct ArtifactOptions: ParsableArguments {
  @Option(
    name: .customShort("o"),
    help: "Compile to QPU code and write the kernel artifact (.vckb) to this file.")
  var output: String?

  @Option(
    help: """
      The kernel to compile (-o, required when a file has several) or to print \
      (-S, --stats, --emit-ir; default: every kernel).
      """)
  var kernel: String?

  /// Compiles `source` and writes the artifact; reports problems on standard
  /// error and returns whether the artifact was written.
  func write(
    source: String, path: String, optimization: OptimizationLevel,
    threading: ThreadOptions = ThreadOptions()
  ) -> Bool {
    guard let output else { return true }
    do {
      let compiled = try Compiler.compile(
        source: source, path: path, kernel: kernel,
        options: CompileOptions(
          optimization: optimization, threadSwitching: threading.threadSwitching,
          threadsPerQPU: threading.threads))
      try Data(KernelArtifact.encode(compiled)).write(to: URL(fileURLWithPath: output))
      return true
    } catch let error as CompileError {
      FileHandle.standardError.write(
        Data((error.message.hasSuffix("\n") ? error.message : error.message + "\n").utf8))
    } catch {
      FileHandle.standardError.write(Data("vckc: error: cannot write '\(output)': \(error)\n".utf8))
    }
    return false
  }
}
