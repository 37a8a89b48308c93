import QPUEmulator
import QPUISA

/// A hand-written single-precision matrix multiply C = A·B (row-major, m×k
/// times k×n) for the QPUs, used by the benchmark and, at small sizes, by the
/// tests. The benchmark package compiles this same file (a symbolic link).
///
/// Each batch takes 16×16 tiles of C in turn. A tile keeps its 16 rows in
/// rf10…rf25; per k it reads a 16-wide row of B through the TMU (issued two
/// rows ahead) and the 16 values A[i0…i0+15][k] from the unifa stream, which
/// reads A packed by the host into 16-row panels (panel[k][r] = A[i0+r][k]).
/// The inner loop is unrolled 8 times: 17 instructions per k, 16 of them
/// dual-issued `fadd` + `fmul`.
struct SGEMMKernel {
  let m: Int
  let n: Int
  let k: Int
  let batches: Int
  /// Jobs the tiles are split over (job j takes tiles j·batches + id + i·batches·jobs).
  let jobs: Int

  static let codeAddress: UInt32 = 0x1000_0000
  static let uniformAddress: UInt32 = 0x1100_0000
  static let aAddress: UInt32 = 0x2000_0000
  static let bAddress: UInt32 = 0x4000_0000
  static let cAddress: UInt32 = 0x6000_0000
  static let unroll = 8

  enum SizeError: Error { case unsupported(String) }

  init(m: Int, n: Int, k: Int, batches: Int = 16, jobs: Int = 1) throws {
    guard m % 16 == 0, n % 16 == 0, k % Self.unroll == 0, m > 0, n > 0, k > 0,
      (n / 16) & (n / 16 - 1) == 0, batches == 8 || batches == 16
    else {
      throw SizeError.unsupported("m, n multiples of 16, n/16 a power of two, k a multiple of 8")
    }
    (self.m, self.n, self.k, self.batches, self.jobs) = (m, n, k, batches, max(jobs, 1))
  }

  var tiles: Int { (m / 16) * (n / 16) }

  /// The kernel in text assembly.
  var source: String {
    var lines: [String] = []
    // Uniforms: A panels, B, C, tiles, tile step, 4n, 64k, log2(n/16), n/16 − 1, k/8,
    // first tile.
    for register in [50, 51, 52, 53, 54, 42, 44, 57, 58, 59, 39] {
      lines.append("nop ; nop ; ldunifrf.rf\(register)")
    }
    let idShift = batches == 16 ? 1 : 2
    lines += [
      "eidx r0", "shl rf56, r0, 2", "tidx r0", "shr r0, r0, \(idShift)", "and r0, r0, 15",
      "add rf55, r0, rf39",
      "tile:",
      "sub.pushc -, rf55, rf53",
      "b.na0 done", "nop", "nop", "nop",
      "shr r0, rf55, rf57",  // row block
      "and r1, rf55, rf58",  // column block
      "nop ; umul24 r2, r0, rf44",
      "add unifa, r2, rf50",
      "shl r1, r1, 6",
      "add r3, r1, rf56",
      "add r2, r3, rf51",  // B address of row 0 for this lane
      "mov tmua, r2",
      "nop ; umul24 rf47, r0, rf42",
      "shl rf47, rf47, 4",
      "add rf47, rf47, r3",
      "add rf47, rf47, rf52",  // C address of the tile's row 0
      "add r2, r2, rf42",
      "mov tmua, r2",
      "add r2, r2, rf42 ; mov r3, rf42",  // r2: next row to issue, r3: row stride
      "mov rf40, rf59",
    ]
    for pair in 0..<8 { lines.append("mov rf\(10 + 2 * pair), 0 ; mov rf\(11 + 2 * pair), 0") }
    lines += ["nop ; nop ; ldunifa", "nop ; nop ; ldtmu.r1", "loop:"]
    for step in 0..<Self.unroll {
      var body: [String] = ["mov tmua, r2 ; fmul r0, r5, r1 ; ldunifa"]
      for row in 1..<16 {
        body.append("fadd rf\(9 + row), rf\(9 + row), r0 ; fmul r0, r5, r1 ; ldunifa")
      }
      body.append("fadd rf25, rf25, r0 ; add r2, r2, r3 ; ldtmu.r1")
      if step == Self.unroll - 1 {
        body.insert(contentsOf: ["sub.pushz rf40, rf40, 1", "b.anyna loop"], at: body.count - 3)
      }
      lines += body
    }
    lines.append("nop ; nop ; ldtmu.r1")
    for row in 0..<16 {
      lines.append("mov tmud, rf\(10 + row)")
      lines.append("add rf47, rf47, rf42 ; mov tmua, rf47")
    }
    lines += [
      "add rf55, rf55, rf54",
      "b tile", "nop", "nop", "nop",
      "done:",
      "tmuwt -",
      "nop ; nop ; thrsw", "nop ; nop ; thrsw", "nop", "nop", "nop ; nop ; thrsw", "nop", "nop",
      "nop",
    ]
    return lines.joined(separator: "\n")
  }

