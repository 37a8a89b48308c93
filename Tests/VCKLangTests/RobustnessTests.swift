import XCTest

@testable import VCKLang

/// A small deterministic random number generator (SplitMix64), so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Feeds thousands of damaged versions of the examples to the front end. Each must come back
/// with diagnostics or a program: no crash, no hang, every error located inside the file.
final class RobustnessTests: XCTestCase {
  static let fragments = [
    "{", "}", "(", ")", "[", "]", ",", ";", "\n", "..<", "->", "=", "+=", "<<=", "&&", "||",
    "!", "~", "-", "*", "/", "%", "kernel", "fn", "let", "var", "if", "else", "while", "for",
    "unroll", "step", "in", "return", "break", "continue", "true", "false", "barrier()",
    "splat(", "lane()", "0x", "0b2", "1e99", "1.5", "4294967296", "_", "x", "f32", "*u32",
    "[16]", "/*", "*/", "//", "\u{00e9}", "\t", "\0", "((((", "))))", "[[[[",
  ]

  func mutate(_ bytes: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
    var bytes = bytes
    let count = Int.random(in: 1...4, using: &random)
    for _ in 0..<count {
      let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
      switch Int.random(in: 0..<6, using: &random) {
      case 0:  // truncate
        bytes = Array(bytes[0..<position])
      case 1:  // delete a range
        let end = min(bytes.count, position + Int.random(in: 1...40, using: &random))
        if position < end { bytes.removeSubrange(position..<end) }
      case 2:  // insert a token
        let fragment = RobustnessTests.fragments.randomElement(using: &random) ?? "{"
        bytes.insert(contentsOf: Array(fragment.utf8), at: position)
      case 3:  // overwrite a byte
        if position < bytes.count { bytes[position] = UInt8.random(in: 0...255, using: &random) }
      case 4:  // duplicate a range
        let end = min(bytes.count, position + Int.random(in: 1...80, using: &random))
        if position < end { bytes.insert(contentsOf: bytes[position..<end], at: position) }
      default:  // move a range elsewhere
        let end = min(bytes.count, position + Int.random(in: 1...60, using: &random))
        guard position < end else { continue }
        let piece = Array(bytes[position..<end])
        bytes.removeSubrange(position..<end)
        bytes.insert(contentsOf: piece, at: Int.random(in: 0...bytes.count, using: &random))
      }
    }
    return bytes
  }

  func testMutatedExamplesNeverCrashOrHang() throws {
    let sources = try Fixtures.examples.map { try Fixtures.source($0).bytes }
    XCTAssertFalse(sources.isEmpty)
    var random = SplitMix64(state: 0x5EED)
    var withErrors = 0
    let runs = 3000
    for run in 0..<runs {
      let original = sources[run % sources.count]
      let mutated = mutate(original, &random)
      let file = SourceFile(path: "mutant\(run).vck", bytes: mutated)
      let result = Frontend.check(file)
      if result.hasErrors {
        withErrors += 1
        XCTAssertNil(result.program)
      } else {
        XCTAssertNotNil(result.program)
      }
      for diagnostic in result.diagnostics {
        XCTAssertLessThanOrEqual(diagnostic.range.end, mutated.count, "mutant \(run)")
        XCTAssertLessThanOrEqual(diagnostic.range.start, diagnostic.range.end)
      }
      _ = result.renderedDiagnostics()
      if let program = result.program { _ = ASTPrinter.print(program) }
    }
    // Most mutants are broken; all of them must have been handled.
    XCTAssertGreaterThan(withErrors, runs / 2)
  }

  func testEveryPrefixOfAnExample() throws {
    let url = try XCTUnwrap(Fixtures.examples.first { $0.lastPathComponent == "sgemm.vck" })
    let bytes = try Fixtures.source(url).bytes
    for length in 0...bytes.count {
      _ = Frontend.check(SourceFile(path: "prefix.vck", bytes: Array(bytes[0..<length])))
    }
  }

  func testPathologicalNesting() {
    let cases = [
      "kernel k() { let x = " + String(repeating: "(", count: 5_000) + " }",
      "kernel k() { let x = " + String(repeating: "-", count: 20_000) + "1 }",
      "kernel k() { let x = 1" + String(repeating: " + 1", count: 5_000) + " }",
      "kernel k() { let x = a" + String(repeating: "[0]", count: 5_000) + " }",
      "kernel k() " + String(repeating: "{ if true ", count: 10_000),
      "kernel k() { if true {} " + String(repeating: "else if true {} ", count: 5_000) + "}",
      "kernel k(p: " + String(repeating: "*", count: 10_000) + "f32) {}",
      "kernel k() { var a: " + String(repeating: "[2]", count: 10_000) + "f32 = splat(0.0) }",
      String(repeating: "fn f() {", count: 10_000),
      String(repeating: "/*", count: 10_000),
      "kernel k() { let x = f(" + String(repeating: "1,", count: 10_000) + ") }",
    ]
    for source in cases {
      let result = Frontend.check(source: source, path: "deep.vck")
      XCTAssertTrue(result.hasErrors, String(source.prefix(40)))
      XCTAssertLessThanOrEqual(result.diagnostics.count, 102)
    }
  }
}

/// Deep but legal-looking programs must be checked (or rejected) within a small stack, as a
/// JIT compile may run on a thread with 512 KiB of stack.
final class StackDepthTests: XCTestCase {
  /// Runs `body` on a thread with `stackSize` bytes of stack and waits for it.
  func onSmallStack(_ stackSize: Int, _ body: @escaping @Sendable () -> Void) {
    let done = expectation(description: "finished")
    let thread = Thread {
      body()
      done.fulfill()
    }
    thread.stackSize = stackSize
    thread.start()
    wait(for: [done], timeout: 60)
  }

  /// 32 helpers, each calling the next from inside 40 nested blocks and a 90-deep expression,
  /// so checking recurses through all of them.
  static var deepestProgram: String {
    let depth = 32
    var source = ""
    for level in 0..<depth {
      let inner = level == depth - 1 ? "x" : "h\(level + 1)(x)"
      let expression =
        String(repeating: "(", count: 45) + inner + String(repeating: " + 1)", count: 45)
      let blocks = String(repeating: "if x > 0 {\n", count: 40)
      let closes = String(repeating: "}\n", count: 40)
      source +=
        "fn h\(level)(x: i32) -> i32 {\n\(blocks)return \(expression)\n\(closes)return x\n}\n"
    }
    return source + "kernel k(p: *i32) { p[0] = h0(p[1]) }\n"
  }

  func testDeepestProgramFitsInASmallStack() {
    let source = Self.deepestProgram
    onSmallStack(512 * 1024) {
      let result = Frontend.check(source: source, path: "deep.vck")
      // Within every limit: it must check, from a thread with a small stack.
      XCTAssertEqual(result.diagnostics.map(\.code), [], result.renderedDiagnostics())
    }
  }
}
