import Foundation
import Testing
import VCKIR
import VCKLower

/// Smaller constructs: masked reductions and lane operations, uniform control inside
/// varying control, float built-ins, conversions, early returns.
@Suite struct MoreLoweringTests {
  func run(_ source: String, n: Int, input: [UInt32], outputSize: Int, qpus: Int = 2) throws
    -> [UInt32]
  {
    let kernel = try lowerKernel(source, "k")
    return try runBothLevels(
      kernel, qpus: qpus, arguments: [.u32(UInt32(n)), .buffer(0), .buffer(1)],
      buffers: [input, [UInt32](repeating: 0, count: outputSize)])[1]
  }

  @Test func maskedReductionCountsOnlyActiveLanes() throws {
    let source = """
      kernel k(n: u32, src: *u32, dst: *u32) {
          let i = gid()
          if i % 3 == 0 {
              let total = reduce_add(i)
              let low = reduce_min(i + 100)
              dst[i] = total * 1000 + low
          }
      }
      """
    let output = try run(source, n: 0, input: [0], outputSize: 32)
    for qpu in 0..<2 {
      let active = (qpu * 16..<(qpu * 16 + 16)).filter { $0 % 3 == 0 }
      let expected = UInt32(active.reduce(0, +) * 1000 + active.min()! + 100)
      for lane in 0..<16 {
        let gid = qpu * 16 + lane
        #expect(output[gid] == (gid % 3 == 0 ? expected : 0))
      }
    }
  }

  @Test func uniformIfAndLoopInsideVaryingLoop() throws {
    let source = """
      kernel k(n: u32, src: *u32, dst: *u32) {
          for i in gid() ..< n step gsize() {
              var v = src[i]
              if n > 10 {
                  for t in 0 ..< n / 8 { v += t }
              } else {
                  v = 7
              }
              while v > 1000 { v = v / 2 }
              dst[i] = v
          }
      }
      """
    for n in [7, 40] {
      let input = (0..<n).map { UInt32($0 * 97) }
      let output = try run(source, n: n, input: input, outputSize: n)
      let expected = input.map { value -> UInt32 in
        var v = value
        if n > 10 { for t in 0..<(n / 8) { v += UInt32(t) } } else { v = 7 }
        while v > 1000 { v /= 2 }
        return v
      }
      #expect(output == expected)
    }
  }

  @Test func floatBuiltinsConversionsAndBits() throws {
    let source = """
      kernel k(n: u32, src: *u32, dst: *u32) {
          let i = gid()
          if i < n {
              let x = f32(src[i]) * 0.25 - 3.0
              var r = floor(x) + ceil(x) * 2.0 + round(x) * 4.0 + trunc(x) * 8.0
              r += sqrt(abs(x)) + min(x, 1.0) - max(x, -1.0)
              let b = x > 0.0
              dst[i] = bits(r) ^ u32(b) ^ u32(i32(x))
          }
      }
      """
    let input = (0..<24).map { UInt32($0 * 5) }
    let output = try run(source, n: 24, input: input, outputSize: 24)
    let expected = input.map { value -> UInt32 in
      let x = Float(value) * 0.25 - 3
      var r =
        x.rounded(.down) + x.rounded(.up) * 2 + x.rounded(.toNearestOrEven) * 4
        + x.rounded(.towardZero) * 8
      r += abs(x).squareRoot() + Float.minimum(x, 1) - Float.maximum(x, -1)
      return r.bitPattern ^ (x > 0 ? 1 : 0) ^ UInt32(bitPattern: Int32(x))
    }
    #expect(output == expected)
  }

  @Test func uniformEarlyReturnIsARet() throws {
    let source = """
      kernel k(n: u32, src: *u32, dst: *u32) {
          if n == 0 { return }
          dst[gid()] = src[0] + n
      }
      """
    let kernel = try optimise(try lowerKernel(source, "k"), .full)
    let returns = kernel.blocks.filter { $0.terminator == .return }
    #expect(returns.count == 2)
    #expect(try run(source, n: 0, input: [5], outputSize: 32) == [UInt32](repeating: 0, count: 32))
    #expect(try run(source, n: 3, input: [5], outputSize: 32) == [UInt32](repeating: 8, count: 32))
  }

