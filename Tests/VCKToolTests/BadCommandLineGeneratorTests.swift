import Foundation
import Testing

/// One command line that must be refused.
struct BadCommandLine: Sendable, CustomTestStringConvertible {
  let tool: String
  let arguments: [String]
  /// Text the first line of standard error must contain (the option or parameter named).
  let mention: String

  var testDescription: String { ([tool] + arguments).joined(separator: " ") }
}

/// Generates bad command lines for every example and every `vck`/`vckc` subcommand:
/// numbers out of range (negative, 2^32, 2^63, 2^64, not a number) for each numeric option,
/// unknown options, and options missing their values (issue 18).
enum BadCommandLines {
  static let numbers = [
    "-1", "4294967296", "9223372036854775808", "18446744073709551616", "twelve",
  ]
  static let saxpy = RunCommandTests.saxpy
  static let configuration = "0x10000,0x10000,0x10000,0xF010,0,0x10000000,0x10001000"

  static var all: [BadCommandLine] {
    var lines: [BadCommandLine] = []
    // The examples: each numeric option, an unknown option, a missing value.
    let examples = [
      ("memset", "--bytes"), ("scopy", "--count"), ("summation", "--count"), ("sgemm", "--n"),
      ("gpu-clock", "--iterations"), ("histogram", "--count"), ("blur", "--width"),
      ("blur", "--height"),
    ]
    for (example, option) in examples {
      for number in numbers {
        lines.append(BadCommandLine(tool: example, arguments: [option, number], mention: option))
      }
      lines.append(BadCommandLine(tool: example, arguments: [option], mention: option))
      lines.append(
        BadCommandLine(tool: example, arguments: ["--hand", "--bogus"], mention: "--bogus"))
    }
    // vck emulate: every numeric option (parsing and validation come before any file is read).
    let emulate = ["emulate", "--memory", "/nonexistent", "--base"]
    // (--max-instructions takes 1…2^64-1, so 2^32 and 2^63 are counts it accepts.)
    for number in ["-1", "0", "18446744073709551616", "twelve"] {
      lines.append(
        BadCommandLine(
          tool: "vck",
          arguments: emulate + [
            "0x10000000", "--csd-cfg", configuration, "--max-instructions", number,
          ],
          mention: "--max-instructions"))
    }
    for number in numbers {
      lines.append(
        BadCommandLine(
          tool: "vck", arguments: emulate + [number, "--csd-cfg", configuration], mention: "--base")
      )
      lines.append(
        BadCommandLine(
          tool: "vck",
          arguments: emulate + ["0x10000000", "--csd-cfg", number + ",0,0,0,0,0,0"],
          mention: "--csd-cfg"))
    }
    // vck run: --qpus, a u32 scalar, a buffer's element count.
    func run(_ n: String, _ x: String, _ extra: [String] = []) -> [String] {
      ["run", saxpy, "--arg", "n=\(n)", "--arg", "a=1", "--arg", "x=\(x)", "--arg", "y=zeros:4"]
        + extra
    }
    for number in numbers {
      lines.append(
        BadCommandLine(
          tool: "vck", arguments: run("4", "zeros:4", ["--qpus", number]), mention: "--qpus"))
      lines.append(
        BadCommandLine(tool: "vck", arguments: run(number, "zeros:4"), mention: "n is u32"))
      lines.append(
        BadCommandLine(
          tool: "vck", arguments: run("4", "zeros:\(number)"), mention: "x: zeros:COUNT"))
    }
    // Unknown options and missing values of every subcommand, and of vckc.
    let required = [
      "emulate": ["--memory", "/nonexistent", "--base", "0", "--csd-cfg", configuration],
      "run": [saxpy],
    ]
    for subcommand in ["asm", "disasm", "emulate", "info", "run"] {
      lines.append(
        BadCommandLine(
          tool: "vck", arguments: [subcommand] + required[subcommand, default: []] + ["--bogus"],
          mention: "--bogus"))
    }
    lines += [
      BadCommandLine(tool: "vck", arguments: ["bogus"], mention: "bogus"),
      BadCommandLine(tool: "vck", arguments: ["asm", "-o"], mention: "-o"),
      BadCommandLine(tool: "vck", arguments: ["emulate", "--memory"], mention: "--memory"),
      BadCommandLine(tool: "vck", arguments: ["run", saxpy, "--arg"], mention: "--arg"),
      BadCommandLine(tool: "vck", arguments: ["run", saxpy, "--qpus"], mention: "--qpus"),
      BadCommandLine(tool: "vck", arguments: ["run", saxpy, "--lanes"], mention: "--lanes"),
      BadCommandLine(tool: "vckc", arguments: [saxpy, "--check", "--bogus"], mention: "--bogus"),
      BadCommandLine(tool: "vckc", arguments: [saxpy, "-o"], mention: "-o"),
      BadCommandLine(tool: "vckc", arguments: [saxpy, "-S", "--kernel"], mention: "--kernel"),
      BadCommandLine(tool: "vckc", arguments: [saxpy, "-S", "--schedule"], mention: "--schedule"),
      BadCommandLine(
        tool: "vckc", arguments: [saxpy, "-S", "--schedule", "fast"], mention: "fast"),
    ]
    return lines
  }
}

@Suite struct BadCommandLineGeneratorTests {
  @Test func theGeneratorCoversEveryExampleAndSubcommand() {
    let lines = BadCommandLines.all
    for tool in ["memset", "scopy", "summation", "sgemm", "gpu-clock", "histogram", "blur", "vckc"]
    {
      #expect(lines.contains { $0.tool == tool })
    }
    for subcommand in ["asm", "disasm", "emulate", "info", "run"] {
      #expect(lines.contains { $0.tool == "vck" && $0.arguments.first == subcommand })
    }
  }

  /// No signal, a non-zero exit, and a first line on standard error that says what is
  /// wrong and names the option (and nothing from the Swift runtime).
  @Test(arguments: BadCommandLines.all)
  func isRefusedCleanly(_ line: BadCommandLine) throws {
    let result = try ToolRunner.run(
      line.tool, line.arguments, environment: ["VCK_DEVICE": "emulator"])
    #expect(!result.signalled, "trapped: \(result.standardError)")
    #expect(result.status != 0)
    let first = result.standardError.split(separator: "\n").first.map(String.init) ?? ""
    #expect(first.lowercased().contains("error"), "\(result.standardError)")
    #expect(first.contains(line.mention), "\(result.standardError)")
    for trace in ["Fatal error", "runtime failure", "Stack dump", "Current stack trace"] {
      #expect(!result.standardError.contains(trace))
    }
    #expect(!result.standardOutput.contains("device:"))
  }
}
