import ArgumentParser
import Foundation
import QPUBackend
import QPUEmulator
import QPUISA
import V3DRuntime
import VCK
import VCKLang

struct ProfileCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "profile",
    abstract: "Run a kernel on the emulator and print where its modelled Pi 4 time goes.",
    discussion: """
      Takes the same arguments as `vck run`, and always runs on the emulator. Prints the \
      kernel's listing with, for each instruction, how often it ran (all QPUs and threads), \
      its stall cycles by cause and its share of the modelled QPU time (hot lines marked \
      `>>`), with the source lines of a .vck kernel interleaved; then a summary: the modelled \
      Pi 4 time, the achieved GB/s and Gflop/s, and the limit that bound the job. \
      --trace FILE.json writes a Chrome trace-event file (Perfetto, chrome://tracing) with \
      one track per QPU thread. docs/emulator.md explains how to read both.
      """)

  @OptionGroup var runOptions: RunCommand

  @Option(
    name: .customLong("trace"),
    help: ArgumentHelp(
      "Write a Chrome trace-event file of what each QPU thread did.", valueName: "FILE.json"))
  var tracePath: String?

  @Option(
    name: .customLong("trace-limit"),
    help: ArgumentHelp("The most intervals the trace keeps (1…10000000).", valueName: "N"))
  var traceLimit: Int = 200_000

  func validate() throws {
    guard (1...10_000_000).contains(traceLimit) else {
      throw ValidationError("--trace-limit must be in 1…10000000, not \(traceLimit)")
    }
  }

  func run() throws {
    let options = EmulatorOptions(
      profile: true, timelineCapacity: tracePath == nil ? nil : traceLimit)
    let compiled: CompiledKernel
    let result: LaunchResult
    do {
      (compiled, result) = try runOptions.execute(on: Device.emulator(options: options))
    } catch let error as ExitCode {
      throw error
    } catch let error as CompileError {
      let message = error.message.hasSuffix("\n") ? String(error.message.dropLast()) : error.message
      throw failure(message)
    } catch {
      throw failure("error: \(error)")
    }
    guard let timing = result.timing, let profile = timing.profile else {
      throw failure("error: the launch returned no profile")
    }
    var sourceLine: ((Int) -> String?)?
    if !runOptions.file.hasSuffix(".vckb"),
      let data = FileManager.default.contents(atPath: runOptions.file)
    {
      let file = SourceFile(path: runOptions.file, bytes: [UInt8](data))
      sourceLine = { offset in
        offset >= 0 && offset <= data.count ? file.numberedLine(at: offset) : nil
      }
    }
    print(
      ProfileReport(kernel: compiled, timing: timing, profile: profile, counters: result.counters)
        .render(sourceLine: sourceLine))
    if let tracePath, let timeline = timing.timeline {
      try ChromeTrace.write(timeline, clockHz: timing.parameters.clockHz, to: tracePath)
    }
  }
}