  /// The uniforms of job `job`.
  func uniforms(job: Int = 0) -> [UInt32] {
    [
      Self.aAddress, Self.bAddress, Self.cAddress, UInt32(tiles), UInt32(batches * jobs),
      UInt32(4 * n), UInt32(64 * k), UInt32((n / 16).trailingZeroBitCount), UInt32(n / 16 - 1),
      UInt32(k / Self.unroll), UInt32(job * batches),
    ]
  }

  /// The seven CSD words: `batches` batches in 2-thread mode, one supergroup.
  var configuration: [UInt32] {
    [
      1 << 16, 1 << 16, 1 << 16, 15 << 12 | 16, UInt32(batches - 1), Self.codeAddress,
      Self.uniformAddress,
    ]
  }

  /// Memory holding code, uniforms, A packed into panels, B (+2 rows) and C.
  func memory(a: [Float], b: [Float]) throws -> GPUMemory {
    let memory = GPUMemory()
    let words = try Assembler.assemble(source).words
    try memory.addBuffer(at: Self.codeAddress, contents: Self.bytes(words + [0]))
    try memory.addBuffer(at: Self.uniformAddress, contents: Self.bytes(uniforms()))
    try memory.addBuffer(at: Self.aAddress, contents: Self.bytes(panels(a).map(\.bitPattern)))
    try memory.addBuffer(
      at: Self.bAddress,
      contents: Self.bytes(b.map(\.bitPattern) + Array(repeating: 0, count: 2 * n)))
    try memory.addBuffer(at: Self.cAddress, size: 4 * m * n)
    return memory
  }

  /// A packed into 16-row panels: panel[k][r] = A[i0 + r][k], plus 16 words of padding.
  func panels(_ a: [Float]) -> [Float] {
    var panels = [Float](repeating: 0, count: m * k + 16)
    for block in 0..<(m / 16) {
      for index in 0..<k {
        for row in 0..<16 {
          panels[block * 16 * k + index * 16 + row] = a[(block * 16 + row) * k + index]
        }
      }
    }
    return panels
  }

  /// Host buffers for A (packed), B and C that several jobs map at once.
  final class SharedBuffers: @unchecked Sendable {
    let a: UnsafeMutableRawBufferPointer
    let b: UnsafeMutableRawBufferPointer
    let c: UnsafeMutableRawBufferPointer

    init(_ kernel: SGEMMKernel, a: [Float], b: [Float]) {
      func buffer(_ words: [UInt32]) -> UnsafeMutableRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(
          byteCount: 4 * words.count, alignment: 16)
        words.withUnsafeBytes { buffer.copyMemory(from: $0) }
        return buffer
      }
      self.a = buffer(kernel.panels(a).map(\.bitPattern))
      self.b = buffer(b.map(\.bitPattern) + Array(repeating: 0, count: 2 * kernel.n))
      self.c = buffer(Array(repeating: 0, count: kernel.m * kernel.n))
    }

    deinit {
      a.deallocate()
      b.deallocate()
      c.deallocate()
    }

    /// C as floats.
    var result: [Float] { Array(c.bindMemory(to: Float.self)) }
  }

  /// The memory of job `job`: its own code and uniforms, the shared A, B and C mapped.
  func memory(job: Int, sharing buffers: SharedBuffers) throws -> GPUMemory {
    let memory = GPUMemory()
    let words = try Assembler.assemble(source).words
    try memory.addBuffer(at: Self.codeAddress, contents: Self.bytes(words + [0]))
    try memory.addBuffer(at: Self.uniformAddress, contents: Self.bytes(uniforms(job: job)))
    try memory.addBuffer(at: Self.aAddress, mapping: buffers.a)
    try memory.addBuffer(at: Self.bAddress, mapping: buffers.b)
    try memory.addBuffer(at: Self.cAddress, mapping: buffers.c)
    return memory
  }

  /// C after the job.
  func result(_ memory: GPUMemory) -> [Float] {
    let bytes = memory.contents(ofBufferAt: Self.cAddress) ?? []
    return stride(from: 0, to: bytes.count, by: 4).map {
      Float(
        bitPattern: UInt32(bytes[$0]) | UInt32(bytes[$0 + 1]) << 8 | UInt32(bytes[$0 + 2]) << 16
          | UInt32(bytes[$0 + 3]) << 24)
    }
  }

  /// The same products and sums in the same order as the kernel, on the CPU.
  func reference(a: [Float], b: [Float]) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
      for index in 0..<k {
        let x = a[i * k + index]
        for j in 0..<n { c[i * n + j] += x * b[index * n + j] }
      }
    }
    return c
  }

  static func bytes(_ words: [UInt32]) -> [UInt8] {
    words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
  }

  static func bytes(_ words: [UInt64]) -> [UInt8] {
    words.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
  }
}
