import SwiftSyntax

/// The text of a plain string literal, with where each of its UTF-8 bytes comes from in
/// the Swift file, so a `.vck` diagnostic can point inside the literal.
struct KernelLiteral {
  /// The string's value: the `.vck` source.
  var text: String
  /// For each UTF-8 byte of `text`, the position of the source character (or escape
  /// sequence) that produced it.
  var positions: [AbsolutePosition]
  /// Where diagnostics that point past the last byte go: the closing quote.
  var end: AbsolutePosition

  /// Why a literal cannot be used.
  enum Problem: Error {
    /// The literal has `\(…)` segments.
    case interpolated(ExprSyntax)
    /// The expression is not a string literal at all.
    case notALiteral(ExprSyntax)
  }

  /// Reads `expression`, which must be a string literal without interpolation.
  init(_ expression: ExprSyntax) throws(Problem) {
    guard let literal = expression.as(StringLiteralExprSyntax.self) else {
      throw .notALiteral(expression)
    }
    let pounds = literal.openingPounds?.text.count ?? 0
    var bytes: [UInt8] = []
    var positions: [AbsolutePosition] = []
    for segment in literal.segments {
      guard let segment = segment.as(StringSegmentSyntax.self) else {
        throw .interpolated(ExprSyntax(literal))
      }
      let raw = Array(segment.content.text.utf8)
      let start = segment.content.positionAfterSkippingLeadingTrivia
      KernelLiteral.unescape(raw, pounds: pounds, start: start, into: &bytes, positions: &positions)
    }
    text = String(decoding: bytes, as: UTF8.self)
    self.positions = positions
    end = literal.closingQuote.positionAfterSkippingLeadingTrivia
  }

  /// The Swift position of a byte offset into ``text``.
  func position(ofOffset offset: Int) -> AbsolutePosition {
    offset >= 0 && offset < positions.count ? positions[offset] : end
  }

  /// Appends the value of one segment's raw text (escape sequences resolved, `\r\n`
  /// folded to `\n`), recording the source position of every value byte.
  static func unescape(
    _ raw: [UInt8], pounds: Int, start: AbsolutePosition, into bytes: inout [UInt8],
    positions: inout [AbsolutePosition]
  ) {
    func emit(_ produced: some Sequence<UInt8>, at index: Int) {
      for byte in produced {
        bytes.append(byte)
        positions.append(start.advanced(by: index))
      }
    }
    let backslash = UInt8(ascii: "\\")
    var index = 0
    while index < raw.count {
      let byte = raw[index]
      if byte == UInt8(ascii: "\r") {
        emit([UInt8(ascii: "\n")], at: index)
        index += index + 1 < raw.count && raw[index + 1] == UInt8(ascii: "\n") ? 2 : 1
        continue
      }
      // An escape is a backslash followed by as many `#` as the literal's delimiter.
      let isEscape =
        byte == backslash && index + pounds < raw.count
        && raw[(index + 1)..<(index + 1 + pounds)].allSatisfy { $0 == UInt8(ascii: "#") }
      guard isEscape else {
        emit([byte], at: index)
        index += 1
        continue
      }
      var next = index + 1 + pounds
      let code = next < raw.count ? raw[next] : 0
      next += 1
      switch code {
      case UInt8(ascii: "n"): emit([0x0A], at: index)
      case UInt8(ascii: "t"): emit([0x09], at: index)
      case UInt8(ascii: "r"): emit([0x0D], at: index)
      case UInt8(ascii: "0"): emit([0x00], at: index)
      case UInt8(ascii: "u"):
        // \u{hex}
        var digits = ""
        var cursor = next + 1
        while cursor < raw.count, raw[cursor] != UInt8(ascii: "}") {
          digits.append(Character(Unicode.Scalar(raw[cursor])))
          cursor += 1
        }
        let scalar = UInt32(digits, radix: 16).flatMap(Unicode.Scalar.init) ?? "?"
        emit(Array(String(Character(scalar)).utf8), at: index)
        next = cursor + 1
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        // A line continuation in a multi-line literal: the newline is not part of the value.
        while next - 1 < raw.count, raw[next - 1] != UInt8(ascii: "\n") { next += 1 }
      default:
        // \\, \", \' and anything else: the character itself.
        emit([code], at: index)
      }
      index = next
    }
  }
}
