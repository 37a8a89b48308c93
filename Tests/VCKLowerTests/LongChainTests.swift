import Testing
import VCKIR
import VCKLang

/// Long `else if` chains and deep nesting go through lowering and the -O2 passes (which
/// recurse over the tree, or iterate over the control-flow graph) and compute the
/// right thing.
@Suite struct LongChainTests {
  /// (The full 1,024 arms are checked in `NestingLimitTests` and compiled by the scaling
  /// benchmark; here a shorter chain keeps the debug-build interpreter quick.)
  @Test func longElseIfChainRunsAtBothLevels() throws {
    let arms = 160
    var source = "kernel k(p: *u32) {\nlet v = p[lane()]\nvar r: u32 = 0\n"
    for arm in 0..<arms { source += "if v == \(arm) {\nr = \(arm * 3 + 1)\n} else " }
    source += "{\nr = 7\n}\np[lane()] = r\n}\n"
    let function = try lowerKernel(source, "k")
    let inputs: [UInt32] = [0, 1, 2, 47, 48, 100, 158, 159, 160, 5000, 3, 90, 77, 1, 0, 9]
    let result = try runBothLevels(function, qpus: 1, arguments: [.buffer(0)], buffers: [inputs])
    #expect(result[0] == inputs.map { $0 < arms ? $0 * 3 + 1 : 7 })
  }

  @Test func deepestNestingLowersAndOptimises() throws {
    let depth = Parser.maximumBlockDepth
    let source =
      "kernel k(p: *u32) {\n" + String(repeating: "if p[0] > 1 {\n", count: depth - 1)
      + "p[1] = 2\n" + String(repeating: "}\n", count: depth - 1) + "}\n"
    let function = try lowerKernel(source, "k")
    for input: UInt32 in [0, 5] {
      let result = try runBothLevels(
        function, qpus: 1, arguments: [.buffer(0)], buffers: [[input, 9]])
      #expect(result[0] == [input, input > 1 ? 2 : 9])
    }
  }
}
