import QPUISA

@testable import QPUEmulator

/// Runs small hand-written QPU programs on the emulator.
///
/// Memory layout: code at ``codeBase``, uniforms at ``uniformBase``, a data
/// buffer at ``dataBase`` whose first 4 KiB receive results (``output``) and
/// whose second 4 KiB hold inputs (``inputA`` and ``inputB``, 16 words each).
enum Harness {
  static let codeBase: UInt32 = 0x1000_0000
  static let uniformBase: UInt32 = 0x2000_0000
  static let dataBase: UInt32 = 0x3000_0000
  static let inputA: UInt32 = dataBase + 0x1000
  static let inputB: UInt32 = dataBase + 0x1040
  static let dataSize = 0x8000

  struct Result {
    var memory: GPUMemory
    var statistics: RunStatistics

    /// `count` words of the data buffer from byte offset `offset`.
    func words(at offset: UInt32 = 0, count: Int = 16) -> [UInt32] {
      let bytes = memory.read(at: Harness.dataBase + offset, count: count * 4) ?? []
      return stride(from: 0, to: bytes.count, by: 4).map {
        UInt32(bytes[$0]) | UInt32(bytes[$0 + 1]) << 8 | UInt32(bytes[$0 + 2]) << 16
          | UInt32(bytes[$0 + 3]) << 24
      }
    }

    /// The 16 lanes stored by the epilogue's k-th store.
    func lanes(_ k: Int) -> [UInt32] { words(at: UInt32(k * 64)) }
  }

  static func bytes(_ words: [UInt32]) -> [UInt8] {
    words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
  }

  static func bytes(_ words: [UInt64]) -> [UInt8] {
    words.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
  }

  /// The configuration words of a job with `batches` batches.
  static func configuration(
    batches: Int = 1, fourThreads: Bool = false, singleSegment: Bool = false,
    workgroupSize: UInt32 = 16, batchesPerSupergroup: UInt32 = 16
  ) throws -> CSDConfiguration {
    try CSDConfiguration([
      1 << 16, 1 << 16, 1 << 16,
      (batchesPerSupergroup - 1) << 12 | (workgroupSize & 0xFF),
      UInt32(batches - 1),
      codeBase | (fourThreads ? 1 : 0) | (singleSegment ? 2 : 0),
      uniformBase,
    ])
  }

  /// Assembles and runs `source`; uniforms default to [dataBase, inputA, inputB].
  static func run(
    _ source: String, uniforms: [UInt32]? = nil, a: [UInt32] = [], b: [UInt32] = [],
    data: [UInt32] = [], configuration: CSDConfiguration? = nil, strict: Bool = true,
    maxInstructions: UInt64 = 100_000, timing: TimingParameters? = .pi4, hostThreads: Int = 1
  ) throws -> Result {
    let program = try Assembler.assemble(source)
    return try run(
      words: program.words, uniforms: uniforms, a: a, b: b, data: data,
      configuration: configuration, strict: strict, maxInstructions: maxInstructions,
      timing: timing, hostThreads: hostThreads)
  }

  static func run(
    words: [UInt64], uniforms: [UInt32]? = nil, a: [UInt32] = [], b: [UInt32] = [],
    data: [UInt32] = [], configuration: CSDConfiguration? = nil, strict: Bool = true,
    maxInstructions: UInt64 = 100_000, timing: TimingParameters? = .pi4, hostThreads: Int = 1
  ) throws -> Result {
    let memory = GPUMemory()
    try memory.addBuffer(at: codeBase, contents: bytes(words + [0, 0, 0, 0]))
    try memory.addBuffer(
      at: uniformBase, contents: bytes(uniforms ?? [dataBase, inputA, inputB]) + [0, 0, 0, 0])
    var initial = [UInt8](repeating: 0, count: dataSize)
    for (index, byte) in bytes(data).enumerated() { initial[index] = byte }
    for (index, byte) in bytes(a).enumerated() { initial[0x1000 + index] = byte }
    for (index, byte) in bytes(b).enumerated() { initial[0x1040 + index] = byte }
    try memory.addBuffer(at: dataBase, contents: initial)
    let emulator = Emulator(memory: memory)
    let statistics = try emulator.run(
      configuration ?? self.configuration(), maxInstructions: maxInstructions, strict: strict,
      timing: timing, hostThreads: hostThreads)
    return Result(memory: memory, statistics: statistics)
  }

  /// Loads inputA into rf1 and inputB into rf2, leaves rf63 = output address
  /// of lane (dataBase + 4·eidx) and rf62 = 64.
  static let prologue = """
    eidx r1 ; nop ; ldunif
    shl r1, r1, 2
    add rf63, r5, r1 ; nop ; ldunif
    add tmua, r5, r1 ; nop ; ldunif
    add tmua, r5, r1
    mov rf62, 8
    shl rf62, rf62, 3 ; nop ; ldtmu.rf1
    nop ; nop ; ldtmu.rf2

    """

  /// Stores each register's 16 lanes to consecutive 64-byte rows, then ends.
  static func epilogue(_ registers: [String]) -> String {
    var text = ""
    for register in registers {
      text += "mov tmud, \(register)\nmov tmua, rf63\nadd rf63, rf63, rf62\n"
    }
    return text + "tmuwt -\n" + end
  }

  /// The py-videocore6 program end (semantics.md §8.2).
  static let end = """
    nop ; nop ; thrsw
    nop ; nop ; thrsw
    nop
    nop
    nop ; nop ; thrsw
    nop
    nop
    nop

    """

  /// A program computing `body` between the prologue and a store of `results`.
  static func program(_ body: String, storing results: [String]) -> String {
    prologue + body + "\n" + epilogue(results)
  }
}
