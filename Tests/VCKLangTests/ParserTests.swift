import XCTest

@testable import VCKLang

/// One test per grammar rule: the syntax tree has the expected shape and no diagnostics.
final class ParserTests: XCTestCase {
  func parse(_ source: String, file: StaticString = #filePath, line: UInt = #line)
    -> SourceFileSyntax
  {
    let (syntax, diagnostics) = Parser.parse(SourceFile(path: "test.vck", text: source))
    XCTAssertEqual(diagnostics.map(\.message), [], file: file, line: line)
    return syntax
  }

  /// The body of `kernel k() { <body> }`, dumped.
  func body(_ body: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    let syntax = parse("kernel k() {\n\(body)\n}", file: file, line: line)
    guard case .function(let function)? = syntax.declarations.first else { return "" }
    return SyntaxDump.block(function.body)
  }

  func expression(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    let dumped = body("let e = \(text)", file: file, line: line)
    return String(dumped.dropFirst("{let e = ".count).dropLast())
  }

  // MARK: Declarations

  func testKernelDeclaration() {
    XCTAssertEqual(
      SyntaxDump.file(parse("kernel saxpy(n: u32, a: f32, x: *f32) { }")),
      "kernel saxpy(n: u32, a: f32, x: *f32) {}")
  }

  func testHelperWithResultType() {
    XCTAssertEqual(
      SyntaxDump.file(parse("fn f(a: f32) -> f32 { return a }")), "fn f(a: f32) -> f32 {return a}")
  }

  func testParameterListAcrossLinesWithTrailingComma() {
    XCTAssertEqual(
      SyntaxDump.file(parse("kernel k(\n  a: u32,\n  b: *u32,\n) {}")),
      "kernel k(a: u32, b: *u32) {}")
  }

  func testTopLevelConstant() {
    XCTAssertEqual(
      SyntaxDump.file(parse("let N = 16\nlet M: u32 = N * 2")), "let N = 16\nlet M: u32 = (* N 2)")
  }

  func testDeclarationsSeparatedBySemicolons() {
    XCTAssertEqual(parse("let a = 1; let b = 2; kernel k() {}").declarations.count, 3)
  }

  // MARK: Types

  func testTypes() {
    XCTAssertEqual(
      SyntaxDump.file(parse("fn f(a: i32, b: bool, c: *u32, d: [4]f32, e: [N * 2]i32) {}")),
      "fn f(a: i32, b: bool, c: *u32, d: [4]f32, e: [(* N 2)]i32) {}")
  }

  // MARK: Statements

  func testVariableDeclarations() {
    XCTAssertEqual(
      body("let a = 1\nvar b: f32 = 2.0\nvar c: [2]f32 = splat(0.0)"),
      "{let a = 1; var b: f32 = 2.0f; var c: [2]f32 = (splat 0.0f)}")
  }

  func testAssignments() {
    let operators = ["=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>="]
    for op in operators {
      XCTAssertEqual(body("x \(op) 1"), "{x \(op) 1}")
    }
    XCTAssertEqual(body("p[i] = 1\nacc[t] += 2"), "{(index p i) = 1; (index acc t) += 2}")
  }

  func testExpressionStatement() {
    XCTAssertEqual(body("barrier()"), "{(barrier)}")
  }

  func testIfElseIfElse() {
    XCTAssertEqual(
      body("if a { x = 1 } else if b { x = 2 } else { x = 3 }"),
      "{if a {x = 1} else {if b {x = 2} else {x = 3}}}")
  }

  func testElseAndBraceOnFollowingLines() {
    XCTAssertEqual(body("if a\n{\n x = 1\n}\nelse\n{\n x = 2\n}"), "{if a {x = 1} else {x = 2}}")
  }

  func testWhile() {
    XCTAssertEqual(body("while i < n { i += 1 }"), "{while (< i n) {i += 1}}")
  }

  func testForWithAndWithoutStep() {
    XCTAssertEqual(
      body("for i in gid() ..< n step gsize() { }\nfor j in 0 ..< 4 { }"),
      "{for i in (gid) ..< n step (gsize) {}; for j in 0 ..< 4 {}}")
  }

  func testUnrollFor() {
    XCTAssertEqual(body("unroll for t in 0 ..< 16 { }"), "{unroll for t in 0 ..< 16 {}}")
  }

  func testReturnBreakContinue() {
    XCTAssertEqual(body("return\nreturn x\nbreak\ncontinue"), "{return; return x; break; continue}")
    XCTAssertEqual(body("if a { return }"), "{if a {return}}")
  }

  func testStatementsSeparatedBySemicolons() {
    XCTAssertEqual(body("a = 1; b = 2;; c = 3"), "{a = 1; b = 2; c = 3}")
  }

  // MARK: Expressions

  func testLiterals() {
    XCTAssertEqual(expression("1_000"), "1000")
    XCTAssertEqual(expression("0xFF"), "255")
    XCTAssertEqual(expression("0b1010"), "10")
    XCTAssertEqual(expression("4294967295"), "4294967295")
    XCTAssertEqual(expression("1.5"), "1.5f")
    XCTAssertEqual(expression("1e-3"), "0.001f")
    XCTAssertEqual(expression("2.5e3"), "2500.0f")
    XCTAssertEqual(expression("true"), "true")
    XCTAssertEqual(expression("false"), "false")
  }

  func testPrecedence() {
    XCTAssertEqual(expression("a + b * c"), "(+ a (* b c))")
    XCTAssertEqual(expression("a * b + c"), "(+ (* a b) c)")
    XCTAssertEqual(expression("a - b - c"), "(- (- a b) c)")
    XCTAssertEqual(expression("a << 2 + 1"), "(+ (<< a 2) 1)")
    XCTAssertEqual(expression("a & b | c"), "(| (& a b) c)")
    XCTAssertEqual(expression("a | b ^ c & d"), "(^ (| a b) (& c d))")
    XCTAssertEqual(expression("a + b < c * d"), "(< (+ a b) (* c d))")
    XCTAssertEqual(expression("a < b && c || d"), "(|| (&& (< a b) c) d)")
    XCTAssertEqual(expression("a == b && c != d"), "(&& (== a b) (!= c d))")
    XCTAssertEqual(expression("a <= b || a >= c && a > d"), "(|| (<= a b) (&& (>= a c) (> a d)))")
    XCTAssertEqual(expression("a / b % c >> d"), "(>> (% (/ a b) c) d)")
  }

  func testUnaryOperators() {
    XCTAssertEqual(expression("-a * b"), "(* (- a) b)")
    XCTAssertEqual(expression("!a && ~b == c"), "(&& (! a) (== (~ b) c))")
    XCTAssertEqual(expression("- -a"), "(- (- a))")
  }

  func testCallsIndexingAndParentheses() {
    XCTAssertEqual(expression("min(a, b)"), "(min a b)")
    XCTAssertEqual(expression("lane()"), "(lane)")
    XCTAssertEqual(expression("f(a,)"), "(f a)")
    XCTAssertEqual(expression("p[i + 1]"), "(index p (+ i 1))")
    XCTAssertEqual(expression("(a + b) * c"), "(* (paren (+ a b)) c)")
  }

  func testLineBreaksInsideBracketsAndAfterOperators() {
    XCTAssertEqual(expression("a +\n b"), "(+ a b)")
    XCTAssertEqual(expression("(a\n + b)"), "(paren (+ a b))")
    XCTAssertEqual(expression("min(a,\n b)"), "(min a b)")
    XCTAssertEqual(expression("p[\ni\n]"), "(index p i)")
  }

  func testLineBreakEndsStatement() {
    XCTAssertEqual(body("x = a\n- b"), "{x = a; (- b)}")
  }

  func testComments() {
    XCTAssertEqual(
      body("x = 1 // line\n/* block\n comment */ y = 2 /* inline */ + 1"), "{x = 1; y = (+ 2 1)}")
  }

  func testRangesCoverTheirSource() {
    let source = "kernel k(n: u32) {\n  let total = n * (n + 1)\n}"
    let file = SourceFile(path: "t.vck", text: source)
    let (syntax, _) = Parser.parse(file)
    guard case .function(let function)? = syntax.declarations.first,
      case .variable(let declaration)? = function.body.statements.first?.kind,
      let initializer = declaration.initializer
    else { return XCTFail("unexpected tree") }
    XCTAssertEqual(file.text(in: function.range), source)
    XCTAssertEqual(file.text(in: declaration.range), "let total = n * (n + 1)")
    XCTAssertEqual(file.text(in: initializer.range), "n * (n + 1)")
    XCTAssertEqual(file.text(in: function.name.range), "k")
    XCTAssertEqual(file.text(in: function.parameters[0].range), "n: u32")
  }

  func testRecoveryReportsSeveralIndependentErrors() {
    let source = """
      kernel k(n: u32) {
          let a = (1 +
          let b = 2 ]
          var c = 3 4
          if n > 1 { }
      }
      fn f( { }
      kernel j() { let d = }
      """
    let (_, diagnostics) = Parser.parse(SourceFile(path: "t.vck", text: source))
    let lines = diagnostics.map {
      SourceFile(path: "t.vck", text: source).lineColumn(of: $0.range.start).line
    }
    XCTAssertEqual(Set(lines), [2, 4, 7, 8], diagnostics.map(\.message).joined(separator: "\n"))
  }
}
