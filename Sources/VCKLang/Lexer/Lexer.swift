/// Splits a source file into tokens. Comments and spaces are dropped; line breaks become
/// `newline` tokens (several in a row collapse into one). Lexical errors are reported and
/// produce `invalid` tokens, so the parser can go on.
public struct Lexer {
  private let file: SourceFile
  private var bytes: [UInt8] { file.bytes }
  private var offset = 0
  private var tokens: [Token] = []
  private var diagnostics: [Diagnostic] = []

  /// Creates a lexer for `file`.
  public init(file: SourceFile) {
    self.file = file
  }

  /// Tokenizes the whole file; the result always ends with `endOfFile`.
  public static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
    var lexer = Lexer(file: file)
    lexer.run()
    return (lexer.tokens, lexer.diagnostics)
  }

  private mutating func run() {
    while offset < bytes.count {
      let byte = bytes[offset]
      switch byte {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
        offset += 1
      case UInt8(ascii: "\n"):
        if let last = tokens.last, last.kind == .newline {
          offset += 1
        } else {
          append(.newline, from: offset, to: offset + 1)
          offset += 1
        }
      case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
        while offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") { offset += 1 }
      case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
        skipBlockComment()
      case _ where isIdentifierStart(byte):
        lexIdentifier()
      case _ where isDigit(byte):
        lexNumber()
      default:
        lexPunctuation()
      }
    }
    append(.endOfFile, from: bytes.count, to: bytes.count)
  }

  private func peek(_ distance: Int) -> UInt8? {
    offset + distance < bytes.count ? bytes[offset + distance] : nil
  }

  private mutating func append(_ kind: TokenKind, from start: Int, to end: Int) {
    let range = SourceRange(start: start, end: end)
    tokens.append(Token(kind: kind, range: range, text: file.text(in: range)))
  }

  private mutating func skipBlockComment() {
    let start = offset
    offset += 2
    while offset < bytes.count {
      if bytes[offset] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
        offset += 2
        return
      }
      offset += 1
    }
    diagnostics.append(
      Diagnostic(
        .unterminatedComment, "unterminated '/*' comment",
        at: SourceRange(start: start, end: start + 2),
        notes: [DiagnosticNote("block comments do not nest; close it with '*/'", at: nil)]))
  }

  private mutating func lexIdentifier() {
    let start = offset
    while offset < bytes.count, isIdentifierContinue(bytes[offset]) { offset += 1 }
    let text = file.text(in: SourceRange(start: start, end: offset))
    if let keyword = Keyword(rawValue: text) {
      append(.keyword(keyword), from: start, to: offset)
    } else {
      append(.identifier, from: start, to: offset)
    }
  }

  /// Numbers: `123`, `1_000`, `0x1F`, `0b1010`, `1.5`, `1e-3`, `2.5e3`. A `.` belongs to the
  /// number only when a digit follows, so `0..<n` lexes as `0`, `..<`, `n`.
  private mutating func lexNumber() {
    let start = offset
    if bytes[offset] == UInt8(ascii: "0"), let marker = peek(1),
      marker == UInt8(ascii: "x") || marker == UInt8(ascii: "X") || marker == UInt8(ascii: "b")
        || marker == UInt8(ascii: "B")
    {
      offset += 2
      while offset < bytes.count, isIdentifierContinue(bytes[offset]) { offset += 1 }
      append(.integerLiteral, from: start, to: offset)
      return
    }
    var isFloat = false
    consumeDigits()
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "."), let next = peek(1), isDigit(next) {
      isFloat = true
      offset += 1
      consumeDigits()
    }
    if offset < bytes.count,
      bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E")
    {
      var lookahead = 1
      if let sign = peek(1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
        lookahead = 2
      }
      if let digit = peek(lookahead), isDigit(digit) {
        isFloat = true
        offset += lookahead
        consumeDigits()
      }
    }
    // Letters glued to a number (`12abc`) are part of the bad literal.
    while offset < bytes.count, isIdentifierContinue(bytes[offset]) { offset += 1 }
    append(isFloat ? .floatLiteral : .integerLiteral, from: start, to: offset)
  }

  private mutating func consumeDigits() {
    while offset < bytes.count, isDigit(bytes[offset]) || bytes[offset] == UInt8(ascii: "_") {
      offset += 1
    }
  }

  private mutating func lexPunctuation() {
    for (spelling, punctuation) in Punctuation.byFirstByte[bytes[offset]] ?? [] {
      if offset + spelling.count <= bytes.count,
        bytes[offset..<offset + spelling.count].elementsEqual(spelling)
      {
        append(.punctuation(punctuation), from: offset, to: offset + spelling.count)
        offset += spelling.count
        return
      }
    }
    let start = offset
    offset += 1
    // Take a whole UTF-8 sequence so the message shows the character, and a run of dots
    // (`..`) as one token.
    while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
    if bytes[start] == UInt8(ascii: ".") {
      while offset < bytes.count, bytes[offset] == UInt8(ascii: ".") { offset += 1 }
    }
    let range = SourceRange(start: start, end: offset)
    let text = file.text(in: range)
    var notes: [DiagnosticNote] = []
    if text.allSatisfy({ $0 == "." }) {
      notes.append(DiagnosticNote("ranges are written 'a ..< b'", at: nil))
    }
    diagnostics.append(
      Diagnostic(
        .unexpectedCharacter,
        text.count == 1 ? "unexpected character '\(text)'" : "unexpected characters '\(text)'",
        at: range, notes: notes))
    append(.invalid, from: start, to: offset)
  }
}

func isDigit(_ byte: UInt8) -> Bool {
  byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}

func isIdentifierStart(_ byte: UInt8) -> Bool {
  (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
}

func isIdentifierContinue(_ byte: UInt8) -> Bool {
  isIdentifierStart(byte) || isDigit(byte)
}
