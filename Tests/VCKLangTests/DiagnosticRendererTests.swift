import XCTest

@testable import VCKLang

final class DiagnosticRendererTests: XCTestCase {
  func render(_ text: String, _ diagnostic: Diagnostic) -> String {
    DiagnosticRenderer(file: SourceFile(path: "f.vck", text: text)).render(diagnostic)
  }

  func testCaretAndUnderlineWithNotes() {
    let text = "let x = 1\nx = 2\n"
    let diagnostic = Diagnostic(
      .immutableAssignment, "cannot assign to 'x'", at: SourceRange(start: 10, end: 15),
      notes: [
        DiagnosticNote("'x' is declared here", at: SourceRange(start: 4, end: 5)),
        DiagnosticNote("declare it with 'var'", at: nil),
      ])
    XCTAssertEqual(
      render(text, diagnostic),
      """
      f.vck:2:1: error: cannot assign to 'x'
      x = 2
      ^~~~~
      f.vck:1:5: note: 'x' is declared here
      let x = 1
          ^
      f.vck:2:1: note: declare it with 'var'

      """)
  }

  func testTabsAreKeptAndMultibyteCharactersCountOnce() {
    let text = "\t// é\tz"
    let offset = text.utf8.count - 1
    XCTAssertEqual(
      render(
        text, Diagnostic(.unknownName, "here", at: SourceRange(start: offset, end: offset + 1))),
      "f.vck:1:8: error: here\n\t// é\tz\n\t    \t^\n")
  }

  func testEmptyRangeAtEndOfFile() {
    XCTAssertEqual(
      render("let", Diagnostic(.expectedToken, "expected '='", at: SourceRange(at: 3))),
      "f.vck:1:4: error: expected '='\nlet\n   ^\n")
  }

  func testLongLinesShowAWindowAroundTheCaret() {
    let text = String(repeating: "a", count: 300) + "X" + String(repeating: "b", count: 300)
    let rendered = render(
      text, Diagnostic(.unknownName, "x", at: SourceRange(start: 300, end: 301)))
    let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
    XCTAssertTrue(lines[1].hasPrefix("...") && lines[1].hasSuffix("..."))
    XCTAssertLessThan(lines[1].count, 140)
    let caret = lines[2].firstIndex(of: "^").map {
      lines[2].distance(from: lines[2].startIndex, to: $0)
    }
    let x = lines[1].firstIndex(of: "X").map {
      lines[1].distance(from: lines[1].startIndex, to: $0)
    }
    XCTAssertEqual(caret, x)
  }

  func testBagDropsDuplicatesAndStopsAfterTheLimit() {
    var bag = DiagnosticBag(errorLimit: 3)
    let error = Diagnostic(.unknownName, "e", at: SourceRange(at: 0))
    bag.add(error)
    bag.add(error)
    for offset in 1...10 { bag.add(Diagnostic(.unknownName, "e", at: SourceRange(at: offset))) }
    XCTAssertEqual(
      bag.diagnostics.map(\.code), [.unknownName, .unknownName, .unknownName, .tooManyErrors])
  }
}
