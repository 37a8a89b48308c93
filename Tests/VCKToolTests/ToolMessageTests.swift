import Foundation
import Testing

/// Messages of `vck` that named the wrong problem (issue 18, 3), and `vck emulate --json`'s
/// modelled time.
@Suite struct ToolMessageTests {
  static let configuration = "0x10000,0x10000,0x10000,0xF010,0,0x10000000,0x10001000"

  /// A memory image holding the smallest complete program at its start.
  func image() throws -> String {
    let program = """
      nop ; nop ; thrsw
      nop ; nop ; thrsw
      nop
      nop
      nop ; nop ; thrsw
      nop
      nop
      """
    let code = ToolRunner.temporaryPath("end.bin")
    let asm = try ToolRunner.run("vck", ["asm", "-o", code], input: program)
    #expect(asm.status == 0, "\(asm.standardError)")
    var bytes = try Data(contentsOf: URL(fileURLWithPath: code))
    bytes.append(Data(count: 0x2000 - bytes.count))
    let path = ToolRunner.temporaryPath("image.bin")
    try bytes.write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func aNegativeBudgetIsCalledNotPositive() throws {
    let result = try ToolRunner.run(
      "vck",
      [
        "emulate", "--memory", try image(), "--base", "0x10000000", "--csd-cfg",
        Self.configuration, "--max-instructions", "-5",
      ])
    #expect(result.status == 64)
    #expect(!result.standardError.contains("Missing value"))
    #expect(result.standardError.contains("'-5'"))
    #expect(result.standardError.contains("positive"))
  }

  @Test func anEmptyMemoryFileIsCalledEmpty() throws {
    let empty = ToolRunner.temporaryPath("empty.bin")
    #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
    let result = try ToolRunner.run(
      "vck",
      ["emulate", "--memory", empty, "--base", "0x10000000", "--csd-cfg", Self.configuration])
    #expect(result.status != 0)
    #expect(result.standardError.contains("'\(empty)' is empty"))
    #expect(!result.standardError.contains("32-bit GPU addresses"))
  }

  @Test func emulateJSONCarriesTheModelledTime() throws {
    let result = try ToolRunner.run(
      "vck",
      [
        "emulate", "--memory", try image(), "--base", "0x10000000", "--csd-cfg",
        Self.configuration, "--json", "--out", ToolRunner.temporaryPath("out.bin"),
      ])
    #expect(result.status == 0, "\(result.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let cycles = try #require(object["cycles"] as? Int)
    let modelled = try #require(object["modelled_seconds"] as? Double)
    #expect(cycles > 0 && modelled > 0)
  }

  /// A condition on a nop governs no write. The word is valid and no pipeline rule of the
  /// validator forbids it, so `vck asm` assembles it and warns.
  @Test func aConditionOnANopIsAWarning() throws {
    let result = try ToolRunner.run(
      "vck", ["asm"], input: "add r0, r1, r2\nnop.ifa\nnop ; nop.ifnb\n")
    #expect(result.status == 0)
    #expect(result.standardOutput.split(separator: "\n").count == 3)
    let warnings = result.standardError.split(separator: "\n")
    #expect(warnings.count == 2)
    #expect(
      warnings.first?.hasPrefix("<stdin>:2: warning: condition .ifa on the add operation") == true)
    #expect(
      warnings.last?.hasPrefix("<stdin>:3: warning: condition .ifnb on the mul operation") == true)
    let clean = try ToolRunner.run("vck", ["asm"], input: "add.ifa r0, r1, r2\n")
    #expect(clean.status == 0 && clean.standardError.isEmpty)
  }
}
