import Testing
import VCKIR
import VCKLower

/// Unusual but valid programs lower to valid IR, optimise, and run.
@Suite struct LoweringRobustnessTests {
  func lowerAndRun(_ source: String, n: UInt32 = 5) throws -> [UInt32] {
    let kernel = try lowerKernel(source, "k")
    return try runBothLevels(
      kernel, qpus: 1, arguments: [.u32(n), .buffer(0)],
      buffers: [[UInt32](repeating: 0, count: 16)])[0]
  }

  @Test func emptyAndTrivialKernels() throws {
    #expect(try lowerAndRun("kernel k(n: u32, out: *u32) {}") == [UInt32](repeating: 0, count: 16))
    #expect(try lowerAndRun("kernel k(n: u32, out: *u32) { return }").allSatisfy { $0 == 0 })
    let dead = "kernel k(n: u32, out: *u32) { return\n out[lane()] = 1 }"
    #expect(try lowerAndRun(dead).allSatisfy { $0 == 0 })
  }

  @Test func deeplyNestedVaryingIfs() throws {
    let depth = 40
    var body = "out[lane()] = v"
    for level in (0..<depth).reversed() {
      body = "if lane() != \(level % 16) { v += 1\n \(body) }"
    }
    let source = "kernel k(n: u32, out: *u32) { var v: u32 = 0\n \(body) }"
    let output = try lowerAndRun(source)
    // Lane l passes every level except those with level % 16 == l.
    for lane in 0..<16 {
      let firstBlocked = (0..<depth).first { $0 % 16 == lane }
      #expect(output[lane] == (firstBlocked == nil ? UInt32(depth) : 0))
    }
  }

  @Test func longUnrollAndHelperChains() throws {
    var helpers = "fn f0(x: u32) -> u32 { return x + 1 }\n"
    for level in 1..<20 {
      helpers += "fn f\(level)(x: u32) -> u32 { return f\(level - 1)(x) * 3 }\n"
    }
    let source =
      helpers + """
        kernel k(n: u32, out: *u32) {
            var acc: u32 = 0
            unroll for t in 0 ..< 300 { acc += t ^ lane() }
            out[lane()] = acc + f19(n)
        }
        """
    var chain: UInt32 = 5 + 1
    for _ in 1..<20 { chain = chain &* 3 }
    let output = try lowerAndRun(source)
    for lane in 0..<16 {
      let sum = (0..<300).reduce(UInt32(0)) { $0 &+ (UInt32($1) ^ UInt32(lane)) }
      #expect(output[lane] == sum &+ chain)
    }
  }

  @Test func whileTrueWithBreaksAndZeroTripLoops() throws {
    let source = """
      kernel k(n: u32, out: *u32) {
          var x = lane()
          while true {
              if x >= 20 { break }
              x += n
          }
          for i in 0 ..< 0 { x = 999 }
          for i in lane() ..< lane() { x = 998 }
          out[lane()] = x
      }
      """
    let output = try lowerAndRun(source, n: 7)
    #expect(
      output
        == (0..<16).map { lane in
          var x = UInt32(lane)
          while x < 20 { x += 7 }
          return x
        })
  }

  @Test func longSequenceOfVaryingIfs() throws {
    // SSA construction walks 2 × 800 join blocks back to the declaration without
    // recursion; the passes handle thousands of blocks.
    let count = 800
    var body = "var v: u32 = 0\n"
    for index in 0..<count { body += "if lane() != \(index % 16) { v += 1 }\n" }
    let output = try lowerAndRun("kernel k(n: u32, out: *u32) {\n\(body)out[lane()] = v\n}")
    #expect(output == (0..<16).map { lane in UInt32((0..<count).filter { $0 % 16 != lane }.count) })
  }
}
