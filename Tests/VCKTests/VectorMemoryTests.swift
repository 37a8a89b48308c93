import Foundation
import Testing
import V3DRuntime

@testable import VCK

/// vload2/vload4/vstore2/vstore4 on the emulator against the CPU: unmasked (the main loop)
/// and masked (the remainder, a varying `if`), a uniform index under varying control, a
/// length that is not a multiple of 16 × QPUs; bounds of every element; the alignment check.
@Suite struct VectorMemoryTests {
  static let source = """
    kernel vectors(n: u32, x: *f32, y: *f32, a: *i32, b: *i32, c: *u32) {
        for i in gid() ..< n step gsize() {
            let v = vload4(x, i)
            var w: [4]f32 = splat(0.0)
            unroll for k in 0 ..< 4 { w[k] = v[k] * 2.0 + f32(k) }
            vstore4(y, i, w)
            let p = vload2(a, 2 * i + 1)
            if p[0] > p[1] { vstore2(b, 2 * i, vload2(a, 2 * i)) }
            c[i] = bits(vload4(x, n - 1)[3]) + u32(i32(i % 3 == 0))
        }
    }
    """

  @Test(arguments: [(1, false), (37, false), (130, false), (37, true)])
  func vectorAccessMatchesTheCPU(vectors n: Int, switchThreads: Bool) throws {
    let device = Device.emulator()
    let kernel = try device.compile(
      source: Self.source, kernel: "vectors",
      options: CompileOptions(threadSwitching: switchThreads ? .always : .never, threadsPerQPU: 2))
    if switchThreads {
      let listing = kernel.compiled.assemblyListing()
      #expect(listing.contains("mov tmua, ") && listing.contains("; thrsw"))
    }
    var generator = SystemRandomNumberGenerator()
    let x = (0..<4 * n).map { _ in Float.random(in: -100...100, using: &generator) }
    let a = (0..<4 * n).map { _ in Int32.random(in: -50...50, using: &generator) }
    let y = try device.makeBuffer([Float](repeating: -1, count: 4 * n))
    let b = try device.makeBuffer([Int32](repeating: 7, count: 4 * n))
    let c = try device.makeBuffer(of: UInt32.self, count: n)
    try kernel.launch(
      UInt32(n), try device.makeBuffer(x), y, try device.makeBuffer(a), b, c,
      qpus: switchThreads ? 6 : 3)
    for i in 0..<n {
      for k in 0..<4 { #expect(y[4 * i + k] == x[4 * i + k] * 2 + Float(k)) }
      let taken = a[4 * i + 2] > a[4 * i + 3]
      #expect(b[4 * i] == (taken ? a[4 * i] : 7))
      #expect(b[4 * i + 1] == (taken ? a[4 * i + 1] : 7))
      #expect(b[4 * i + 2] == 7 && b[4 * i + 3] == 7)
      #expect(c[i] == x[4 * n - 1].bitPattern &+ (i % 3 == 0 ? 1 : 0))
    }
  }

  @Test func aVectorOneElementPastTheEndIsCaught() throws {
    let device = Device.emulator()
    let load = try device.compile(
      source: """
        kernel k(n: u32, x: *u32, y: *u32) {
            for i in gid() ..< n step gsize() {
                let v = vload4(x, i)
                y[i] = v[0] + v[1] + v[2] + v[3]
            }
        }
        """)
    // 3 vectors need 12 words; the last vector's fourth word is past a buffer of 11.
    #expect {
      try load.launch(
        UInt32(3), try device.makeBuffer(of: UInt32.self, count: 11),
        try device.makeBuffer(of: UInt32.self, count: 3), qpus: 1)
    } throws: { error in
      "\(error)".contains("overruns buffer 'x'") && "\(error)".contains("by 4 bytes")
    }
    try load.launch(
      UInt32(3), try device.makeBuffer(of: UInt32.self, count: 12),
      try device.makeBuffer(of: UInt32.self, count: 3), qpus: 1)
    let store = try device.compile(
      source: """
        kernel k(n: u32, y: *f32) {
            for i in gid() ..< n step gsize() { vstore2(y, i, splat(1.0)) }
        }
        """)
    #expect {
      try store.launch(UInt32(5), try device.makeBuffer(of: Float.self, count: 9), qpus: 1)
    } throws: { error in
      "\(error)".contains("TMU store") && "\(error)".contains("overruns buffer 'y'")
    }
  }

  @Test func misalignedBuffersAreRefusedNamingTheParameter() throws {
    try Kernel.checkAlignment(0x0010_0000, index: 0, name: "x")
    #expect {
      try Kernel.checkAlignment(0x0010_0008, index: 2, name: "src")
    } throws: { error in
      "\(error)".hasPrefix(
        "argument 3 ('src'): the buffer's GPU address 0x100008 is not a multiple of 16 bytes")
    }
  }

  @Test func aVectorLoadIsOneLookupOfFourWords() throws {
    let device = Device.emulator()
    let kernel = try device.compile(
      source: "kernel k(x: *u32, y: *u32) { let v = vload4(x, lane()); y[lane()] = v[1] + v[3] }")
    let listing = kernel.compiled.assemblyListing()
    #expect(listing.components(separatedBy: "mov tmuc, -4").count - 1 == 1, "\(listing)")
    #expect(listing.components(separatedBy: "ldtmu").count - 1 == 4, "\(listing)")
    #expect(listing.components(separatedBy: "tmua").count - 1 == 2, "\(listing)")
    let x = try device.makeBuffer((0..<64).map { UInt32($0) })
    let y = try device.makeBuffer(of: UInt32.self, count: 16)
    try kernel.launch(x, y, qpus: 1)
    for lane in 0..<16 { #expect(y[lane] == UInt32(8 * lane + 4)) }
  }
}
