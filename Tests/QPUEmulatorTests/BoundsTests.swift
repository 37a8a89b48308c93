import QPUISA
import Testing

@testable import QPUEmulator

/// TMU loads, stores and atomics are checked against each buffer's exact size,
/// to the byte, in strict and non-strict mode; the error names the buffer and
/// by how many bytes the access missed it.
@Suite struct BoundsTests {
  static let x: UInt32 = 0x3000_0000
  static let xSize = 16

  /// What a single TMU access does.
  enum Access {
    case load, store, atomic
  }

  /// One batch whose 16 lanes all make one access of `type` (TMU data type:
  /// 5 = u8, 7 = 32-bit) at `address`; the config comes from the uniform stream.
  func run(_ access: Access, type: UInt32, at address: UInt32, strict: Bool) throws -> GPUMemory {
    let operation: UInt32 = access == .atomic ? 0 : 15  // atomic add, or plain
    let config = 0xFFFF_FF00 | operation << 3 | type
    var source = "nop ; nop ; ldunifrf.rf20\n"
    if access != .load { source += "mov tmud, 1\n" }
    source += "mov tmuau, rf20\n"
    if access != .store { source += "nop ; nop ; ldtmu.r0\n" }
    source += "tmuwt -\n" + Harness.end
    let words = try Assembler.assemble(source).words
    let memory = GPUMemory()
    try memory.addBuffer(at: Harness.codeBase, contents: Harness.bytes(words), name: "code")
    try memory.addBuffer(
      at: Harness.uniformBase, contents: Harness.bytes([address, config]), name: "uniforms")
    try memory.addBuffer(at: BoundsTests.x, size: BoundsTests.xSize, name: "x")
    _ = try Emulator(memory: memory).run(
      try Harness.configuration(), maxInstructions: 10_000, strict: strict)
    return memory
  }

  func failure(_ access: Access, type: UInt32, at address: UInt32, strict: Bool)
    -> EmulatorError?
  {
    do {
      _ = try run(access, type: type, at: address, strict: strict)
      return nil
    } catch let error as EmulatorError {
      return error
    } catch {
      Issue.record("unexpected error \(error)")
      return nil
    }
  }

  @Test(arguments: [true, false])
  func lastBytesAreInside(strict: Bool) throws {
    _ = try run(.load, type: 5, at: BoundsTests.x + 15, strict: strict)
    let memory = try run(.store, type: 7, at: BoundsTests.x + 12, strict: strict)
    #expect(memory.read(at: BoundsTests.x + 12, count: 4) == [1, 0, 0, 0])
    let atomic = try run(.atomic, type: 7, at: BoundsTests.x, strict: strict)
    #expect(atomic.read(at: BoundsTests.x, count: 4) == [16, 0, 0, 0])
  }

  @Test(arguments: [true, false])
  func oneBytePastTheEnd(strict: Bool) {
    let end = BoundsTests.x + UInt32(BoundsTests.xSize)
    let cases: [(Access, UInt32, UInt32, String)] = [
      (
        .load, 5, end,
        "TMU load of 1 byte at 0x30000010 overruns buffer 'x' (16 bytes at 0x30000000) by 1 byte"
      ),
      (
        .load, 7, end - 3,
        "TMU load of 4 bytes at 0x3000000d overruns buffer 'x' (16 bytes at 0x30000000) by 1 byte"
      ),
      (
        .store, 5, end,
        "TMU store of 1 byte at 0x30000010 overruns buffer 'x' (16 bytes at 0x30000000) by 1 byte"
      ),
      (
        .store, 7, end - 3,
        "TMU store of 4 bytes at 0x3000000d overruns buffer 'x' (16 bytes at 0x30000000) by 1 byte"
      ),
      (
        .atomic, 7, end - 3,
        "TMU atomic of 4 bytes at 0x3000000d overruns buffer 'x' (16 bytes at 0x30000000) by 1 byte"
      ),
      (
        .atomic, 7, end + 4000,
        "TMU atomic of 4 bytes at 0x30000fb0 overruns buffer 'x' (16 bytes at 0x30000000) by 4004 bytes"
      ),
    ]
    for (access, type, address, message) in cases {
      let error = failure(access, type: type, at: address, strict: strict)
      #expect(error?.kind == .outOfBounds, "\(access) at \(address)")
      #expect(error?.message == message)
      #expect(error?.lane == 0)
      #expect(error?.address == address)
      #expect(error?.location?.qpu == 0)
      #expect(error?.location?.disassembly.contains("tmuau") == true)
      #expect(error?.location?.pc == Harness.codeBase + (access == .load ? 8 : 16))
      #expect(error?.description.contains("QPU 0 thread 0 (batch 0) pc 0x100000") == true)
    }
  }

  @Test(arguments: [true, false])
  func oneByteBeforeTheStart(strict: Bool) {
    let cases: [(Access, UInt32, UInt32, String)] = [
      (
        .load, 5, BoundsTests.x - 1,
        "TMU load of 1 byte at 0x2fffffff starts 1 byte before the start of buffer 'x' (16 bytes at 0x30000000)"
      ),
      (
        .store, 7, BoundsTests.x - 1,
        "TMU store of 4 bytes at 0x2fffffff starts 1 byte before the start of buffer 'x' (16 bytes at 0x30000000)"
      ),
      (
        .atomic, 7, BoundsTests.x - 4,
        "TMU atomic of 4 bytes at 0x2ffffffc starts 4 bytes before the start of buffer 'x' (16 bytes at 0x30000000)"
      ),
    ]
    for (access, type, address, message) in cases {
      let error = failure(access, type: type, at: address, strict: strict)
      #expect(error?.kind == .outOfBounds, "\(access) at \(address)")
      #expect(error?.message == message)
      #expect(error?.lane == 0)
    }
  }

  @Test func theNearestBufferIsNamed() {
    let memory = GPUMemory()
    try? memory.addBuffer(at: 0x1000, size: 8, name: "a")
    try? memory.addBuffer(at: 0x2000, size: 8)
    #expect(
      memory.outOfBoundsDescription(0x1010, 4)
        == "overruns buffer 'a' (8 bytes at 0x00001000) by 12 bytes")
    #expect(
      memory.outOfBoundsDescription(0x1ffe, 4)
        == "starts 2 bytes before the start of the buffer of 8 bytes at 0x00002000")
    #expect(
      memory.outOfBoundsDescription(0x2008, 1)
        == "overruns the buffer of 8 bytes at 0x00002000 by 1 byte")
  }
}
