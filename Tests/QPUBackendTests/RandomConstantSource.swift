/// Generates random `.vck` kernels with more distinct 32-bit constants than the QPU has
/// registers, used in uniform loops, both arms of varying branches, data-dependent loops
/// and straight-line code, so that the allocator rematerialises constants from the uniform
/// stream inside control flow (docs/backend.md §3a).
struct RandomConstantSource: RandomSourceWriter {
  var generator: SplitMix
  var lines: [String] = []
  var indent = 1
  var names = 0
  /// u32 values in scope (besides `acc`).
  var scope: [[String]] = [[]]
  /// Constants not used yet, then any of `pool`.
  var unused: [UInt32] = []
  var pool: [UInt32] = []
  /// Elements the kernel's buffers hold (n).
  static let elements: UInt32 = 32

  init(seed: UInt64) { generator = SplitMix(seed: seed) }

  /// The kernel `constants(n: u32, src: *u32, dst: *u32)`.
  static func make(seed: UInt64) -> String {
    var source = RandomConstantSource(seed: seed)
    return source.generate()
  }

  /// A constant no small immediate holds (the first uses go through every pool entry).
  mutating func constant() -> String {
    if let next = unused.popLast() { return "\(next)" }
    return "\(pool[random(0...pool.count - 1)])"
  }

  mutating func variable() -> String {
    let variables = ["acc"] + scope.flatMap { $0 }
    return variables[random(0...variables.count - 1)]
  }

  mutating func generate() -> String {
    var values = Set<UInt32>()
    let count = random(70...90)
    while values.count < count { values.insert(UInt32(random(100_000...2_000_000_000))) }
    pool = values.sorted()
    unused = pool.shuffled(using: &generator)
    lines = ["kernel constants(n: u32, src: *u32, dst: *u32) {"]
    line("var acc: u32 = src[gid()]")
    while !unused.isEmpty { statement(depth: 0) }
    line("dst[gid()] = acc")
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  mutating func statement(depth: Int) {
    let kind = depth >= 2 ? random(0...1) : random(0...6)
    switch kind {
    case 0:
      line("acc = (acc ^ \(constant())) + \(variable()) * \(constant())")
    case 1:
      line("acc = (\(variable()) - \(constant())) | (acc & \(constant()))")
    case 2:
      // A uniform loop with constants in its body.
      let j = fresh("j")
      line("for \(j) in 0 ..< u32(\(random(1...3))) {")
      indent += 1
      scope.append([j])
      for _ in 0..<random(1...3) { statement(depth: depth + 1) }
      scope.removeLast()
      indent -= 1
      line("}")
    case 3:
      // Varying branches, constants in both arms.
      line("if (acc & 7) < \(random(1...6)) {")
      block(depth: depth)
      line("} else {")
      block(depth: depth)
      line("}")
    case 4:
      // A data-dependent loop.
      let x = fresh("x")
      line("var \(x): u32 = acc & 7")
      line("while \(x) != 0 {")
      indent += 1
      line("\(x) = \(x) >> 1")
      line("acc = acc * \(constant()) + \(x)")
      indent -= 1
      line("}")
    case 5:
      let v = fresh("v")
      line("let \(v): u32 = src[(gid() + \(random(1...31))) % n] ^ \(constant())")
      scope[scope.count - 1].append(v)
    default:
      line("if (acc & 3) == \(random(0...3)) { dst[gid()] = acc + \(constant()) }")
    }
  }

  mutating func block(depth: Int) {
    indent += 1
    scope.append([])
    for _ in 0..<random(1...2) { statement(depth: depth + 1) }
    scope.removeLast()
    indent -= 1
  }
}
