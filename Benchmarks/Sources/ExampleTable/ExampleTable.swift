// The examples side by side: each job compiled from examples/*.vck and hand-written, on
// the emulator at the examples' full sizes, with the timing model's Pi 4 time, the rate,
// the dynamic QPU instructions and the ratios to the hand-written kernel, in one run.
//
//   swift build -c release --product memset --product scopy --product summation --product sgemm
//   cd Benchmarks && swift run ExampleTable            # or: --bin ../.build/debug
import ArgumentParser
import Foundation

@main
struct ExampleTable: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Runs the examples compiled and hand-written and prints them side by side.",
    discussion: """
      Each example executable is run twice with --json (the kernel compiled from VCK, then \
      --hand) at its default size, on the default device (the emulator where no V3D GPU \
      exists). Build the examples in the root package first; release builds emulate much \
      faster, the modelled figures are the same in either.
      """)

  @Option(
    help: "The folder of the root package's example executables (default: ../.build/release).")
  var bin = "../.build/release"

  @Option(help: "Only these examples (comma-separated: memset,scopy,summation,sgemm).")
  var only: String?

  func run() throws {
    let folder = URL(fileURLWithPath: bin)
    let wanted = only.map { Set($0.split(separator: ",").map(String.init)) }
    let jobs = ExampleJob.all.filter { wanted?.contains($0.executable) ?? true }
    var rows: [String] = []
    for job in jobs {
      let executable = folder.appendingPathComponent(job.executable)
      guard FileManager.default.isExecutableFile(atPath: executable.path) else {
        throw TableError(
          "no executable \(executable.path): build it in the root package with "
            + "`swift build -c release --product \(job.executable)` or pass --bin")
      }
      let compiled = try ExampleRun.run(
        executable, options: job.compiledOptions, rateKey: job.rateKey)
      let hand = try ExampleRun.run(executable, options: ["--hand"], rateKey: job.rateKey)
      rows.append(Self.row(job, compiled: compiled, hand: hand))
      let note =
        "\(job.executable): emulated in \(Self.fixed(compiled.seconds, 1)) s (compiled), "
        + "\(Self.fixed(hand.seconds, 1)) s (hand-written)\n"
      FileHandle.standardError.write(Data(note.utf8))
    }
    print(Self.header.joined(separator: "\n"))
    print(rows.joined(separator: "\n"))
  }

  static let header = [
    "| job | compiled: modelled Pi 4 | hand-written: modelled Pi 4 | time compiled / hand "
      + "| QPU instructions compiled / hand | py-videocore6's kernel: modelled, measured on a Pi 4 |",
    "|---|---|---|---|---|---|",
  ]

  /// One markdown row: both kernels' modelled time and rate, the time ratio, the dynamic
  /// instruction counts and their ratio, and the published figure.
  static func row(_ job: ExampleJob, compiled: ExampleRun, hand: ExampleRun) -> String {
    func figures(_ run: ExampleRun) -> String {
      let verdict = run.correct ? "" : " (WRONG RESULT)"
      return "\(milliseconds(run.modelledSeconds)), \(rate(run.rate, job.rateUnit))\(verdict)"
    }
    let timeRatio = compiled.modelledSeconds / max(hand.modelledSeconds, 1e-12)
    let instructionRatio = Double(compiled.instructions) / Double(max(hand.instructions, 1))
    return "| `\(job.executable)` \(job.job) | \(figures(compiled)) | \(figures(hand)) | "
      + "\(fixed(timeRatio, 2)) | \(millions(compiled.instructions)) / "
      + "\(millions(hand.instructions)) = \(fixed(instructionRatio, 2)) | "
      + "\(rate(job.modelledReferenceRate, job.rateUnit)), "
      + "\(rate(job.publishedRate, job.rateUnit)) |"
  }

  static func milliseconds(_ seconds: Double) -> String { fixed(seconds * 1e3, 2) + " ms" }

  static func rate(_ value: Double, _ unit: String) -> String {
    (unit == "Gflop/s" ? fixed(value, 2) : fixed(value, 0)) + " " + unit
  }

  static func millions(_ count: Int) -> String { fixed(Double(count) / 1e6, 2) + " M" }

  static func fixed(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
  }
}