  @Test func nestedHelpersAndLaneOperationsUnderMask() throws {
    let source = """
      fn twice(x: u32) -> u32 { return x * 2 }
      fn shifted(x: u32) -> u32 {
          if x > 20 { return twice(x) + 1 }
          return rotate(x, 1)
      }
      kernel k(n: u32, src: *u32, dst: *u32) {
          let i = gid()
          dst[i] = shifted(i) + broadcast(i, 5)
      }
      """
    let output = try run(source, n: 0, input: [0], outputSize: 32)
    let expected = (0..<32).map { gid -> UInt32 in
      let base = gid / 16 * 16
      // rotate reads lane (l - 1) of the value in every lane, active or not.
      let rotated = UInt32(base + (gid % 16 + 15) % 16)
      let value: UInt32 = gid > 20 ? UInt32(gid * 2 + 1) : rotated
      return value + UInt32(base + 5)
    }
    #expect(output == expected)
  }

  @Test func loadsInVaryingWhileConditionAreMasked() throws {
    // Lanes walk a linked list (src[x] is the next index; 0 ends it). The condition
    // loads, and must not load for lanes that already stopped.
    let source = """
      kernel k(n: u32, src: *u32, dst: *u32) {
          let i = gid()
          if i < n {
              var x = i
              var length: u32 = 0
              while src[x] != 0 && length < 100 {
                  x = src[x]
                  length += 1
              }
              dst[i] = length
          }
      }
      """
    let next: [UInt32] = [0, 0, 1, 2, 3, 0, 5, 6, 2, 8]
    let output = try run(source, n: next.count, input: next, outputSize: next.count)
    let expected = (0..<next.count).map { start -> UInt32 in
      var x = start
      var length: UInt32 = 0
      while next[x] != 0 && length < 100 {
        x = Int(next[x])
        length += 1
      }
      return length
    }
    #expect(output == expected)
  }

  @Test func arrayArgumentsBoolVariablesAndSignedLoops() throws {
    let source = """
      fn total(a: [4]f32) -> f32 {
          var s: f32 = 0.0
          unroll for t in 0 ..< 4 { s += a[t] }
          return s
      }
      fn flag(x: i32) -> bool { return x < 0 }
      kernel k(n: u32, out: *f32, iout: *i32) {
          var b: [4]f32 = splat(f32(lane()))
          b[1] = 2.5
          let c = b
          out[lane()] = total(c)
          var neg = false
          for i in -5 ..< 3 step 2 {
              if flag(i) { neg = !neg }
              iout[lane()] += i * i32(lane())
          }
          if neg && n > 0 { out[lane()] = out[lane()] * -1.0 }
          var m = select(lane() < 4, 1, 2)
          m <<= 2
          iout[lane()] -= m
      }
      """
    let kernel = try lowerKernel(source, "k")
    for n: UInt32 in [0, 1] {
      let result = try runBothLevels(
        kernel, qpus: 1, arguments: [.u32(n), .buffer(0), .buffer(1)],
        buffers: [[UInt32](repeating: 0, count: 16), [UInt32](repeating: 0, count: 16)])
      let expectedFloats = (0..<16).map { lane -> Float in
        let x = Float(lane)
        let sum = ((Float(0) + x) + 2.5 + x) + x
        return n > 0 ? sum * -1 : sum
      }
      #expect(floats(result[0]) == expectedFloats)
      let expectedIntegers = (0..<16).map { lane -> UInt32 in
        let shifted: Int32 = lane < 4 ? 4 : 8
        return UInt32(bitPattern: Int32(-8 * lane) - shifted)
      }
      #expect(result[1] == expectedIntegers)
    }
  }
}
