import Foundation
import QPUBackend
import VCKLang
import VCKLower

/// How `vckc` reports a kernel that checks but fails to compile: `path:line:column: error:
/// message`, then the source line, when the error knows where in the source it comes from.
enum CompileFailure {
  /// The message for `error` from compiling a kernel of `file`.
  static func message(for error: Error, file: SourceFile) -> String {
    var offset: Int?
    switch error {
    case let error as BackendError: offset = error.sourceOffset
    case let error as LoweringError: offset = error.range.map { Int($0.start) }
    default: break
    }
    guard let offset else { return "\(file.path): error: \(error)\n" }
    let position = file.lineColumn(of: offset)
    return "\(file.path):\(position.line):\(position.column): error: \(error)\n"
      + "  \(file.numberedLine(at: offset))\n"
  }

  /// Writes the message for `error` to standard error.
  static func report(_ error: Error, file: SourceFile) {
    FileHandle.standardError.write(Data(message(for: error, file: file).utf8))
  }
}
