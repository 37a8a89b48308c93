import Foundation
import Testing

/// `--threads` and `--thread-switches` of `vckc` and `vck run` (docs/backend.md §7b).
@Suite struct ThreadOptionTests {
  static let summation = CompilerOutputCommandTests.examples
    .appendingPathComponent("summation.vck").path

  @Test func vckcCompilesForFourThreadsWithSwitches() throws {
    let result = try ToolRunner.run(
      "vckc", ["--stats", "--threads", "4", "--thread-switches", Self.summation])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("4 threads per QPU"))
    #expect(!result.standardOutput.contains(" 0 thread switches"))
    let plain = try ToolRunner.run("vckc", ["--stats", Self.summation])
    #expect(plain.standardOutput.contains("2 threads per QPU, "))
    #expect(plain.standardOutput.contains(" 0 thread switches"))
    let wrong = try ToolRunner.run("vckc", ["--check", "--threads", "3", Self.summation])
    #expect(wrong.status == 64)
    #expect(wrong.standardError.contains("--threads takes 2 or 4, not 3"))
  }

  /// With switches on, `vck run` launches 8 batches per thread slot by default, and the
  /// partial sums still add up.
  @Test func vckRunLaunchesEightBatchesPerThread() throws {
    let n = 5000
    let source = ToolRunner.temporaryPath("threads-src.bin")
    let out = ToolRunner.temporaryPath("threads-dst.bin")
    var data = Data()
    for value in 0..<n {
      withUnsafeBytes(of: UInt32(value).littleEndian) { data.append(contentsOf: $0) }
    }
    try data.write(to: URL(fileURLWithPath: source))
    let result = try ToolRunner.run(
      "vck",
      [
        "run", Self.summation, "--threads", "4", "--thread-switches", "--arg", "n=\(n)",
        "--arg", "src=@\(source)", "--arg", "dst=zeros:512", "--out", "dst=\(out)", "--json",
      ], environment: ["VCK_DEVICE": "emulator"])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("\"batches\": 32"))
    let sums = try Data(contentsOf: URL(fileURLWithPath: out))
    let total = stride(from: 0, to: sums.count, by: 4).reduce(UInt32(0)) { sum, offset in
      sum &+ sums[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
    #expect(total == UInt32(n * (n - 1) / 2))
  }

  @Test func anArtifactKeepsHowItWasCompiled() throws {
    let artifact = ToolRunner.temporaryPath("threads.vckb")
    let compiled = try ToolRunner.run(
      "vckc", [Self.summation, "--threads", "4", "-o", artifact])
    #expect(compiled.status == 0, "\(compiled.standardError)")
    let refused = try ToolRunner.run(
      "vck",
      [
        "run", artifact, "--threads", "4", "--arg", "n=16", "--arg", "src=zeros:16",
        "--arg", "dst=zeros:128",
      ], environment: ["VCK_DEVICE": "emulator"])
    #expect(refused.status != 0)
    #expect(refused.standardError.contains("an artifact keeps what vckc compiled it with"))
  }
}
