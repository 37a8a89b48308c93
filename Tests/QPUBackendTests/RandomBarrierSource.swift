/// Generates random `.vck` kernels that put barriers after varying control flow: masked
/// stores in grid-stride loops, varying `if`/`else`, data-dependent `while` loops with
/// `break`/`continue`, uniform loops around barriers. Each lane only writes the elements it
/// owns (`dst[gid()]` and its grid-stride elements), and reads other lanes' elements only
/// between two barriers, so the result does not depend on how batches interleave.
struct RandomBarrierSource: RandomSourceWriter {
  var generator: SplitMix
  var lines: [String] = []
  var indent = 1
  var names = 0
  /// u32 variables in scope (besides `acc`).
  var scope: [[String]] = [[]]
  /// Elements the kernel's buffers hold (n).
  static let elements: UInt32 = 48

  init(seed: UInt64) { generator = SplitMix(seed: seed) }

  /// The kernel `barriers(n: u32, src: *u32, dst: *u32)`.
  static func make(seed: UInt64) -> String {
    var source = RandomBarrierSource(seed: seed)
    return source.generate()
  }

  var variables: [String] { ["acc"] + scope.flatMap { $0 } }

  mutating func generate() -> String {
    lines = ["kernel barriers(n: u32, src: *u32, dst: *u32) {"]
    line("var acc: u32 = src[gid()] + \(random(0...9))")
    for _ in 0..<random(1...3) {
      if chance(30) {
        // A uniform loop around varying control and a barrier.
        let j = fresh("j")
        line("for \(j) in 0 ..< u32(\(random(1...3))) {")
        indent += 1
        scope.append([j])
        varyingSegment(depth: 1)
        barrierAndExchange()
        scope.removeLast()
        indent -= 1
        line("}")
      } else {
        varyingSegment(depth: 0)
        barrierAndExchange()
      }
    }
    line("dst[gid()] = acc")
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// A barrier, then a read of another lane's element, then a barrier (so nobody writes
  /// before everyone has read).
  mutating func barrierAndExchange() {
    line("barrier()")
    if chance(70) {
      line("acc = acc + dst[(gid() + \(random(1...40))) % n]")
      line("barrier()")
    }
  }

  /// Varying control flow that ends where the barrier follows.
  mutating func varyingSegment(depth: Int) {
    for _ in 0..<random(1...3) { statement(depth: depth) }
  }

  mutating func statement(depth: Int) {
    let kind = depth >= 3 ? 0 : random(0...6)
    switch kind {
    case 0:
      line("acc = \(expression(2))")
    case 1:
      // The shape of issue 16: a masked store in a grid-stride loop.
      let i = fresh("i")
      line("for \(i) in gid() ..< n step gsize() {")
      indent += 1
      scope.append([i])
      line("if \(i) > \(random(0...40)) { dst[\(i)] = \(expression(1)) }")
      if chance(40) { statement(depth: depth + 1) }
      scope.removeLast()
      indent -= 1
      line("}")
    case 2:
      line("if \(condition()) {")
      block(depth: depth + 1)
      if chance(60) {
        line("} else {")
        block(depth: depth + 1)
      }
      line("}")
    case 3:
      // A data-dependent loop with an exit.
      let x = fresh("x")
      let c = fresh("c")
      line("var \(x): u32 = \(expression(1)) & 15")
      line("var \(c): u32 = 0")
      line("while \(x) != 0 && \(c) < \(random(1...6)) {")
      indent += 1
      scope.append([x, c])
      line("\(x) = \(x) >> 1")
      line("\(c) += 1")
      if chance(40) { line("if \(x) == \(random(0...3)) { break }") }
      if chance(30) { line("if \(x) == \(random(4...7)) { continue }") }
      line("acc = acc + \(x) * \(random(1...5))")
      scope.removeLast()
      indent -= 1
      line("}")
    case 4:
      line("if \(condition()) { dst[gid()] = \(expression(1)) }")
    case 5:
      // A grid-stride loop that skips and stops early.
      let i = fresh("i")
      line("for \(i) in gid() ..< n step gsize() {")
      indent += 1
      scope.append([i])
      line("if (src[\(i)] & 1) == 0 { continue }")
      line("acc = acc ^ src[\(i)]")
      if chance(30) { line("if acc > \(random(0...200)) { break }") }
      scope.removeLast()
      indent -= 1
      line("}")
    default:
      let v = fresh("v")
      line("let \(v): u32 = \(expression(2))")
      scope[scope.count - 1].append(v)
      if chance(50) {
        line("if \(v) < \(random(0...60)) { acc = acc + \(v) } else { acc = acc - 1 }")
      }
    }
  }

  mutating func block(depth: Int) {
    indent += 1
    scope.append([])
    for _ in 0..<random(1...2) { statement(depth: depth) }
    scope.removeLast()
    indent -= 1
  }

  mutating func condition() -> String {
    let comparisons = ["<", ">", "==", "!=", "<=", ">="]
    let comparison = comparisons[random(0...comparisons.count - 1)]
    return "(\(expression(1)) & 7) \(comparison) \(random(0...7))"
  }

  /// A u32 expression. The left operand of every operator reads a variable or memory, so
  /// no subexpression is a constant the checker would fold (and reject when negative).
  mutating func expression(_ depth: Int, literal: Bool = true) -> String {
    if depth == 0 || chance(30) {
      switch random((literal ? 0 : 1)...4) {
      case 0: return "\(random(0...300))"
      case 1: return "gid()"
      case 2: return "src[gid()]"
      default:
        let variables = self.variables
        return variables[random(0...variables.count - 1)]
      }
    }
    let operators = ["+", "-", "*", "^", "&", "|"]
    let op = operators[random(0...operators.count - 1)]
    if chance(15) { return "(\(expression(depth - 1, literal: false)) >> \(random(1...4)))" }
    return "(\(expression(depth - 1, literal: false)) \(op) \(expression(depth - 1)))"
  }
}
