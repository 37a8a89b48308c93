import XCTest

@testable import VCKLang

/// Every diagnostic the front end can produce, each triggered by a small program; the test
/// fails if a new ``DiagnosticCode`` has no program here.
final class DiagnosticCoverageTests: XCTestCase {
  /// A kernel whose body is `body`.
  static func kernel(_ body: String, parameters: String = "n: u32, p: *f32, q: *u32") -> String {
    "kernel k(\(parameters)) {\n\(body)\n}\n"
  }

  static let cases: [(DiagnosticCode, String)] = [
    (.unexpectedCharacter, kernel("let a = 1 $ 2")),
    (.unterminatedComment, "kernel k() { } /* never closed"),
    (.invalidLiteral, kernel("let a = 0x1G")),
    (.invalidLiteral, kernel("let a = 12abc")),
    (.literalOutOfRange, kernel("let a = 99999999999")),
    (.literalOutOfRange, kernel("let a = 2654435761\nq[0] = u32(a)")),
    (.literalOutOfRange, kernel("let a = 1e39")),
    (.expectedToken, kernel("let a = (1 + 2")),
    (.keywordAsName, kernel("let while = 1")),
    (.chainedComparison, kernel("if 1 < n < 3 { }")),
    (.notCallable, kernel("let a = (n)(1)")),
    (.notCallable, kernel("let a = n(1)")),
    (.globalVariable, "var x: u32 = 1"),
    (.nestingTooDeep, kernel("let a = " + String(repeating: "(", count: 200) + "1")),
    (.unknownName, kernel("q[0] = m")),
    (.unknownType, "kernel k(a: float) { }"),
    (.unknownFunction, kernel("let a = foo(1)")),
    (.redeclaration, kernel("let a = 1\nlet a = 2")),
    (.redeclaration, "kernel k() { }\nkernel k() { }"),
    (.builtinRedeclaration, kernel("let min = 1")),
    (.notAValue, kernel("let a = lane")),
    (.constantCycle, "let A = B\nlet B = A\nkernel k() { }"),
    (.typeMismatch, kernel("p[0] = n")),
    (.typeMismatch, kernel("let a = p[0] + n")),
    (.invalidOperand, kernel("let a = p[0] % 2.0")),
    (.invalidOperand, kernel("let a = -n")),
    (.literalNotRepresentable, kernel("p[0] = p[1] * 16777217")),
    (.invalidConversion, kernel("p[0] = f32(n == 1)")),
    (.invalidConversion, kernel("q[0] = bits(true)")),
    (.invalidType, kernel("let a: *f32 = p")),
    (.invalidType, "kernel k(p: *bool) { }"),
    (.invalidType, "fn f() -> [2]f32 { return splat(1.0) }\nkernel k() { }"),
    (.invalidParameterType, "kernel k(a: [4]f32) { }"),
    (.invalidArraySize, kernel("var a: [0]f32 = splat(0.0)")),
    (.invalidArraySize, kernel("var a: [65]f32 = splat(0.0)")),
    (.notIndexable, kernel("let a = n[0]")),
    (.invalidAtomicTarget, kernel("var c: u32 = 0\nlet old = atomic_add(c, 1)\nq[0] = old + c")),
    (.invalidAtomicTarget, kernel("var a: [4]u32 = splat(0)\natomic_or(a[1], 2)\nq[0] = a[1]")),
    (.invalidAtomicType, kernel("atomic_add(p[0], 1.0)")),
    (.invalidVectorAccess, kernel("let v = vload4(p[0], n)\np[0] = v[0]")),
    (.invalidVectorAccess, kernel("var a: [2]f32 = splat(0.0)\nvstore2(a, 0, a)")),
    (.invalidGrid, "kernel k(p: *u32) grid 4 { p[0] = 1 }"),
    (.invalidGrid, "fn f() -> u32 grid 2 { return 1 }\nkernel k(p: *u32) { p[0] = f() }"),
    (.gridMismatch, kernel("q[0] = gid_x()")),
    (.gridMismatch, "kernel k(p: *u32) grid 2 { p[gid()] = 1 }"),
    (.gridMismatch, "kernel k(p: *u32) grid 2 { p[gid_z()] = 1 }"),
    (.gridMismatch, "fn f() -> u32 { return gid_y() }\nkernel k(p: *u32) grid 1 { p[0] = f() }"),
    (.gridMismatch, "kernel k(p: *u32) grid 1 { barrier() }"),
    (.invalidAtomicType, kernel("atomic_cmpxchg(p[0], 1.0, 2.0)")),
    (.voidValue, "fn f() { }\nkernel k() { let a = f() }"),
    (.splatWithoutArrayType, kernel("let a = splat(1.0)")),
    (.notConstant, kernel("var a: [n]f32 = splat(0.0)")),
    (.notConstant, kernel("var a: [4]f32 = splat(0.0)\np[0] = a[n]")),
    (.notConstant, kernel("unroll for t in 0 ..< n { }")),
    (.divisionByZero, kernel("q[0] = n / 0")),
    (.constantOverflow, "let A = 4294967295 * 4294967295 * 4294967295\nkernel k() { }"),
    (
      .arrayIndexOutOfRange,
      kernel("var a: [4]f32 = splat(0.0)\nunroll for t in 0 ..< 5 { a[t] = 1.0 }")
    ),
    (.arrayIndexOutOfRange, kernel("p[0] = broadcast(p[1], 16)")),
    (.unrollTooLarge, kernel("unroll for t in 0 ..< 5000 { }")),
    (.invalidStep, kernel("for i in 0 ..< n step 0 { }")),
    (.wrongArgumentCount, kernel("p[0] = min(1.0)")),
    (.argumentMustBeUniform, kernel("p[0] = broadcast(p[1], lane())")),
    (.kernelCall, "kernel j() { }\nkernel k() { j() }"),
    (.recursiveCall, "fn f(x: u32) -> u32 { return f(x) }\nkernel k(q: *u32) { q[0] = f(1) }"),
    (.callNestingTooDeep, nestedHelpers(40)),
    (.missingInitializer, kernel("var a: f32")),
    (.immutableAssignment, kernel("let a = 1\na = 2")),
    (.immutableAssignment, kernel("n = 2")),
    (.invalidAssignmentTarget, kernel("n + 1 = 2")),
    (.breakOutsideLoop, kernel("break")),
    (.breakInUnroll, kernel("unroll for t in 0 ..< 4 { break }")),
    (.returnValueInKernel, kernel("return 1")),
    (.returnValueMismatch, "fn f() -> f32 { return }\nkernel k(p: *f32) { p[0] = f() }"),
    (
      .missingReturn,
      "fn f(x: f32) -> f32 { if x > 0.0 { return x } }\nkernel k(p: *f32) { p[0] = f(1.0) }"
    ),
    (.barrierUnderVaryingControl, kernel("if lane() == 0 { barrier() }")),
    (
      .barrierUnderVaryingControl,
      "fn sync() { barrier() }\n" + kernel("while q[gid()] > 0 { sync() }")
    ),
    (.barrierInExpression, kernel("let a = barrier()")),
    (.tooManyErrors, kernel(String(repeating: "q[0] = m\n", count: 120))),
    (.unusedVariable, kernel("let a = 1")),
    (.unusedVariable, kernel("for i in 0 ..< n { }")),
    (.neverMutated, kernel("var a = 1\nq[0] = u32(a)")),
    (.writtenNeverRead, kernel("var a = 1\na = 2")),
    (.unusedResult, kernel("min(1, 2)")),
    (.unreachableCode, kernel("return\nq[0] = 1")),
    (.unusedFunction, "fn f() { }\nkernel k() { }"),
  ]

