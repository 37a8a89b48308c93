import Foundation
import Testing
import V3DRuntime

@testable import VCK

/// clz, popcount, clamp and mix against the CPU bit for bit; exp and log (built on the SFU's
/// exp2/log2) within the SFU's documented accuracy, on the emulator.
@Suite struct MathBuiltinTests {
  static let source = """
    kernel math(n: u32, a: *u32, b: *i32, x: *f32, y: *f32, out: *u32, f: *f32) {
        for i in gid() ..< n step gsize() {
            out[4 * i] = clz(a[i])
            out[4 * i + 1] = popcount(a[i])
            out[4 * i + 2] = clz(b[i]) + popcount(b[i]) * 64
            out[4 * i + 3] = clamp(a[i], 10, 1000)
            f[4 * i] = mix(x[i], y[i], 0.25)
            f[4 * i + 1] = exp(x[i])
            f[4 * i + 2] = log(y[i])
            f[4 * i + 3] = clamp(x[i], -1.0, 1.0)
            b[i] = clamp(b[i], -5, 5)
        }
    }
    """

  @Test func mathBuiltinsMatchTheCPU() throws {
    let device = Device.emulator()
    let kernel = try device.compile(source: Self.source, kernel: "math")
    let n = 300
    var generator = SystemRandomNumberGenerator()
    var a = (0..<n).map { _ in
      UInt32.random(in: 0...UInt32.max, using: &generator)
        >> (UInt32.random(in: 0...31, using: &generator))
    }
    a[0] = 0
    a[1] = UInt32.max
    let b = (0..<n).map { _ in Int32.random(in: Int32.min...Int32.max, using: &generator) >> 20 }
    let x = (0..<n).map { _ in Float.random(in: -20...20, using: &generator) }
    let y = (0..<n).map { _ in Float.random(in: 1e-3...1e4, using: &generator) }
    let bBuffer = try device.makeBuffer(b)
    let out = try device.makeBuffer(of: UInt32.self, count: 4 * n)
    let f = try device.makeBuffer(of: Float.self, count: 4 * n)
    try kernel.launch(
      UInt32(n), try device.makeBuffer(a), bBuffer, try device.makeBuffer(x),
      try device.makeBuffer(y), out, f)
    var worstExp = 0.0
    var worstLog = 0.0
    for i in 0..<n {
      let bits = UInt32(bitPattern: b[i])
      #expect(out[4 * i] == UInt32(a[i].leadingZeroBitCount), "clz(\(a[i]))")
      #expect(out[4 * i + 1] == UInt32(a[i].nonzeroBitCount), "popcount(\(a[i]))")
      #expect(
        out[4 * i + 2]
          == UInt32(bits.leadingZeroBitCount) &+ UInt32(bits.nonzeroBitCount) &* 64)
      #expect(out[4 * i + 3] == min(max(a[i], 10), 1000))
      #expect(f[4 * i] == x[i] + (y[i] - x[i]) * 0.25)
      #expect(f[4 * i + 3] == min(max(x[i], -1), 1))
      #expect(bBuffer[i] == min(max(b[i], -5), 5))
      worstExp = max(worstExp, abs(Double(f[4 * i + 1]) / Foundation.exp(Double(x[i])) - 1))
      worstLog = max(worstLog, abs(Double(f[4 * i + 2]) - Foundation.log(Double(y[i]))))
    }
    // The emulator's SFU is correctly rounded: what remains is the f32 scaling of the
    // argument (exp) or result (log). The hardware SFU adds about 1e-4 relative.
    #expect(worstExp < 4e-6, "exp: worst relative error \(worstExp)")
    #expect(worstLog < 1e-6 * 10, "log: worst absolute error \(worstLog)")
    print("exp: worst relative error \(worstExp); log: worst absolute error \(worstLog)")
  }
}
