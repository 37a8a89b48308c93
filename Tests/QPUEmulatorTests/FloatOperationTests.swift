import Testing

@testable import QPUEmulator

/// Float operations, unpack/pack modifiers and conversions against Swift's
/// IEEE arithmetic (round to nearest even, denormals kept: docs/emulator.md).
@Suite struct FloatOperationTests {
  let a = TestInputs.floats(seed: 3, edges: [0, -0.0, 1.5, -2.5, 0.5, 3.5, 1e-40, -7.25])
  let b = TestInputs.floats(seed: 11, edges: [-0.0, 0, 2.25, -2.5, 1, .infinity, 1e-40, 8])

  func f(_ bits: UInt32) -> Float { Float(bitPattern: bits) }

  @Test func binaryFloatOperations() throws {
    let body = """
      fadd rf10, rf1, rf2 ; fmul rf11, rf1, rf2
      fsub rf12, rf1, rf2
      fmin rf13, rf1, rf2
      fmax rf14, rf1, rf2
      fcmp rf15, rf1, rf2
      faddnf rf16, rf1, rf2
      """
    let result = try Harness.run(
      Harness.program(body, storing: (10...16).map { "rf\($0)" }), a: a, b: b)
    #expect(result.lanes(0) == zip(a, b).map { (f($0) + f($1)).bitPattern })
    #expect(result.lanes(1) == zip(a, b).map { (f($0) * f($1)).bitPattern })
    #expect(result.lanes(2) == zip(a, b).map { (f($0) - f($1)).bitPattern })
    // IEEE 754-2019 minimum/maximum ordering −0 below +0 (the emulator's documented choice).
    func ordered(_ x: Float) -> Double { x == 0 && x.sign == .minus ? -0x1p-200 : Double(x) }
    #expect(result.lanes(3) == zip(a, b).map { ordered(f($0)) <= ordered(f($1)) ? $0 : $1 })
    #expect(result.lanes(4) == zip(a, b).map { ordered(f($0)) >= ordered(f($1)) ? $0 : $1 })
    #expect(result.lanes(5) == zip(a, b).map { (f($0) - f($1)).bitPattern })
    #expect(result.lanes(6) == result.lanes(0))
  }

  @Test func absAndHalfUnpacks() throws {
    let halves: [UInt32] = (0..<16).map { UInt32(0x3C00 + $0 * 0x100) | UInt32(0xC000 + $0) << 16 }
    let body = """
      fadd rf10, rf1.abs, rf2.abs
      fadd rf11, rf3.l, rf3.h
      nop ; fmov rf12, rf1.abs
      nop ; fmov rf13, rf3.h
      """
    let source =
      Harness.prologue + "mov rf3, rf1\n" + body + "\n"
      + Harness.epilogue(["rf10", "rf11", "rf12", "rf13"])
    let direct = try Harness.run(
      Harness.program(
        body.replacingOccurrences(of: "rf3", with: "rf1"),
        storing: ["rf10"]), a: a, b: b)
    #expect(direct.lanes(0) == zip(a, b).map { (abs(f($0)) + abs(f($1))).bitPattern })
    let result = try Harness.run(source, a: halves, b: b)
    func half(_ h: UInt32) -> Float { Float(Float16(bitPattern: UInt16(h & 0xFFFF))) }
    #expect(result.lanes(1) == halves.map { (half($0) + half($0 >> 16)).bitPattern })
    #expect(result.lanes(3) == halves.map { half($0 >> 16).bitPattern })
  }

  @Test func halfOutputPackKeepsOtherHalf() throws {
    let body = """
      mov rf10, rf2
      mov rf11, rf2
      fadd rf10.l, rf1, rf1
      nop ; fmul rf11.h, rf1, rf1
      """
    let inputs: [UInt32] = (0..<16).map { Float(Float($0) * 0.75 - 3).bitPattern }
    let other: [UInt32] = (0..<16).map { 0xABCD_1234 &+ UInt32($0) }
    let result = try Harness.run(
      Harness.program(body, storing: ["rf10", "rf11"]), a: inputs, b: other)
    for lane in 0..<16 {
      let x = f(inputs[lane])
      let sum = UInt32(Float16(x + x).bitPattern)
      let product = UInt32(Float16(x * x).bitPattern)
      #expect(result.lanes(0)[lane] == (other[lane] & 0xFFFF_0000) | sum)
      #expect(result.lanes(1)[lane] == (other[lane] & 0xFFFF) | product << 16)
    }
  }

