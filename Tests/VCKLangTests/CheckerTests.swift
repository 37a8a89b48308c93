import XCTest

@testable import VCKLang

/// Types, uniformity and constants in the checked AST.
final class CheckerTests: XCTestCase {
  func check(_ source: String, file: StaticString = #filePath, line: UInt = #line)
    -> CheckedProgram?
  {
    let result = Frontend.check(source: source, path: "test.vck")
    XCTAssertFalse(result.hasErrors, result.renderedDiagnostics(), file: file, line: line)
    return result.program
  }

  /// The kernel's variables by name (the last one declared with each name).
  func variables(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> [String:
    Variable]
  {
    guard
      let kernel = check(source, file: file, line: line)?.kernels.first.flatMap({ id in
        check(source)?[id]
      })
    else { return [:] }
    var byName: [String: Variable] = [:]
    for variable in kernel.variables { byName[variable.name] = variable }
    return byName
  }

  func initializer(of name: String, in function: CheckedFunction) -> CheckedExpression? {
    var found: CheckedExpression?
    func visit(_ block: CheckedBlock) {
      for statement in block.statements {
        switch statement.kind {
        case .declaration(let id, let value) where function[id].name == name: found = value
        case .ifElse(_, let then, let otherwise):
          visit(then)
          if let otherwise { visit(otherwise) }
        case .whileLoop(_, let body, _), .forLoop(_, _, _, _, let body, _),
          .unrolledFor(_, _, _, _, let body):
          visit(body)
        default: break
        }
      }
    }
    visit(function.body)
    return found
  }

  // MARK: Literals and constants

  func testIntegerLiteralsTakeTheirContextsType() {
    let vars = variables(
      """
      kernel k(n: u32, x: f32, p: *u32) {
        let a = 5
        let b = n + 5
        let c = x * 2
        let d: u32 = 2654435761
        let e = -2147483648
        p[0] = u32(a + e) + b + d + u32(c)
      }
      """)
    XCTAssertEqual(vars["a"]?.type, .i32)
    XCTAssertEqual(vars["b"]?.type, .u32)
    XCTAssertEqual(vars["c"]?.type, .f32)
    XCTAssertEqual(vars["d"]?.constantValue, .integer(2_654_435_761))
    XCTAssertEqual(vars["e"]?.constantValue, .integer(-2_147_483_648))
  }

  func testTopLevelConstantsFoldAndStayUntyped() throws {
    let program = try XCTUnwrap(
      check(
        """
        let TILE = 8
        let HALF = TILE / 2
        let SCALE: f32 = 0.5
        kernel k(n: u32, p: *f32) {
          var acc: [TILE]f32 = splat(SCALE)
          unroll for t in 0 ..< HALF { acc[t * 2] = f32(n) }
          p[n] = acc[TILE - 1]
        }
        """))
    XCTAssertEqual(program.constants.map(\.name), ["TILE", "HALF", "SCALE"])
    XCTAssertEqual(program.constants[1].value, .integer(4))
    XCTAssertNil(program.constants[1].type)
    XCTAssertEqual(program.constants[2].type, .f32)
    let kernel = program[program.kernels[0]]
    XCTAssertEqual(kernel.variables.first { $0.name == "acc" }?.type, .array(.f32, count: 8))
  }

  func testConstantFoldingWrapsLikeTheHardware() {
    let vars = variables(
      """
      kernel k(p: *u32) {
        let a: u32 = 0xFFFFFFFF
        let b = a + 1
        let c: i32 = 0x7FFFFFFF
        let d = c + 1
        let e = u32(i32(-1) >> 1)
        let f = 1 << 33 >> 32
        let g = bits(1.0)
        p[0] = b + u32(d) + e + u32(f) + g
      }
      """)
    XCTAssertEqual(vars["b"]?.constantValue, .integer(0))
    XCTAssertEqual(vars["d"]?.constantValue, .integer(-2_147_483_648))
    XCTAssertEqual(vars["e"]?.constantValue, .integer(0xFFFF_FFFF))
    XCTAssertEqual(vars["f"]?.constantValue, .integer(2))
    XCTAssertEqual(vars["g"]?.constantValue, .integer(0x3F80_0000))
  }

  // MARK: Uniformity

  func testUniformityOfBuiltinsAndParameters() {
    let vars = variables(
      """
      kernel k(n: u32, p: *f32) {
        let a = qpu() * n
        let b = lane() + n
        let c = p[a]
        let d = p[b]
        let e = reduce_add(d)
        let f = broadcast(d, 3)
        p[gid()] = c + d + e + f
      }
      """)
    XCTAssertEqual(vars["a"]?.uniformity, .uniform)
    XCTAssertEqual(vars["b"]?.uniformity, .varying)
    XCTAssertEqual(vars["c"]?.uniformity, .uniform)
    XCTAssertEqual(vars["d"]?.uniformity, .varying)
    XCTAssertEqual(vars["e"]?.uniformity, .uniform)
    XCTAssertEqual(vars["f"]?.uniformity, .uniform)
  }

  func testAssignmentUnderVaryingControlMakesAVarVarying() {
    let vars = variables(
      """
      kernel k(n: u32, p: *u32) {
        var a: u32 = 0
        var b: u32 = 0
        var c: u32 = 0
        if lane() < 4 { a = 1 }
        if n < 4 { b = 1 }
        if lane() < 4 { var local: u32 = 0; local = 2; c = local }
        p[0] = a + b + c
      }
      """)
    XCTAssertEqual(vars["a"]?.uniformity, .varying)
    XCTAssertEqual(vars["b"]?.uniformity, .uniform)
    XCTAssertEqual(vars["local"]?.uniformity, .uniform)
    XCTAssertEqual(vars["c"]?.uniformity, .varying)
  }

  func testUniformityReachesAFixedPointThroughLoops() {
    let vars = variables(
      """
      kernel k(n: u32, p: *u32) {
        var a: u32 = 0
        var b: u32 = 0
        var c: u32 = 0
        for i in 0 ..< n {
          c = a
          a = b
          b = lane()
        }
        p[0] = a + b + c
      }
      """)
    XCTAssertEqual(vars["a"]?.uniformity, .varying)
    XCTAssertEqual(vars["c"]?.uniformity, .varying)
  }

  func testVaryingBreakMakesTheLoopVarying() throws {
    let program = try XCTUnwrap(
      check(
        """
        kernel k(n: u32, p: *u32) {
          var i: u32 = 0
          var steps: u32 = 0
          while i < n {
            steps += 1
            if p[gid() + i] == 0 { break }
            i += 1
          }
          for j in 0 ..< n { p[j] = steps + i }
        }
        """))
    let kernel = program[program.kernels[0]]
    let loops = kernel.body.statements.compactMap { statement -> LoopInfo? in
      switch statement.kind {
      case .whileLoop(_, _, let info), .forLoop(_, _, _, _, _, let info): return info
      default: return nil
      }
    }
    XCTAssertEqual(loops.map(\.isVarying), [true, false])
    XCTAssertEqual(kernel.variables.first { $0.name == "steps" }?.uniformity, .varying)
    XCTAssertEqual(kernel.variables.first { $0.name == "i" }?.uniformity, .varying)
  }

  func testHelpersAreSpecialisedByArgumentUniformity() throws {
    let program = try XCTUnwrap(
      check(
        """
        fn scale(x: u32, s: u32) -> u32 { return x * s }
        kernel k(n: u32, p: *u32) {
          let a = scale(n, 2)
          let b = scale(lane(), 2)
          let c = scale(n, 3)
          p[gid()] = a + b + c
        }
        """))
    let helpers = program.functions.filter { $0.kind == .helper }
    XCTAssertEqual(helpers.count, 2)
    XCTAssertEqual(
      Set(helpers.map(\.parameterUniformity)), [[.uniform, .uniform], [.varying, .uniform]])
    XCTAssertEqual(Set(helpers.map(\.resultUniformity)), [.uniform, .varying])
    let kernel = program[program.kernels[0]]
    XCTAssertEqual(initializer(of: "a", in: kernel)?.uniformity, .uniform)
    XCTAssertEqual(initializer(of: "b", in: kernel)?.uniformity, .varying)
  }

  func testBroadcastIndexMayComeThroughAUniformHelperParameter() {
    XCTAssertNotNil(
      check(
        """
        fn pick(v: f32, k: u32) -> f32 { return broadcast(v, k) }
        kernel k(n: u32, p: *f32) { p[gid()] = pick(p[gid()], n % 16) }
        """))
  }

  // MARK: Register arrays and unrolling

  func testUnrolledLoopHasConstantBoundsAndTypedCounterUses() throws {
    let program = try XCTUnwrap(
      check(
        """
        kernel k(p: *f32) {
          var acc: [8]f32 = splat(0.0)
          unroll for t in 0 ..< 8 step 2 { acc[t + 1] = p[t] }
          p[0] = acc[1]
        }
        """))
    let kernel = program[program.kernels[0]]
    guard case .unrolledFor(let counter, 0, 8, 2, let body) = kernel.body.statements[1].kind,
      case .assignment(.element(_, let index), nil, let value) = body.statements[0].kind,
      case .load(_, let loadIndex) = value.kind
    else { return XCTFail("unexpected shape") }
    XCTAssertEqual(kernel[counter].kind, .unrollCounter)
    XCTAssertEqual(index.type, .u32)
    XCTAssertEqual(loadIndex.type, .u32)
    let evaluator = ConstantEvaluator(function: kernel)
    XCTAssertEqual(evaluator.evaluate(index, unrollValues: [counter: 6]), .integer(7))
    XCTAssertNil(evaluator.evaluate(index))
  }

  func testIndexThroughALetIsConstantAfterUnrolling() {
    let result = Frontend.check(
      source: """
        kernel k(p: *f32) {
          var acc: [4]f32 = splat(0.0)
          unroll for t in 0 ..< 4 { let j = 3 - t; acc[j] = 1.0 }
          unroll for t in 0 ..< 4 { let j = 4 - t; acc[j] = 1.0 }
          p[0] = acc[0]
        }
        """, path: "t.vck")
    XCTAssertEqual(result.diagnostics.map(\.code), [.arrayIndexOutOfRange])
    XCTAssertTrue(
      result.renderedDiagnostics().contains("when 't' = 0"), result.renderedDiagnostics())
  }

  func testBarrierUnderUniformControlIsAccepted() throws {
    let program = try XCTUnwrap(
      check(
        """
        fn sync() { barrier() }
        kernel k(n: u32, p: *u32) {
          for i in 0 ..< n { sync(); p[gid()] = i }
          if n > 2 { barrier() }
        }
        """))
    XCTAssertTrue(program[program.kernels[0]].containsBarrier)
  }

  func testKernelsAndHelpersMayBeDeclaredInAnyOrder() {
    XCTAssertNotNil(
      check(
        """
        kernel k(p: *f32) { p[0] = twice(HALF) }
        fn twice(x: f32) -> f32 { return x * 2.0 }
        let HALF: f32 = 0.5
        """))
  }

  func testCheckedExpressionsCarryRangesIntoTheSource() throws {
    let source = "kernel k(n: u32, p: *u32) {\n  p[n] = n * 2 + 1\n}"
    let program = try XCTUnwrap(check(source))
    let kernel = program[program.kernels[0]]
    guard case .assignment(.memory(_, let index), _, let value) = kernel.body.statements[0].kind
    else {
      return XCTFail("unexpected shape")
    }
    let file = SourceFile(path: "t.vck", text: source)
    XCTAssertEqual(file.text(in: value.range), "n * 2 + 1")
    XCTAssertEqual(file.text(in: index.range), "n")
    XCTAssertEqual(file.text(in: kernel.body.statements[0].range), "p[n] = n * 2 + 1")
  }

  func testNegatedUnrollCounterInU32ContextWraps() throws {
    let program = try XCTUnwrap(
      check(
        """
        let HALF: f32 = 1.0 / 2.0
        kernel k(p: *f32) {
          var acc: [4]f32 = splat(HALF)
          unroll for t in 0 ..< 4 { acc[-t + 3] = 1.0 }
          p[0] = acc[0]
        }
        """))
    XCTAssertEqual(program.constants.first?.value, .float(0.5))
    let kernel = program[program.kernels[0]]
    guard case .unrolledFor(let counter, _, _, _, let body) = kernel.body.statements[1].kind,
      case .assignment(.element(_, let index), nil, _) = body.statements[0].kind
    else { return XCTFail("unexpected shape") }
    let evaluator = ConstantEvaluator(function: kernel)
    XCTAssertEqual(
      (0..<4).map { evaluator.evaluate(index, unrollValues: [counter: $0]) },
      [.integer(3), .integer(2), .integer(1), .integer(0)])
  }

  func testLongInferenceChainsEndVaryingEvenPastThePassLimit() {
    let count = FunctionChecker.maximumPasses + 16
    var source = "kernel k(n: u32, p: *u32) {\n"
    for index in 0..<count { source += "  var a\(index): u32 = 0\n" }
    source += "  for _ in 0 ..< n {\n"
    for index in 0..<(count - 1) { source += "    a\(index) = a\(index + 1)\n" }
    source += "    a\(count - 1) = lane()\n  }\n"
    for index in 0..<count { source += "  p[\(index)] = a\(index)\n" }
    source += "}\n"
    let vars = variables(source)
    XCTAssertEqual(vars.count, count + 3)
    for index in 0..<count {
      XCTAssertEqual(vars["a\(index)"]?.uniformity, .varying, "a\(index)")
    }
  }
}
