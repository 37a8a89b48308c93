import ArgumentParser
import Foundation
import V3DRuntime

/// The work a launch does, counted the way py-videocore6's examples count it, so that
/// the rates compare with its published figures.
public enum CountedWork: Sendable {
  /// Bytes: reported as MB/s (`modelled_mb_per_s` in JSON).
  case bytes(Double)
  /// Floating-point operations: reported as Gflop/s (`modelled_gflops` in JSON).
  case flops(Double)
  /// Nothing to count (the job is its time).
  case none
}

/// What every example prints: the device, the time, the throughput, and on the emulator
/// its instruction count and the modelled Pi 4 time; with `--json`, one JSON object as
/// the last line of standard output.
public final class ExampleReport {
  public let name: String
  public let device: Device
  public let options: ExampleOptions
  private var timed: (result: LaunchResult, work: CountedWork)?

  public init(name: String, device: Device, options: ExampleOptions) {
    self.name = name
    self.device = device
    self.options = options
    print("device: \(device.info)")
  }

  /// Prints the timed launch's wall time and rate, and on the emulator its instruction
  /// count and modelled Pi 4 time; remembers them for the JSON line.
  public func report(_ result: LaunchResult, work: CountedWork, label: String? = nil) {
    timed = (result, work)
    let what = label.map { " (\($0))" } ?? ""
    print(
      "\(name)\(what): \(String(format: "%.3f", result.seconds)) s\(rate(work, result.seconds))")
    if let instructions = result.counters["instructions"], let modelled = result.modelledSeconds {
      let cycles = result.counters["cycles"].map { ", \($0) estimated cycles" } ?? ""
      print(
        "emulator: \(instructions) QPU instructions\(cycles); modelled Pi 4 time "
          + "\(String(format: "%.3f", modelled * 1e3)) ms\(rate(work, modelled))")
    }
    for warning in result.warnings.prefix(5) { print(warning) }
  }

  private func rate(_ work: CountedWork, _ seconds: Double) -> String {
    let time = max(seconds, 1e-9)
    switch work {
    case .bytes(let bytes): return String(format: ", %.2f MB/s", bytes / time / 1e6)
    case .flops(let flops): return String(format: ", %.3f Gflop/s", flops / time / 1e9)
    case .none: return ""
    }
  }

  /// Prints which version of the kernel runs.
  public func announce() {
    print(
      "kernel: \(options.hand ? "hand-written QPU assembly (--hand)" : "compiled from VCK")")
  }

  /// Prints the verification outcome (and with `--json` the JSON line); throws
  /// `ExitCode.failure` if the check failed.
  public func verify(_ passed: Bool, _ detail: String, extra: JSONLine? = nil) throws {
    print("result: \(passed ? "correct" : "WRONG") (\(detail))")
    if options.json { print(jsonLine(correct: passed, extra: extra)) }
    if !passed { throw ExitCode.failure }
  }

  /// The JSON object of the run: `correct`, `device`, `device_name`, `kernel`,
  /// `instructions`, `modelled_seconds`, `seconds`, the modelled rate, then `extra`'s fields.
  public func jsonLine(correct: Bool, extra: JSONLine? = nil) -> String {
    var line = JSONLine()
    line.add("example", name)
    line.add("correct", correct)
    line.add("device", device.info.kind.rawValue)
    line.add("device_name", device.info.name)
    line.add("kernel", options.hand ? "hand" : "vck")
    let result = timed?.result
    line.add("instructions", result?.counters["instructions"])
    let modelled = result?.modelledSeconds
    line.add("modelled_seconds", modelled)
    line.add("seconds", result?.seconds)
    switch timed?.work {
    case .bytes(let bytes)?:
      line.add("modelled_mb_per_s", modelled.map { bytes / max($0, 1e-12) / 1e6 })
    case .flops(let flops)?:
      line.add("modelled_gflops", modelled.map { flops / max($0, 1e-12) / 1e9 })
    case .none?, nil:
      break
    }
    var text = line.description
    if let extra, extra.description != "{}" {
      text = String(text.dropLast()) + ", " + String(extra.description.dropFirst())
    }
    return text
  }
}
