import XCTest

@testable import VCKLang

final class LexerTests: XCTestCase {
  func kinds(_ text: String) -> [TokenKind] {
    Lexer.tokenize(SourceFile(path: "t.vck", text: text)).tokens.map(\.kind)
  }

  func texts(_ text: String) -> [String] {
    Lexer.tokenize(SourceFile(path: "t.vck", text: text)).tokens.dropLast().map(\.text)
  }

  func testEveryPunctuationLexesAlone() {
    for punctuation in Punctuation.allCases {
      XCTAssertEqual(kinds(punctuation.rawValue), [.punctuation(punctuation), .endOfFile])
    }
  }

  func testLongestMatch() {
    XCTAssertEqual(
      texts("a<<=b>>c..<d->e&&f||g<=h"),
      [
        "a", "<<=", "b", ">>", "c", "..<", "d", "->", "e", "&&", "f", "||", "g", "<=", "h",
      ])
  }

  func testKeywordsAndIdentifiers() {
    for keyword in Keyword.allCases {
      XCTAssertEqual(kinds(keyword.rawValue), [.keyword(keyword), .endOfFile])
    }
    XCTAssertEqual(
      kinds("kernels _x f32 x1"), [.identifier, .identifier, .identifier, .identifier, .endOfFile])
  }

  func testNumbers() {
    XCTAssertEqual(
      kinds("1 0x1F 0b10 1_000"), Array(repeating: .integerLiteral, count: 4) + [.endOfFile])
    XCTAssertEqual(
      kinds("1.5 1e3 2.5e-3 1E+2"), Array(repeating: .floatLiteral, count: 4) + [.endOfFile])
    XCTAssertEqual(texts("0..<16"), ["0", "..<", "16"])
    XCTAssertEqual(texts("1e"), ["1e"])  // a bad literal, reported by the parser
  }

  func testLineBreaksCollapseAndCommentsVanish() {
    XCTAssertEqual(
      kinds("a // comment\n\n\n/* block\n comment */ b"),
      [.identifier, .newline, .identifier, .endOfFile])
    XCTAssertEqual(kinds("a\r\nb"), [.identifier, .newline, .identifier, .endOfFile])
  }

  func testLexicalErrors() {
    let (tokens, diagnostics) = Lexer.tokenize(SourceFile(path: "t.vck", text: "a @ é .. /* open"))
    XCTAssertEqual(tokens.map(\.kind), [.identifier, .invalid, .invalid, .invalid, .endOfFile])
    XCTAssertEqual(
      diagnostics.map(\.message),
      [
        "unexpected character '@'", "unexpected character 'é'", "unexpected characters '..'",
        "unterminated '/*' comment",
      ])
  }

  func testTokenRanges() {
    let tokens = Lexer.tokenize(SourceFile(path: "t.vck", text: "ab  12")).tokens
    XCTAssertEqual(
      tokens.map(\.range),
      [
        SourceRange(start: 0, end: 2), SourceRange(start: 4, end: 6), SourceRange(start: 6, end: 6),
      ])
  }
}
