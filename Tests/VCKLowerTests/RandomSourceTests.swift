import Testing
import VCKIR
import VCKLang
import VCKLower

/// Random `.vck` kernels with varying and uniform control flow, loops with `break` and
/// `continue`, early returns, helpers and lane operations. Each must check, lower and
/// give the same results at -O0, at -O2 and after legalisation.
struct SourceGenerator {
  var state: UInt64
  var scopes: [[String]] = [[]]
  var readOnly: [String] = []
  var counter = 0
  var loopDepth = 0

  mutating func next() -> Int {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
  }
  mutating func below(_ bound: Int) -> Int { next() % bound }
  mutating func fresh(_ prefix: String) -> String {
    counter += 1
    return "\(prefix)\(counter)"
  }

  var mutable: [String] { scopes.flatMap { $0 } }

  mutating func leaf() -> String {
    let readable = mutable + readOnly
    switch below(6) {
    case 0: return "u32(\(below(100)))"  // typed: built-ins would take a literal as i32
    case 1: return "gid()"
    case 2: return "n"
    case 3: return "lane()"
    default: return readable.isEmpty ? "7" : readable[below(readable.count)]
    }
  }

  mutating func expression(_ depth: Int = 0) -> String {
    if depth > 2 || below(3) == 0 { return leaf() }
    let a = expression(depth + 1)
    let b = expression(depth + 1)
    switch below(14) {
    case 0: return "(\(a) + \(b))"
    case 1: return "(\(a) - \(b))"
    case 2: return "(\(a) * \(b))"
    case 3: return "(\(a) ^ \(b))"
    case 4: return "(\(a) & \(b))"
    case 5: return "(\(a) >> \(below(8)))"
    case 6: return "(\(a) / (\(b) | 1))"
    case 7: return "(\(a) % (\(b) | 1))"
    case 8: return "min(\(a), \(b))"
    case 9: return "select(\(condition(depth + 1)), \(a), \(b))"
    case 10: return "src[\(a) % n]"
    case 11: return "rotate(\(a), \(below(16)))"
    case 12: return "blend(\(a), \(b))"
    default: return below(2) == 0 ? "broadcast(\(a), \(below(16)))" : "reduce_add(\(a))"
    }
  }

  mutating func condition(_ depth: Int = 0) -> String {
    let a = expression(depth + 1)
    let b = expression(depth + 1)
    switch below(6) {
    case 0: return "\(a) < \(b)"
    case 1: return "\(a) % 3 == 0"
    case 2: return "(\(a) < \(b) && src[\(a) % n] > 20)"
    case 3: return "(\(a) == \(b) || \(b) > 50)"
    case 4: return "n > \(below(60))"  // uniform
    default: return "!(\(a) >= \(b))"
    }
  }

  mutating func block(_ depth: Int) -> String {
    scopes.append([])
    let body = statements(1 + below(3), depth + 1)
    scopes.removeLast()
    return "{\n\(body)\n}"
  }

  mutating func statements(_ count: Int, _ depth: Int) -> String {
    var lines: [String] = []
    for _ in 0..<count { lines.append(statement(depth)) }
    return lines.joined(separator: "\n")
  }

  mutating func statement(_ depth: Int) -> String {
    let targets = mutable
    let choice = depth > 3 ? below(4) : below(10)
    switch choice {
    case 0, 1:
      let name = fresh("v")
      let line = "var \(name): u32 = \(expression())"
      scopes[scopes.count - 1].append(name)
      return line
    case 2, 3:
      guard !targets.isEmpty else { return "dst[gid()] = \(expression())" }
      let target = targets[below(targets.count)]
      return "\(target) \(["=", "+=", "^=", "*="][below(4)]) \(expression())"
    case 4, 5:
      let elseBlock = below(2) == 0 ? " else \(block(depth))" : ""
      return "if \(condition()) \(block(depth))\(elseBlock)"
    case 6:
      let counterName = fresh("i")
      let header = "for \(counterName) in \(expression()) % 4 ..< \(expression()) % 9"
      readOnly.append(counterName)
      loopDepth += 1
      let body = block(depth)
      loopDepth -= 1
      readOnly.removeLast()
      return "\(header) \(body)"
    case 7:
      let guardName = fresh("w")
      loopDepth += 1
      scopes.append([])
      let body = statements(1 + below(2), depth + 1)
      scopes.removeLast()
      loopDepth -= 1
      return """
        var \(guardName): u32 = 0
        while \(guardName) < \(expression()) % 6 {
        \(guardName) += 1
        \(body)
        }
        """
    case 8:
      if loopDepth > 0 { return "if \(condition()) { \(below(2) == 0 ? "break" : "continue") }" }
      return "if \(condition()) { return }"
    default:
      return "dst[gid()] = \(expression())"
    }
  }

  mutating func kernel() -> String {
    scopes = [["acc"]]
    let body = statements(3 + below(5), 0)
    let all = mutable.joined(separator: " ^ ")
    return """
      fn blend(a: u32, b: u32) -> u32 {
          if a > b { return a - b }
          return (a ^ b) + 1
      }
      kernel k(n: u32, src: *u32, dst: *u32) {
      var acc: u32 = gid()
      \(body)
      dst[gid()] = \(all)
      }
      """
  }
}

@Suite struct RandomSourceTests {
  @Test(arguments: 0..<32)
  func randomKernelAgreesAcrossOptimisationLevels(seed: Int) throws {
    var generator = SourceGenerator(state: UInt64(seed) &* 7919)
    let source = generator.kernel()
    let result = Frontend.check(source: source, path: "random\(seed).vck")
    let program = try #require(
      result.program, "seed \(seed) rejected: \(result.renderedDiagnostics())")
    let kernel = try Lowering.lowerKernels(program)[0]
    let n: UInt32 = 37
    let input = (0..<Int(n)).map { UInt32(($0 * 37 + 11) % 97) }
    var outputs: [[UInt32]] = []
    for stage in 0..<3 {
      var function = kernel
      try PassManager.pipeline(for: stage == 0 ? .none : .full).run(on: &function)
      if stage == 2 { try PassManager.legalization().run(on: &function) }
      var buffers = [input, [UInt32](repeating: 0xAAAA_AAAA, count: 32)]
      try Interpreter(function: function, qpuCount: 2).run(
        arguments: [.u32(n), .buffer(0), .buffer(1)], buffers: &buffers)
      outputs.append(buffers[1])
    }
    #expect(outputs[0] == outputs[1], "-O2 differs for seed \(seed):\n\(source)")
    #expect(outputs[0] == outputs[2], "legalised differs for seed \(seed):\n\(source)")
  }
}
