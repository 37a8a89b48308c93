import Foundation

/// The figures of one run of an example executable, from the JSON object it prints as its
/// last line with `--json`.
struct ExampleRun {
  var correct: Bool
  var modelledSeconds: Double
  var rate: Double
  var instructions: Int
  /// The emulator's wall time for the launch on this machine.
  var seconds: Double

  /// Runs `executable --json OPTIONS` (`--hand` for the hand-written kernel) and reads its
  /// JSON line; throws with the example's own output when it fails or prints no figures.
  static func run(_ executable: URL, options: [String], rateKey: String) throws -> ExampleRun {
    let process = Process()
    process.executableURL = executable
    process.arguments = ["--json"] + options
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    let what = ([executable.lastPathComponent] + options).joined(separator: " ")
    guard process.terminationStatus == 0 else {
      throw TableError("\(what) exited with status \(process.terminationStatus):\n\(text)")
    }
    guard let last = text.split(separator: "\n").last,
      let object = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any],
      let correct = object["correct"] as? Bool,
      let modelled = object["modelled_seconds"] as? Double,
      let rate = object[rateKey] as? Double,
      let instructions = object["instructions"] as? Int,
      let seconds = object["seconds"] as? Double
    else {
      throw TableError(
        "\(what) printed no figures (is this an emulator run? `modelled_seconds` is null on "
          + "hardware):\n\(text)")
    }
    return ExampleRun(
      correct: correct, modelledSeconds: modelled, rate: rate, instructions: instructions,
      seconds: seconds)
  }
}

/// A failure of the table tool, with what to do about it.
struct TableError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
