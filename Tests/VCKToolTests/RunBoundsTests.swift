import Foundation
import Testing

/// `vck run` on the emulator stops a kernel at its first access outside a
/// buffer's exact size, naming the buffer, the lane, the address and the
/// instruction.
@Suite struct RunBoundsTests {
  func failure(_ source: String, _ arguments: [String]) throws -> String {
    let path = ToolRunner.temporaryPath("bounds.vck")
    try source.write(toFile: path, atomically: true, encoding: .utf8)
    return try failure(path: path, arguments)
  }

  func failure(path: String, _ arguments: [String]) throws -> String {
    let result = try ToolRunner.run(
      "vck", ["run", path] + arguments, environment: ["VCK_DEVICE": "emulator"])
    #expect(result.status != 0)
    return result.standardError
  }

  @Test func aStoreFarPastAFourElementBufferFails() throws {
    let message = try failure(
      "kernel k(n: u32, x: *u32) { x[gid() + 1000] = n }\n",
      ["--arg", "n=1", "--arg", "x=zeros:4"])
    #expect(message.contains("TMU store of 4 bytes"))
    #expect(message.contains("overruns buffer 'x' (16 bytes at 0x"))
    #expect(message.contains("by 3988 bytes (lane 0, address 0x"))
    #expect(message.contains("QPU 0 thread 0 (batch 0) pc 0x"))
    #expect(message.contains("tmua"))
  }

  @Test func aReadJustPastTheEndFails() throws {
    let message = try failure(
      "kernel k(x: *u32, y: *u32) { y[gid()] = x[gid() + 4] }\n",
      ["--arg", "x=zeros:4", "--arg", "y=zeros:4"])
    #expect(message.contains("TMU load of 4 bytes"))
    #expect(message.contains("overruns buffer 'x' (16 bytes at 0x"))
    #expect(message.contains("by 4 bytes (lane 0, address 0x"))
  }

  @Test func saxpyOverOneElementBuffersFails() throws {
    let message = try failure(
      path: RunCommandTests.saxpy,
      ["--arg", "n=1024", "--arg", "a=2", "--arg", "x=zeros:1", "--arg", "y=zeros:1"])
    #expect(message.contains("overruns buffer 'x' (4 bytes at 0x"))
    #expect(message.contains("by 4 bytes (lane 1, address 0x"))
  }
}
