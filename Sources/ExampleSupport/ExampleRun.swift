import Foundation
import V3DRuntime

/// What every example prints: the device, the time, the throughput, and on
/// the emulator its instruction count and cycle estimate.
public struct ExampleReport {
  public let name: String
  public let device: Device

  public init(name: String, device: Device) {
    self.name = name
    self.device = device
    print("device: \(device.info)")
  }

  /// Prints a launch's time and throughput (`amount` of `unit` per second).
  public func report(_ result: LaunchResult, amount: Double, unit: String, label: String? = nil) {
    let rate = amount / max(result.seconds, 1e-9)
    let what = label.map { " (\($0))" } ?? ""
    print(
      "\(name)\(what): \(String(format: "%.3f", result.seconds)) s, "
        + "\(String(format: "%.2f", rate / 1e6)) M\(unit)/s")
    if let instructions = result.counters["instructions"], let cycles = result.counters["cycles"] {
      let clock = Double(device.info.clockHz ?? 500_000_000)
      print(
        "emulator: \(instructions) QPU instructions, \(cycles) estimated cycles "
          + "(\(String(format: "%.3f", Double(cycles) / clock * 1e3)) ms at "
          + "\(Int(clock / 1e6)) MHz, \(String(format: "%.2f", amount / (Double(cycles) / clock) / 1e6)) "
          + "M\(unit)/s on a Pi 4)")
    }
    for warning in result.warnings.prefix(5) { print(warning) }
  }

  /// Prints the verification outcome; exits with failure if it failed.
  public func verify(_ passed: Bool, _ detail: String) {
    print("result: \(passed ? "correct" : "WRONG") (\(detail))")
    if !passed { exit(1) }
  }
}

/// Runs an example body, printing runtime errors plainly and exiting non-zero.
public func runExample(_ body: () throws -> Void) {
  do {
    try body()
  } catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
  }
}

/// The value of `--name N` on the command line, or `defaultValue`.
public func integerOption(_ name: String, default defaultValue: Int) -> Int {
  let arguments = CommandLine.arguments
  guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count else {
    return defaultValue
  }
  guard let value = Int(arguments[index + 1]), value > 0 else {
    FileHandle.standardError.write(Data("error: --\(name) takes a positive integer\n".utf8))
    exit(2)
  }
  return value
}
