/// Renders diagnostics in the compiler convention:
///
///     path:line:col: error: message
///         source line
///         ^~~~~~
///     path:line:col: note: message
public struct DiagnosticRenderer: Sendable {
  /// The file the diagnostics refer to.
  public let file: SourceFile

  /// Creates a renderer for diagnostics of `file`.
  public init(file: SourceFile) {
    self.file = file
  }

  /// The full text for a list of diagnostics, each followed by its notes.
  public func render(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.map(render).joined()
  }

  /// The text for one diagnostic and its notes, ending with a newline.
  public func render(_ diagnostic: Diagnostic) -> String {
    var text = renderEntry(
      severity: diagnostic.severity, message: diagnostic.message, range: diagnostic.range)
    for note in diagnostic.notes {
      if let range = note.range {
        text += renderEntry(severity: .note, message: note.message, range: range)
      } else {
        let at = file.lineColumn(of: diagnostic.range.start)
        text += "\(file.path):\(at.line):\(at.column): note: \(note.message)\n"
      }
    }
    return text
  }

  /// Lines longer than this are shown as a window around the caret.
  static let maximumShownLineLength = 120

  private func renderEntry(severity: Severity, message: String, range: SourceRange) -> String {
    let start = file.lineColumn(of: range.start)
    var text = "\(file.path):\(start.line):\(start.column): \(severity.rawValue): \(message)\n"
    var shown = file.lineRange(start.line)
    var prefix = ""
    var suffix = ""
    let limit = DiagnosticRenderer.maximumShownLineLength
    if shown.count > limit {
      let caret = min(max(range.start, shown.lowerBound), shown.upperBound)
      var lower = max(shown.lowerBound, caret - limit / 2)
      var upper = min(shown.upperBound, lower + limit)
      // Do not cut a UTF-8 sequence in half.
      while lower < upper, lower > shown.lowerBound, file.bytes[lower] & 0xC0 == 0x80 { lower -= 1 }
      while upper < shown.upperBound, file.bytes[upper] & 0xC0 == 0x80 { upper += 1 }
      if lower > shown.lowerBound { prefix = "..." }
      if upper < shown.upperBound { suffix = "..." }
      shown = lower..<upper
    }
    text += prefix + String(decoding: file.bytes[shown], as: UTF8.self) + suffix + "\n"
    text +=
      String(repeating: " ", count: prefix.count) + markerLine(line: shown, range: range) + "\n"
    return text
  }

  /// A caret under the first byte of `range` and tildes under the rest of it (up to the end
  /// of the line); tabs in the source are copied so the marker lines up.
  private func markerLine(line: Range<Int>, range: SourceRange) -> String {
    let caretOffset = min(max(range.start, line.lowerBound), line.upperBound)
    let underlineEnd = min(max(range.end, caretOffset + 1), max(line.upperBound, caretOffset + 1))
    var marker = ""
    var offset = line.lowerBound
    while offset < caretOffset {
      let byte = file.bytes[offset]
      if byte == UInt8(ascii: "\t") {
        marker += "\t"
      } else if byte & 0xC0 != 0x80 {
        marker += " "  // one column per character, not per continuation byte
      }
      offset += 1
    }
    marker += "^"
    offset = caretOffset + 1
    while offset < underlineEnd {
      if offset >= file.bytes.count || file.bytes[offset] & 0xC0 != 0x80 { marker += "~" }
      offset += 1
    }
    return marker
  }
}
