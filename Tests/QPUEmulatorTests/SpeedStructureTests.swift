import QPUISA
import Testing

@testable import QPUEmulator

/// The data structures made faster for speed (docs/emulator.md, "Speed")
/// against plain reference versions, and the lazily filled decode table.
@Suite struct SpeedStructureTests {
  /// A set-associative LRU cache written the obvious way (arrays, a list per
  /// set with the most recent line first).
  struct ReferenceCache {
    let sets: Int
    let ways: Int
    var entries: [[(line: UInt32, dirty: Bool)]]

    init(sets: Int, ways: Int) {
      self.sets = sets
      self.ways = ways
      entries = Array(repeating: [], count: sets)
    }

    /// (hit, a dirty line was evicted)
    mutating func access(_ line: UInt32, write: Bool) -> (Bool, Bool) {
      let set = Int(line % UInt32(sets))
      if let index = entries[set].firstIndex(where: { $0.line == line }) {
        let entry = entries[set].remove(at: index)
        entries[set].insert((line, entry.dirty || write), at: 0)
        return (true, false)
      }
      var wroteBack = false
      if entries[set].count == ways { wroteBack = entries[set].removeLast().dirty }
      entries[set].insert((line, write), at: 0)
      return (false, wroteBack)
    }

    var dirtyLines: Int { entries.reduce(0) { $0 + $1.filter(\.dirty).count } }
  }

  @Test func cacheModelMatchesAReferenceLRU() {
    var generator = SystemRandomNumberGenerator()
    for ways in [1, 2, 4, 8] {
      let cache = CacheModel(bytes: 64 * 4 * ways, ways: ways, lineBytes: 64)
      Self.expectMatchesReference(
        cache, ReferenceCache(sets: 4, ways: ways), lines: 40, using: &generator)
    }
  }

  /// Runs 5000 random reads and writes of `lines` lines on `cache` and on `reference`,
  /// expecting the same hits, write-backs and dirty lines.
  static func expectMatchesReference(
    _ cache: CacheModel, _ reference: ReferenceCache, lines: UInt32,
    using generator: inout SystemRandomNumberGenerator
  ) {
    var reference = reference
    for _ in 0..<5000 {
      let line = UInt32.random(in: 0..<lines, using: &generator)
      let write = Bool.random(using: &generator)
      let outcome = cache.access(line: line, write: write)
      let expected = reference.access(line, write: write)
      #expect(outcome.hit == expected.0)
      #expect(outcome.wroteBack == expected.1)
    }
    #expect(cache.dirtyLines == reference.dirtyLines)
  }

  @Test func capacityCalendarsAreIndependentAndServeInOrder() {
    let first = CapacityCalendar(unitsPerCycle: 1)
    let second = CapacityCalendar(unitsPerCycle: 1)
    // 256 units fill the first bucket of 256 cycles exactly.
    #expect(first.book(256, at: 0) == 256)
    // The second calendar has seen none of that.
    #expect(second.book(1, at: 0) == 1)
    // The first one's next unit waits for the second bucket.
    #expect(first.book(1, at: 0) == 257)
    // A booking far ahead grows the calendar.
    #expect(first.book(2, at: 1_000_000) == 1_000_002)
    #expect(first.used.count > 1_000_000 / 256)
    #expect(first.booked == 259)
  }

  @Test func codeAtTheEndOfALargeBufferIsDecodedOnDemand() throws {
    // 8 MiB of code buffer (a million words) of which the job runs the last few.
    let size = 8 << 20
    let program = try Assembler.assemble(
      Harness.program("add rf10, rf1, rf2", storing: ["rf10"])
    ).words
    let offset = size - (program.count + 4) * 8
    var bytes = [UInt8](repeating: 0, count: size)
    for (index, byte) in Harness.bytes(program).enumerated() { bytes[offset + index] = byte }
    let memory = GPUMemory()
    try memory.addBuffer(at: Harness.codeBase, contents: bytes)
    try memory.addBuffer(
      at: Harness.uniformBase,
      contents: Harness.bytes([Harness.dataBase, Harness.inputA, Harness.inputB, 0]))
    var data = [UInt8](repeating: 0, count: Harness.dataSize)
    let a = (0..<16).map { UInt32($0 + 1) }
    let b = (0..<16).map { UInt32(100 * $0) }
    for (index, byte) in Harness.bytes(a + b).enumerated() { data[0x1000 + index] = byte }
    try memory.addBuffer(at: Harness.dataBase, contents: data)
    let configuration = try CSDConfiguration([
      1 << 16, 1 << 16, 1 << 16, 15 << 12 | 16, 0, Harness.codeBase + UInt32(offset),
      Harness.uniformBase,
    ])
    _ = try Emulator(memory: memory).run(configuration, maxInstructions: 10_000)
    let result = memory.read(at: Harness.dataBase, count: 64) ?? []
    let words = stride(from: 0, to: result.count, by: 4).map {
      UInt32(result[$0]) | UInt32(result[$0 + 1]) << 8 | UInt32(result[$0 + 2]) << 16
        | UInt32(result[$0 + 3]) << 24
    }
    #expect(words == zip(a, b).map { $0 &+ $1 })
  }

  @Test func rawBufferWritesAndReadsNeedNoArrays() throws {
    let memory = GPUMemory()
    try memory.addBuffer(at: 0x1000, size: 16)
    let source: [UInt8] = [1, 2, 3, 4]
    #expect(source.withUnsafeBytes { memory.write($0, at: 0x100C) })
    #expect(!source.withUnsafeBytes { memory.write($0, at: 0x100D) })
    let seen = memory.withContents(ofBufferAt: 0x1000) { bytes in bytes.map { Array($0) } }
    #expect(seen == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4])
    #expect(memory.withContents(ofBufferAt: 0x2000) { $0 == nil })
  }
}
