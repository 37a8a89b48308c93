import Foundation
import Testing

/// The examples' command lines (issue 18): values that used to trap or be ignored are
/// refused with exit status 64 and one line naming the option; --help prints help.
@Suite struct ExampleCommandLineTests {
  static let emulator = ["VCK_DEVICE": "emulator"]

  /// Runs an example that must refuse its command line; returns the first line of its
  /// standard error.
  func refusal(_ example: String, _ arguments: [String]) throws -> String {
    let result = try ToolRunner.run(example, arguments, environment: Self.emulator)
    #expect(!result.signalled, "\(example) \(arguments) trapped: \(result.standardError)")
    #expect(result.status == 64, "\(example) \(arguments): \(result.status)")
    #expect(!result.standardOutput.contains("device:"), "\(example) \(arguments) ran the job")
    return result.standardError.split(separator: "\n").first.map(String.init) ?? ""
  }

  @Test func sizesThatOverflowedAreRefusedWithTheirRange() throws {
    let sgemm = try refusal("sgemm", ["--n", "4294967296"])
    #expect(sgemm.contains("'4294967296'") && sgemm.contains("--n") && sgemm.contains("64…2048"))
    for value in ["99999999999", "9223372036854775807"] {
      let line = try refusal("gpu-clock", ["--iterations", value])
      #expect(line.contains("'\(value)'") && line.contains("--iterations"))
      #expect(line.contains("1…2^32-1"))
    }
    let negative = try refusal("summation", ["--count", "-5"])
    #expect(negative.contains("'-5'") && negative.contains("256…2^26"))
  }

  @Test func unknownOptionsAndMissingValuesAreRefused() throws {
    #expect(try refusal("summation", ["--frobnicate", "--count", "1024"]).contains("--frobnicate"))
    #expect(try refusal("summation", ["--cout", "1024"]).contains("Unknown option '--cout'"))
    #expect(try refusal("summation", ["--count"]).contains("Missing value for '--count"))
    #expect(try refusal("sgemm", ["--n", "96"]).contains("multiple of 64"))
  }

  @Test(arguments: [
    ("summation", "--help"), ("summation", "-h"), ("gpu-clock", "--help"), ("memset", "--help"),
    ("scopy", "-h"), ("sgemm", "--help"),
  ])
  func helpPrintsTheOptionsInsteadOfRunning(example: String, flag: String) throws {
    let result = try ToolRunner.run(example, [flag], environment: Self.emulator)
    #expect(result.status == 0)
    #expect(!result.standardOutput.contains("device:"))
    #expect(result.standardOutput.contains("USAGE: \(example)"))
    #expect(result.standardOutput.contains("--json"))
    #expect(result.standardOutput.contains("--hand"))
    #expect(result.standardOutput.contains("default:"))
  }

  /// Every example's `--json`: the last line of standard output is one JSON object with
  /// the fields issue 11 lists, at the smallest size each example takes.
  @Test(arguments: [
    ("memset", ["--bytes", "1024"], "modelled_mb_per_s"),
    ("scopy", ["--count", "128"], "modelled_mb_per_s"),
    ("summation", ["--count", "256"], "modelled_mb_per_s"),
    ("summation", ["--count", "256", "--hand"], "modelled_mb_per_s"),
    ("sgemm", ["--n", "64"], "modelled_gflops"),
    ("gpu-clock", ["--iterations", "100"], "instructions"),
    ("histogram", ["--count", "1000"], "instructions"),
    ("blur", ["--width", "19", "--height", "3"], "modelled_mb_per_s"),
  ])
  func jsonIsTheLastLine(example: String, arguments: [String], rateKey: String) throws {
    let result = try ToolRunner.run(example, arguments + ["--json"], environment: Self.emulator)
    #expect(result.status == 0, "\(result.standardError)")
    let last = try #require(result.standardOutput.split(separator: "\n").last)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
    #expect(object["correct"] as? Bool == true)
    #expect(object["device"] as? String == "emulator")
    let instructions = try #require(object["instructions"] as? Int)
    #expect(instructions > 0)
    let modelled = try #require(object["modelled_seconds"] as? Double)
    #expect(modelled > 0)
    #expect((object["seconds"] as? Double ?? 0) > 0)
    #expect(object[rateKey] != nil)
    if let rate = object[rateKey] as? Double, rateKey == "modelled_mb_per_s" {
      // py-videocore6's count: 4 bytes per element.
      // (blur: a read and a write of each pixel of width × height.)
      let elements =
        example == "blur"
        ? Double(arguments[1])! * Double(arguments[3])! * 2
        : Double(arguments[1])! / (example == "memset" ? 4 : 1)
      #expect(abs(rate - elements * 4 / modelled / 1e6) < 1e-6 * rate)
    }
    let hand = arguments.contains("--hand") || example == "gpu-clock"  // its only kernel
    #expect(object["kernel"] as? String == (hand ? "hand" : "vck"))
  }
}
