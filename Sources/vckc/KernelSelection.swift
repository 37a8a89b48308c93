import Foundation
import VCKLang

/// Which kernels of a file a mode prints: all of them, or the one `--kernel` names.
enum KernelSelection {
  /// The kernels of `program` named `name` (all when `name` is nil), or nil after
  /// reporting on standard error that the file has no such kernel.
  static func kernels(of program: CheckedProgram, named name: String?, path: String)
    -> [FunctionID]?
  {
    guard let name else { return program.kernels }
    let matching = program.kernels.filter { program.functions[$0.index].name == name }
    guard matching.isEmpty else { return matching }
    let names = program.kernels.map { program.functions[$0.index].name }
    FileHandle.standardError.write(
      Data(
        "\(path): error: no kernel named '\(name)' (kernels: \(names.joined(separator: ", ")))\n"
          .utf8))
    return nil
  }
}
