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
      let messages = Self.messagesOnOwnThread(Self.chain(arms: arms), path: "chain.vck")
      XCTAssertEqual(messages, [], "\(arms) arms")
    }
  }

  func testChainBeyondTheLimitIsRefused() {
    // Checked, and the (deep) result freed, on a thread of its own, so the test does not
    // depend on how much of the test runner's main-thread stack is already in use.
    let messages = Self.messagesOnOwnThread(
      Self.chain(arms: Parser.maximumElseIfArms + 1), path: "chain.vck")
    XCTAssertEqual(
      messages,
      ["'else if' chain is too long (the limit is \(Parser.maximumElseIfArms) arms)"])
  }

  func testNestingUpToTheLimit() {
    XCTAssertGreaterThanOrEqual(Parser.maximumBlockDepth, 1_000)
    let deepest = Self.messagesOnOwnThread(
      Self.nested(depth: Parser.maximumBlockDepth), path: "deep.vck")
    XCTAssertEqual(deepest, [])
    let tooDeep = Self.messagesOnOwnThread(
      Self.nested(depth: Parser.maximumBlockDepth + 1), path: "deep.vck")
    XCTAssertEqual(
      tooDeep,
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
    // Take the result out of the box here: the thread's closure keeps the box alive and
    // may be released last, on the small stack, where freeing the deep tree would
    // overflow. The local copy is freed on this thread when the test returns.
    let result = box.result
    box.result = nil
    XCTAssertEqual(result?.diagnostics.map(\.message), [])
  }
}

extension NestingLimitTests {
  /// The diagnostics' messages of `source`, checked on a thread with the default 8 MiB
  /// stack of a process's main thread; the front end's result is freed there too.
  static func messagesOnOwnThread(_ source: String, path: String) -> [String] {
    let box = MessagesBox()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      box.messages = Frontend.check(source: source, path: path).diagnostics.map(\.message)
      done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    done.wait()
    return box.messages
  }
}

private final class MessagesBox: @unchecked Sendable {
  var messages: [String] = []
}

/// Carries a front-end result from the small-stack thread back to the test.
private final class ResultBox: @unchecked Sendable {
  var result: FrontendResult?
}
