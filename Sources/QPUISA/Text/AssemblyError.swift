/// One problem in assembly source, at a line (1-based) of a named file.
public struct AssemblyDiagnostic: Hashable, Sendable, CustomStringConvertible {
  public let fileName: String
  public let line: Int
  public let message: String

  public init(fileName: String, line: Int, message: String) {
    self.fileName = fileName
    self.line = line
    self.message = message
  }

  /// `file:line: error: message`.
  public var description: String { "\(fileName):\(line): error: \(message)" }
}

/// The problems that kept a source from assembling, in line order.
public struct AssemblyError: Error, Hashable, Sendable, CustomStringConvertible {
  public let diagnostics: [AssemblyDiagnostic]

  public init(diagnostics: [AssemblyDiagnostic]) {
    self.diagnostics = diagnostics
  }

  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A parse failure inside one line; the assembler adds file and line.
struct LineError: Error {
  let message: String
  init(_ message: String) { self.message = message }
}
