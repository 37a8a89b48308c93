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

/// Collects diagnostics in the order they are found, dropping exact duplicates.
public struct DiagnosticBag: Sendable {
  /// The diagnostics collected so far.
  public private(set) var diagnostics: [Diagnostic] = []
  private var seen: Set<Diagnostic> = []
  /// The most errors kept; after that one final error says that the rest were dropped.
  public let errorLimit: Int

  /// Creates an empty bag.
  public init(errorLimit: Int = 100) {
    self.errorLimit = errorLimit
  }

  /// Number of errors collected.
  public var errorCount: Int { diagnostics.lazy.filter { $0.severity == .error }.count }

  /// Whether any error was collected.
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// Adds a diagnostic unless an identical one is already present.
  public mutating func add(_ diagnostic: Diagnostic) {
    guard !seen.contains(diagnostic) else { return }
    if diagnostic.severity == .error {
      let errors = errorCount
      if errors > errorLimit { return }
      if errors == errorLimit {
        let stop = Diagnostic(
          .tooManyErrors, "too many errors (\(errorLimit)); stopping here",
          at: diagnostic.range)
        seen.insert(stop)
        diagnostics.append(stop)
        return
      }
    }
    seen.insert(diagnostic)
    diagnostics.append(diagnostic)
  }

  /// Adds every diagnostic of `other`.
  public mutating func add(contentsOf other: [Diagnostic]) {
    for diagnostic in other { add(diagnostic) }
  }
}
