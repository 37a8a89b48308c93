import ArgumentParser
import Foundation

/// A command's input: a named file or standard input.
struct InputFile {
  let name: String
  let data: Data

  init(path: String?) throws {
    if let path, path != "-" {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw failure("error: cannot read '\(path)'")
      }
      self.name = path
      self.data = data
    } else {
      self.name = "<stdin>"
      self.data = FileHandle.standardInput.readDataToEndOfFile()
    }
  }

  /// The contents as UTF-8 text (invalid bytes replaced).
  var text: String { String(decoding: data, as: UTF8.self) }
}

/// Prints a message to standard error and returns the failing exit code to throw.
func failure(_ message: String) -> ExitCode {
  printError(message)
  return .failure
}

/// Writes a line to standard error.
func printError(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
}
