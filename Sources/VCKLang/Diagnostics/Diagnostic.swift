/// How serious a diagnostic is.
public enum Severity: String, Sendable, Comparable {
  case note
  case warning
  case error

  public static func < (lhs: Severity, rhs: Severity) -> Bool {
    let order: [Severity: Int] = [.note: 0, .warning: 1, .error: 2]
    return order[lhs, default: 0] < order[rhs, default: 0]
  }
}

/// A note attached to a diagnostic: extra information at another place in the file.
public struct DiagnosticNote: Hashable, Sendable {
  /// What the note says.
  public var message: String
  /// Where it points; `nil` for a note without a location.
  public var range: SourceRange?

  /// Creates a note.
  public init(_ message: String, at range: SourceRange?) {
    self.message = message
    self.range = range
  }
}

/// One error or warning, located in the source.
public struct Diagnostic: Hashable, Sendable {
  /// Error or warning.
  public var severity: Severity
  /// Which rule was broken; tests use it to cover every diagnostic.
  public var code: DiagnosticCode
  /// The message, in the compiler convention (lower case, no final period).
  public var message: String
  /// The source text the diagnostic is about.
  public var range: SourceRange
  /// Further notes (where a name was declared, what to write instead, ...).
  public var notes: [DiagnosticNote]

  /// Creates a diagnostic; the severity comes from the code.
  public init(
    _ code: DiagnosticCode, _ message: String, at range: SourceRange,
    notes: [DiagnosticNote] = []
  ) {
    self.severity = code.severity
    self.code = code
    self.message = message
    self.range = range
    self.notes = notes
  }
}

/// Collects diagnostics in the order they are found, dropping exact duplicates. After
/// `errorLimit` errors it adds one "too many errors" error and ignores the rest; warnings are
/// capped at the same number.
public struct DiagnosticBag: Sendable {
  /// The diagnostics collected so far.
  public private(set) var diagnostics: [Diagnostic] = []
  /// Number of errors collected.
  public private(set) var errorCount = 0
  private var warningCount = 0
  private var seen: Set<Diagnostic> = []
  private var stopped = false
  /// The most errors (and, separately, warnings) kept.
  public let errorLimit: Int

  /// Creates an empty bag.
  public init(errorLimit: Int = 100) {
    self.errorLimit = errorLimit
  }

  /// Whether any error was collected.
  public var hasErrors: Bool { errorCount > 0 }

  /// Adds a diagnostic unless an identical one is already present or a limit was reached.
  public mutating func add(_ diagnostic: Diagnostic) {
    guard !stopped, !seen.contains(diagnostic) else { return }
    if diagnostic.severity == .error {
      if errorCount == errorLimit {
        let stop = Diagnostic(
          .tooManyErrors, "too many errors (\(errorLimit)); stopping here", at: diagnostic.range)
        diagnostics.append(stop)
        errorCount += 1
        stopped = true
        return
      }
      errorCount += 1
    } else {
      guard warningCount < errorLimit else { return }
      warningCount += 1
    }
    seen.insert(diagnostic)
    diagnostics.append(diagnostic)
  }

  /// Adds every diagnostic of `other`.
  public mutating func add(contentsOf other: [Diagnostic]) {
    for diagnostic in other { add(diagnostic) }
  }
}
