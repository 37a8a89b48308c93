import Foundation
import Testing

/// `vck profile`: the annotated listing with source lines, the summary, and the trace.
@Suite struct ProfileCommandTests {
  @Test func profilesSaxpyWithSourceLinesAndASummary() throws {
    let trace = ToolRunner.temporaryPath("saxpy-trace.json")
    let result = try ToolRunner.run(
      "vck",
      [
        "profile", RunCommandTests.saxpy, "--arg", "n=1024", "--arg", "a=2", "--arg",
        "x=zeros:1024", "--arg", "y=zeros:1024", "--trace", trace,
      ], environment: ["VCK_DEVICE": "emulator"])
    #expect(result.status == 0, "\(result.standardError)")
    let output = result.standardOutput
    // The source statement (line 3 of saxpy.vck) precedes the code it became.
    #expect(output.contains("   // 3: for i in gid() ..< n step gsize() {"))
    #expect(output.contains(">> 0x"))
    #expect(output.contains("modelled Pi 4 time: "))
    // 1024 multiply-adds, all lanes active: 2048 float operations in the modelled time.
    let compute = try #require(
      output.split(separator: "\n").first { $0.hasPrefix("memory: ") })
    let gflops = try #require(
      Double(compute.split(separator: "compute: ").last?.split(separator: " ").first ?? ""))
    let seconds = try #require(
      output.split(separator: "\n").first { $0.hasPrefix("modelled Pi 4 time: ") }.flatMap {
        Double($0.dropFirst("modelled Pi 4 time: ".count).prefix { $0 != " " })
      })
    #expect(abs(gflops - 2048 / seconds / 1e9) <= 0.0015)
    let traceData = try Data(contentsOf: URL(fileURLWithPath: trace))
    #expect(String(decoding: traceData, as: UTF8.self).contains("\"ph\":\"X\""))
  }
}
