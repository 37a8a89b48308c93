import Testing
import VCKIR
import VCKLower

/// Lowering of control flow under masks, checked against Swift models of each lane.
@Suite struct ControlFlowLoweringTests {
  /// Runs kernel `name` of `source` with `n`, an input buffer and an output buffer of
  /// `size` words; returns the output.
  func run(
    _ source: String, _ name: String = "k", n: Int, input: [UInt32], outputSize: Int? = nil,
    qpus: Int = 2
  ) throws -> [UInt32] {
    let kernel = try lowerKernel(source, name)
    let result = try runBothLevels(
      kernel, qpus: qpus, arguments: [.u32(UInt32(n)), .buffer(0), .buffer(1)],
      buffers: [input, [UInt32](repeating: 0xFFFF_FFFF, count: outputSize ?? input.count)])
    return result[1]
  }

  @Test func nestedVaryingIfElseChains() throws {
    let source = """
      kernel k(n: u32, src: *u32, dst: *u32) {
          let g = gid()
          if g >= n { return }
          var v = src[g]
          if v % 3 == 0 {
              v = v / 3
              if v > 10 { v += 100 } else { v *= 2 }
          } else if v % 3 == 1 {
              v = 0
          } else {
              v -= 1
          }
          dst[g] = v
      }
      """
    let input = (0..<40).map { UInt32($0 * 5) }
    let output = try run(source, n: 37, input: input, qpus: 3)
    let expected = input.enumerated().map { index, value -> UInt32 in
      if index >= 37 { return 0xFFFF_FFFF }
      var v = value
      if v % 3 == 0 {
        v /= 3
        if v > 10 { v += 100 } else { v *= 2 }
      } else if v % 3 == 1 {
        v = 0
      } else {
        v -= 1
      }
      return v
    }
    #expect(output == expected)
  }

  @Test func breakAndContinueUnderVaryingControl() throws {
    let source = """
      kernel k(n: u32, src: *u32, dst: *u32) {
          for i in gid() ..< n step gsize() {
              var total: u32 = 0
              let limit: u32 = 20
              for j in 0 ..< limit {
                  if j % 2 == 1 && src[i] > 4 { continue }
                  if j * j > src[i] { break }
                  total += j
              }
              dst[i] = total
          }
      }
      """
    let input = (0..<50).map { UInt32(($0 * 7) % 300) }
    let output = try run(source, n: 50, input: input)
    let expected = input.map { value -> UInt32 in
      var total: UInt32 = 0
      for j: UInt32 in 0..<20 {
        if j % 2 == 1 && value > 4 { continue }
        if j * j > value { break }
        total += j
      }
      return total
    }
    #expect(output == expected)
  }

  @Test func shortCircuitKeepsLoadsInBounds() throws {
    // `i < n && src[i] ...` must not read src[i] for lanes with i >= n (the buffer is
    // exactly n long, so such a read would fault).
    let source = """
      kernel k(n: u32, src: *u32, dst: *u32) {
          let i = gid()
          var flag: u32 = 0
          if i < n && src[i] > 5 { flag = 1 }
          if i >= n || src[i] == 0 { flag = 2 }
          if i < n { dst[i] = flag }
      }
      """
    let input: [UInt32] = [0, 3, 9, 12, 5, 6, 0, 1]
    let output = try run(source, n: input.count, input: input)
    #expect(output == input.map { $0 == 0 ? 2 : $0 > 5 ? 1 : 0 })
  }

  @Test func varyingWhileWithMaskedReturnInsideHelper() throws {
    let source = """
      fn digits(x: u32) -> u32 {
          if x == 0 { return 1 }
          var count: u32 = 0
          var rest = x
          while rest > 0 {
              rest /= 10
              count += 1
          }
          return count
      }
      kernel k(n: u32, src: *u32, dst: *u32) {
          for i in gid() ..< n step gsize() { dst[i] = digits(src[i]) }
      }
      """
    let input: [UInt32] = [0, 1, 9, 10, 99, 100, 12345, 4_000_000_000, 7, 1000]
    let output = try run(source, n: input.count, input: input)
    #expect(output == input.map { UInt32(String($0).count) })
  }

  @Test func registerArraysAndUnrolling() throws {
    let source = """
      kernel k(n: u32, src: *u32, dst: *u32) {
          var window: [4]u32 = splat(0)
          let i = gid()
          if i < n {
              unroll for t in 0 ..< 4 {
                  window[t] = src[(i + t) % n] * (t + 1)
              }
              var best: u32 = 0
              unroll for t in 0 ..< 4 { best = max(best, window[t]) }
              window[3] += best
              dst[i] = window[3]
          }
      }
      """
    let n = 21
    let input = (0..<n).map { UInt32(($0 * 11) % 13) }
    let output = try run(source, n: n, input: input)
    let expected = (0..<n).map { i -> UInt32 in
      let window = (0..<4).map { input[(i + $0) % n] * UInt32($0 + 1) }
      return window[3] + window.max()!
    }
    #expect(output == expected)
  }

  @Test func compoundMemoryAssignmentAndSignedArithmetic() throws {
    let source = """
      kernel k(n: u32, src: *u32, dst: *u32) {
          for i in gid() ..< n step gsize() {
              let s = i32(src[i]) - 50
              dst[i] = u32(s / 7 + s % 7 + (s >> 2))
              dst[i] += u32(abs(s))
          }
      }
      """
    let input = (0..<60).map { UInt32($0 * 3) }
    let output = try run(source, n: 60, input: input)
    let expected = input.map { value -> UInt32 in
      let s = Int32(value) - 50
      return UInt32(bitPattern: s / 7 + s % 7 + (s >> 2)) &+ UInt32(abs(s))
    }
    #expect(output == expected)
  }

  @Test func uniformLoopWithUniformBreakIsPlainBranches() throws {
    let source = """
      kernel k(n: u32, src: *u32, dst: *u32) {
          var total: u32 = 0
          var j: u32 = 0
          while true {
              if j >= n { break }
              total += src[j]
              j += 1
          }
          dst[gid()] = total + gid()
      }
      """
    let n = 10
    let input = (0..<n).map { UInt32($0 + 1) } + [UInt32](repeating: 0, count: 22)
    let output = try run(source, n: n, input: input, outputSize: 32)
    #expect(output == (0..<32).map { UInt32(55 + $0) })
    // No masks anywhere: the loop is uniform.
    let kernel = try optimise(try lowerKernel(source, "k"), .full)
    let opcodes = kernel.blocks.flatMap(\.instructions).map(\.opcode)
    #expect(!opcodes.contains(.select) && !opcodes.contains(.any))
  }
}
