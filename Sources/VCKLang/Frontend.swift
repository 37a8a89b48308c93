/// The result of running the front end on one file.
public struct FrontendResult: Sendable {
  /// The file that was checked.
  public let file: SourceFile
  /// The parsed syntax tree (present even when there are errors).
  public let syntax: SourceFileSyntax
  /// Errors and warnings, sorted by position.
  public let diagnostics: [Diagnostic]
  /// The checked program; `nil` when there are errors.
  public let program: CheckedProgram?

  /// Whether any error was reported.
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// The diagnostics rendered in the compiler convention.
  public func renderedDiagnostics(includeWarnings: Bool = true) -> String {
    let shown = includeWarnings ? diagnostics : diagnostics.filter { $0.severity == .error }
    return DiagnosticRenderer(file: file).render(shown)
  }
}

/// Entry points of the front end: lex, parse, resolve names and check types.
public enum Frontend {
  /// Stack for the front end's thread: its recursion is bounded, and this bound fits.
  package static let stackBytes = 128 << 20

  /// Lexes, parses and checks `file`. The work runs on a thread of its own with a large
  /// stack, so any caller thread may use it.
  public static func check(_ file: SourceFile) -> FrontendResult {
    withLargeStack(bytes: stackBytes) { checkOnCurrentThread(file) }
  }

  static func checkOnCurrentThread(_ file: SourceFile) -> FrontendResult {
    let (syntax, parseDiagnostics) = Parser.parse(file)
    let checker = Checker(file: file, syntax: syntax)
    let program = checker.run()
    var bag = DiagnosticBag()
    let all = (parseDiagnostics + checker.diagnostics.diagnostics).enumerated().sorted {
      ($0.element.range.start, $0.offset) < ($1.element.range.start, $1.offset)
    }
    for (_, diagnostic) in all { bag.add(diagnostic) }
    let hasErrors = bag.hasErrors
    return FrontendResult(
      file: file, syntax: syntax, diagnostics: bag.diagnostics, program: hasErrors ? nil : program)
  }

  /// Lexes, parses and checks source text; `path` is used in diagnostics.
  public static func check(source: String, path: String = "<source>") -> FrontendResult {
    check(SourceFile(path: path, text: source))
  }
}
