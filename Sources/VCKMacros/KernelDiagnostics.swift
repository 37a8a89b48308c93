import SwiftDiagnostics
import SwiftSyntax
import VCKLang

/// A message of the `#kernel` macro itself (not of the `.vck` compiler).
struct KernelMacroMessage: DiagnosticMessage {
  let message: String
  let id: String
  let severity: DiagnosticSeverity

  var diagnosticID: MessageID { MessageID(domain: "VCK", id: id) }

  static func error(_ message: String, id: String) -> KernelMacroMessage {
    KernelMacroMessage(message: message, id: id, severity: .error)
  }
}

/// Where a `.vck` diagnostic goes in the Swift file: the line and column inside the
/// literal.
struct SwiftLocation: Equatable {
  var line: Int
  var column: Int
}

/// Maps byte offsets of a kernel literal's value to lines and columns of the Swift file.
struct LiteralLocator {
  let literal: KernelLiteral
  /// The literal's text as it is in the Swift file, from its first byte.
  let sourceText: [UInt8]
  /// The position of the literal's first byte.
  let start: AbsolutePosition
  /// The line and column of the literal's first byte.
  let startLocation: SwiftLocation

  /// The Swift line and column of byte `offset` of the literal's value.
  func location(ofOffset offset: Int) -> SwiftLocation {
    let position = literal.position(ofOffset: offset)
    let relative = min(max(position.utf8Offset - start.utf8Offset, 0), sourceText.count)
    var line = startLocation.line
    var lineStart = -1  // the literal's first line starts at startLocation.column
    for index in 0..<relative where sourceText[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index
    }
    let column =
      lineStart < 0 ? startLocation.column + relative : relative - lineStart
    return SwiftLocation(line: line, column: column)
  }
}
