import Foundation
import Testing

/// Runs a built executable of this package and captures its output.
struct ToolRunner {
  struct Result {
    let status: Int32
    /// Whether the process was ended by a signal (a trap), not by exit.
    let signalled: Bool
    let standardOutput: String
    let standardError: String
  }

  /// The directory holding the package's built products (next to the test bundle).
  static let productsDirectory: URL = {
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    while url.pathComponents.count > 1 {
      url.deleteLastPathComponent()
      if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("vck").path) {
        return url
      }
    }
    return URL(fileURLWithPath: ".build/debug")
  }()

  /// Runs `tool` with arguments and standard input.
  static func run(
    _ tool: String, _ arguments: [String], input: String = "", environment: [String: String] = [:]
  ) throws -> Result {
    let process = Process()
    process.executableURL = productsDirectory.appendingPathComponent(tool)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      signalled: process.terminationReason == .uncaughtSignal,
      standardOutput: String(decoding: out, as: UTF8.self),
      standardError: String(decoding: err, as: UTF8.self))
  }

  /// A fresh temporary file path.
  static func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent(
      "vck-\(UUID().uuidString)-\(name)"
    ).path
  }
}
