import Foundation
import Testing

/// `vck run` with empty buffers and n = 0, launch sizes beyond 16 batches, and messages in
/// the language's terms (issue 16).
@Suite struct RunCommandEdgeTests {
  static let emulator = ["VCK_DEVICE": "emulator"]

  func source(_ text: String) throws -> String {
    let path = ToolRunner.temporaryPath("kernel.vck")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func emptyBuffersAndNZeroRun() throws {
    let empty = ToolRunner.temporaryPath("empty.bin")
    #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
    let out = ToolRunner.temporaryPath("y.bin")
    let result = try ToolRunner.run(
      "vck",
      [
        "run", RunCommandTests.saxpy, "--arg", "n=0", "--arg", "a=2", "--arg", "x=zeros:0",
        "--arg", "y=@\(empty)", "--out", "y=\(out)", "--json",
      ], environment: Self.emulator)
    #expect(result.status == 0, "\(result.standardError)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: out)).isEmpty)
    #expect(result.standardError.contains("modelled Pi 4 time"))
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(object["kernel"] as? String == "saxpy")
    #expect(object["device"] as? String == "emulator")
    #expect(object["batches"] as? Int == 8)
    #expect((object["modelled_seconds"] as? Double ?? 0) > 0)
    #expect((object["instructions"] as? Int ?? 0) > 0)
  }

  @Test func aOneLanePerElementKernelIsSizedFromItsProblem() throws {
    let kernel = try source(
      """
      kernel triple(n: u32, dst: *u32) {
          let i = gid()
          if i < n { dst[i] = i * 3 }
      }
      """)
    let out = ToolRunner.temporaryPath("dst.bin")
    let result = try ToolRunner.run(
      "vck", ["run", kernel, "--arg", "n=1000", "--arg", "dst=zeros:1000", "--out", "dst=\(out)"],
      environment: Self.emulator)
    #expect(result.status == 0, "\(result.standardError)")
    #expect(
      result.standardError.contains(
        "launch: 63 batch(es) of 16 lanes (one lane per element of n = 1000)"))
    let data = try Data(contentsOf: URL(fileURLWithPath: out))
    let values = stride(from: 0, to: data.count, by: 4).map { offset in
      (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[offset + $1]) << (8 * $1) }
    }
    #expect(values == (0..<1000).map { UInt32($0 * 3) })
    // --qpus picks the size; a grid-stride kernel defaults to 8 and takes more than 16.
    let explicit = try ToolRunner.run(
      "vck", ["run", kernel, "--arg", "n=10", "--arg", "dst=zeros:10", "--qpus", "2"],
      environment: Self.emulator)
    #expect(explicit.standardError.contains("launch: 2 batch(es) of 16 lanes (--qpus 2)"))
    let saxpy = try ToolRunner.run(
      "vck",
      [
        "run", RunCommandTests.saxpy, "--arg", "n=8", "--arg", "a=2", "--arg", "x=zeros:8",
        "--arg", "y=zeros:8",
      ], environment: Self.emulator)
    #expect(saxpy.standardError.contains("launch: 8 batch(es)"))
    let wide = try ToolRunner.run(
      "vck",
      [
        "run", RunCommandTests.saxpy, "--arg", "n=8", "--arg", "a=2", "--arg", "x=zeros:8",
        "--arg", "y=zeros:8", "--qpus", "40",
      ], environment: Self.emulator)
    #expect(wide.status == 0, "\(wide.standardError)")
  }

  @Test func messagesReadInTheLanguagesTerms() throws {
    func error(_ arguments: [String]) throws -> String {
      let result = try ToolRunner.run("vck", ["run"] + arguments, environment: Self.emulator)
      #expect(result.status != 0)
      #expect(!result.standardError.contains("VCKIR") && !result.standardError.contains("scalar("))
      return result.standardError
    }
    let saxpy = RunCommandTests.saxpy
    #expect(try error([saxpy, "--arg", "n=4"]).contains("missing --arg a=… (a is f32)"))
    #expect(
      try error([
        saxpy, "--arg", "n=4", "--arg", "a=1e40", "--arg", "x=zeros:4", "--arg", "y=zeros:4",
      ])
      .contains("a is f32: '1e40' is out of range"))
    let bad = try source("kernel k(n: u32) {\n  let x: f32 = n\n}\n")
    let compile = try error([bad, "--arg", "n=1"])
    #expect(compile.hasPrefix("\(bad):2:"))
    #expect(!compile.contains("error: \(bad)"))
    let barrier = try source(
      "kernel k(n: u32, dst: *u32) {\n  let i = gid()\n  if i < n { dst[i] = n }\n  barrier()\n}\n")
    #expect(
      try error([barrier, "--arg", "n=1000", "--arg", "dst=zeros:1000"])
        .contains("calls barrier(), so a launch has at most 16"))
  }
}
