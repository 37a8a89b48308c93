import ArgumentParser
import Foundation
import QPUISA

struct AssembleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "asm",
    abstract: "Assemble V3D 4.2 QPU text assembly.",
    discussion: """
      Reads Mesa-syntax assembly (one instruction per line; labels `name:`; branch targets \
      by label; # and // comments) from FILE or standard input and prints one hexadecimal \
      word per line. Errors are reported as file:line: error: ... with a non-zero exit status.
      """)

  @Argument(help: "Input file (default: standard input).")
  var file: String?

  @Option(name: .short, help: "Write the words as raw little-endian bytes to this file.")
  var output: String?

  func run() throws {
    let input = try InputFile(path: file)
    let program: AssembledProgram
    do {
      program = try Assembler.assemble(input.text, fileName: input.name)
    } catch {
      printError(error.description)
      throw ExitCode.failure
    }
    if let output {
      var bytes = Data(capacity: program.words.count * 8)
      for word in program.words {
        withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
      }
      guard FileManager.default.createFile(atPath: output, contents: bytes) else {
        throw failure("error: cannot write '\(output)'")
      }
    } else {
      for word in program.words { print("0x" + String(word, radix: 16).leftPadded(to: 16)) }
    }
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
