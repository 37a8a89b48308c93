import Testing
import VCKIR

@Suite struct ParserTests {
  static let fixtures = [
    KernelFixtures.saxpy(), KernelFixtures.summation(), KernelFixtures.collatz(),
    KernelFixtures.exchange(),
  ]

  @Test func printParsePrintIsStable() throws {
    for fixture in Self.fixtures + [RandomKernels.make(seed: 7)] {
      for level in OptimizationLevel.allCases {
        var function = fixture
        try PassManager.pipeline(for: level).run(on: &function)
        let text = Printer.print(function)
        let parsed = try IRParser.parse(text)
        try Verifier.verify(parsed)
        #expect(Printer.print(parsed) == text)
      }
    }
  }

  @Test func parsedKernelRuns() throws {
    let text = """
      kernel @double(%0: u32 n, %1: *f32 data) {
      ^0(%0: u32, %1: u32):
        %2 = lane : varying u32
        %3 = lt %2, %0 : varying bool
        %4 = const 2 : u32
        %5 = shl %2, %4 : varying u32
        %6 = add %1, %5 : varying u32
        %7 = load %6, mask %3 : varying f32
        %8 = const 2.0 : f32
        %9 = mul %7, %8 : varying f32
        store %6, %9, mask %3 : varying f32
        ret
      }
      """
    let function = try IRParser.parse(text)
    try Verifier.verify(function)
    var buffers = [(0..<16).map { Float($0).bitPattern }]
    try Interpreter(function: function, qpuCount: 1).run(
      arguments: [.u32(10), .buffer(0)], buffers: &buffers)
    let expected: [Float] = (0..<16).map { index in Float(index < 10 ? index * 2 : index) }
    let actual: [Float] = buffers[0].map { Float(bitPattern: $0) }
    #expect(actual == expected)
  }

  @Test func malformedTextGivesErrors() {
    let bad = [
      "", "kernel", "kernel @k( {", "kernel @k() {\n^0:\n  %1 = frob %2 : u32\n  ret\n}",
      "kernel @k() {\n^0:\n  %1 = const 5 : u32\n}", "kernel @k() {\n^0:\n  br ^9\n}",
      "kernel @k() {\n^0:\n  %1 = add %2, %2 : u32\n  ret\n}",
      "kernel @k() {\n^0:\n  %1 = const 99999999999 : u32\n  ret\n}",
      "kernel @k() {\n^0:\n  %1 = const 1 : u32\n  %1 = const 2 : u32\n  ret\n}",
      "kernel @k() {\n  ret\n}", "kernel @k() {\n^0:\n  ret\n",
    ]
    for text in bad {
      #expect(throws: IRParseError.self, "\(text)") { _ = try IRParser.parse(text) }
    }
  }

  /// Mutated text never crashes the parser; what parses is either valid or rejected by
  /// the verifier.
  @Test func mutatedTextNeverCrashes() throws {
    let text = Printer.print(KernelFixtures.collatz())
    var random = SplitMix(state: 42)
    let characters = Array(text)
    let alphabet = Array("%^@(),:={}*0123456789abcdefgxyz -\n")
    for _ in 0..<300 {
      var mutated = characters
      for _ in 0..<(1 + random.below(4)) {
        let index = random.below(mutated.count)
        switch random.below(3) {
        case 0: mutated.remove(at: index)
        case 1: mutated.insert(random.pick(alphabet), at: index)
        default: mutated[index] = random.pick(alphabet)
        }
      }
      if let function = try? IRParser.parse(String(mutated)) {
        _ = Verifier.check(function)
      }
    }
  }
}
