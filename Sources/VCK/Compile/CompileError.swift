import VCKLang

/// Why a kernel did not compile, with the diagnostics rendered in the
/// compiler convention (`path:line:col: error: message`, the source line, a
/// caret).
public struct CompileError: Error, Sendable, CustomStringConvertible {
  /// The front end's diagnostics (empty when a later stage failed).
  public let diagnostics: [Diagnostic]
  /// The rendered text.
  public let message: String

  /// An error with the front end's diagnostics and their rendered text.
  public init(diagnostics: [Diagnostic] = [], message: String) {
    self.diagnostics = diagnostics
    self.message = message
  }

  /// The rendered text, ``message``.
  public var description: String { message }
}
