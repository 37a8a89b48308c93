import Foundation
import XCTest

@testable import VCKLang

/// An `else if` chain is a flat list of arms, not nesting; real nesting is limited far
/// beyond what people write, and reaching either limit gives an error, not a crash.
final class NestingLimitTests: XCTestCase {
  /// A kernel whose body nests `depth` blocks in all (the body counts as one).
  static func nested(depth: Int) -> String {
    "kernel k(p: *u32) {\n" + String(repeating: "if p[0] > 1 {\n", count: depth - 1)
      + "p[1] = 2\n" + String(repeating: "}\n", count: depth - 1) + "}\n"
  }

  /// A kernel with one chain of `arms` arms and a final `else`.
  static func chain(arms: Int) -> String {
    var source = "kernel k(p: *u32) {\nlet v = p[lane()]\nvar r: u32 = 0\n"
    for arm in 0..<arms { source += "if v == \(arm) {\nr = \(arm * 3 + 1)\n} else " }
    return source + "{\nr = 7\n}\np[lane()] = r\n}\n"
  }

  func testLongElseIfChainIsNotNesting() {
    // 48 arms used to be refused as "nested too deeply".
    for arms in [48, Parser.maximumElseIfArms] {
      let result = Frontend.check(source: Self.chain(arms: arms), path: "chain.vck")
      XCTAssertEqual(result.diagnostics.map(\.message), [], "\(arms) arms")
    }
  }

  func testChainBeyondTheLimitIsRefused() {
    let result = Frontend.check(
      source: Self.chain(arms: Parser.maximumElseIfArms + 1), path: "chain.vck")
    XCTAssertEqual(
      result.diagnostics.map(\.message),
      ["'else if' chain is too long (the limit is \(Parser.maximumElseIfArms) arms)"])
  }

  func testNestingUpToTheLimit() {
    XCTAssertGreaterThanOrEqual(Parser.maximumBlockDepth, 1_000)
    let deepest = Frontend.check(
      source: Self.nested(depth: Parser.maximumBlockDepth), path: "deep.vck")
    XCTAssertEqual(deepest.diagnostics.map(\.message), [])
    let tooDeep = Frontend.check(
      source: Self.nested(depth: Parser.maximumBlockDepth + 1), path: "deep.vck")
    XCTAssertEqual(
      tooDeep.diagnostics.map(\.message),
      ["blocks are nested too deeply (the limit is \(Parser.maximumBlockDepth))"])
  }

  /// A kernel at both limits at once (a full chain inside the deepest nesting) is checked
  /// from a thread with a JIT's small stack. (Freeing so deep a tree recurses too: the
  /// result is handed back to this thread, as `Compiler.compile` frees it on its own
  /// large stack.)
  func testBothLimitsTogetherFitASmallStack() {
    let depth = Parser.maximumBlockDepth - 1
    var source = "kernel k(p: *u32) {\nlet v = p[lane()]\nvar r: u32 = 0\n"
    source += String(repeating: "if v < 100000 {\n", count: depth - 1)
    for arm in 0..<Parser.maximumElseIfArms { source += "if v == \(arm) {\nr = 1\n} else " }
    source += "{\nr = 2\n}\n" + String(repeating: "}\n", count: depth - 1) + "p[lane()] = r\n}\n"
    let program = source
    let done = expectation(description: "checked")
    let box = ResultBox()
    let thread = Thread {
      box.result = Frontend.check(source: program, path: "deep.vck")
      done.fulfill()
    }
    thread.stackSize = 512 * 1024
    thread.start()
    wait(for: [done], timeout: 120)
    XCTAssertEqual(box.result?.diagnostics.map(\.message), [])
  }
}

/// Carries a front-end result from the small-stack thread back to the test.
private final class ResultBox: @unchecked Sendable {
  var result: FrontendResult?
}