  @Test func roundingAndConversions() throws {
    let inputs: [Float] = [
      2.5, -2.5, 3.5, -0.5, 1.49, -1.51, 1e10, -1e10, .nan, .infinity, 0, -0.0, 7.9, -7.9, 4e9,
      -3,
    ]
    let integers: [UInt32] =
      [0, 1, 0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 16_777_217, 3, 12_345_678]
      + (0..<8).map { UInt32($0) &* 0x1357_9BDF }
    let body = """
      fround rf10, rf1
      ftrunc rf11, rf1
      ffloor rf12, rf1
      fceil rf13, rf1
      ftoin rf14, rf1
      ftoiz rf15, rf1
      ftouz rf16, rf1
      itof rf17, rf2
      utof rf18, rf2
      """
    let result = try Harness.run(
      Harness.program(body, storing: (10...18).map { "rf\($0)" }), a: inputs.map(\.bitPattern),
      b: integers)
    func saturated(_ x: Float, _ rule: FloatingPointRoundingRule) -> UInt32 {
      if x.isNaN { return 0 }
      let r = x.rounded(rule)
      if r >= 2_147_483_648 { return 0x7FFF_FFFF }
      if r < -2_147_483_648 { return 0x8000_0000 }
      return UInt32(bitPattern: Int32(r))
    }
    #expect(result.lanes(0) == inputs.map { $0.rounded(.toNearestOrEven).bitPattern })
    #expect(result.lanes(1) == inputs.map { $0.rounded(.towardZero).bitPattern })
    #expect(result.lanes(2) == inputs.map { $0.rounded(.down).bitPattern })
    #expect(result.lanes(3) == inputs.map { $0.rounded(.up).bitPattern })
    #expect(result.lanes(4) == inputs.map { saturated($0, .toNearestOrEven) })
    #expect(result.lanes(5) == inputs.map { saturated($0, .towardZero) })
    #expect(result.lanes(4)[0] == 2)  // ties to even
    #expect(
      result.lanes(6)
        == inputs.map { $0.isNaN || $0 <= 0 ? 0 : $0 >= 4_294_967_296 ? .max : UInt32($0) })
    #expect(result.lanes(7) == integers.map { Float(Int32(bitPattern: $0)).bitPattern })
    #expect(result.lanes(8) == integers.map { Float($0).bitPattern })
  }

  @Test func derivatives() throws {
    let inputs: [UInt32] = (0..<16).map { Float($0 * $0).bitPattern }
    let result = try Harness.run(
      Harness.program("fdx rf10, rf1\nfdy rf11, rf1", storing: ["rf10", "rf11"]), a: inputs)
    for lane in 0..<16 {
      let x = lane & ~1
      #expect(f(result.lanes(0)[lane]) == Float((x + 1) * (x + 1) - x * x))
      let top = (lane & ~3) | (lane & 1)
      #expect(f(result.lanes(1)[lane]) == Float((top + 2) * (top + 2) - top * top))
    }
  }

  @Test func packedHalfOperations() throws {
    let body = """
      vfpack rf10, rf1, rf2
      vfmin rf11, rf10, rf3
      vfmax rf12, rf10, rf3
      nop ; vfmul rf13, rf10, rf3
      vfmin rf14, rf10.swp, rf10
      vfmax rf15, rf1.ff, rf10
      """
    let x: [Float] = (0..<16).map { Float($0) * 0.37 - 2 }
    let y: [Float] = (0..<16).map { 5 - Float($0) * 0.61 }
    let source =
      Harness.prologue + "vfpack rf3, rf2, rf1\n" + body + "\n"
      + Harness.epilogue((10...15).map { "rf\($0)" })
    let result = try Harness.run(source, a: x.map(\.bitPattern), b: y.map(\.bitPattern))
    func h(_ v: Float) -> Float16 { Float16(v) }
    func word(_ low: Float16, _ high: Float16) -> UInt32 {
      UInt32(low.bitPattern) | UInt32(high.bitPattern) << 16
    }
    for lane in 0..<16 {
      let (hx, hy) = (h(x[lane]), h(y[lane]))
      #expect(result.lanes(0)[lane] == word(hx, hy))
      #expect(result.lanes(1)[lane] == word(min(hx, hy), min(hy, hx)))
      #expect(result.lanes(2)[lane] == word(max(hx, hy), max(hy, hx)))
      #expect(result.lanes(3)[lane] == word(hx * hy, hy * hx))
      #expect(result.lanes(4)[lane] == word(min(hy, hx), min(hx, hy)))
      #expect(result.lanes(5)[lane] == word(max(hx, hx), max(hx, hy)))
    }
  }

  @Test func halfConversionMatchesHostForEveryHalf() {
    for bits in 0...UInt16.max {
      let host = Float(Float16(bitPattern: bits))
      let ours = FloatBits.float(fromHalf: bits)
      if host.isNaN {
        #expect(Float(bitPattern: ours).isNaN)
      } else {
        #expect(ours == host.bitPattern)
      }
    }
    var state: UInt32 = 1
    for _ in 0..<20_000 {
      state = state &* 1_664_525 &+ 1_013_904_223
      let value = Float(bitPattern: state)
      if value.isNaN { continue }
      #expect(FloatBits.half(fromFloat: state) == Float16(value).bitPattern)
    }
  }
}