  /// A chain of helpers: `h0` calls `h1` ... calls `h(depth-1)`.
  static func nestedHelpers(_ depth: Int) -> String {
    var source = "fn h\(depth - 1)(x: u32) -> u32 { return x }\n"
    for index in 0..<(depth - 1) {
      source += "fn h\(index)(x: u32) -> u32 { return h\(index + 1)(x) }\n"
    }
    return source + "kernel k(q: *u32) { q[0] = h0(1) }\n"
  }

  func testEveryCodeHasAProgram() {
    let covered = Set(Self.cases.map(\.0))
    for code in DiagnosticCode.allCases {
      XCTAssertTrue(covered.contains(code), "no test program for \(code)")
    }
  }

  func testEveryProgramProducesItsDiagnostic() {
    for (code, source) in Self.cases {
      let result = Frontend.check(source: source, path: "case.vck")
      let codes = result.diagnostics.map(\.code)
      XCTAssertTrue(
        codes.contains(code),
        "\(code) not reported for:\n\(source)\ngot:\n\(result.renderedDiagnostics())")
      if code.severity == .warning {
        XCTAssertFalse(
          result.hasErrors, "warning case has errors:\n\(result.renderedDiagnostics())")
        XCTAssertNotNil(result.program)
      } else {
        XCTAssertNil(result.program)
      }
    }
  }

  func testEveryDiagnosticIsLocatedInsideItsFile() {
    for (_, source) in Self.cases {
      let result = Frontend.check(source: source, path: "case.vck")
      for diagnostic in result.diagnostics {
        XCTAssertLessThanOrEqual(diagnostic.range.end, source.utf8.count)
        for note in diagnostic.notes {
          XCTAssertLessThanOrEqual(note.range?.end ?? 0, source.utf8.count)
        }
      }
    }
  }
}
