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
      word per line. Errors are reported as file:line: error: ... with a non-zero exit status. \
      A condition on an operation that is a nop (nop.ifa) is a warning \
      (file:line: warning: ...): the hardware runs the word, but the condition governs no write.
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
    for (instruction, line) in zip(program.instructions, program.sourceLines) {
      for warning in AssembleCommand.uselessConditions(instruction) {
        printError("\(input.name):\(line): warning: \(warning)")
      }
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

extension AssembleCommand {
  /// Why the instruction's condition suffixes do nothing: a condition on an ALU half whose
  /// operation is a nop (there is no write for it to govern). The word is valid and the hardware runs it
  /// (no pipeline rule of the validator forbids it), so this is a warning, not an error.
  static func uselessConditions(_ instruction: Instruction) -> [String] {
    guard case .alu(let alu) = instruction else { return [] }
    var warnings: [String] = []
    func check(_ flags: ALUFlags, _ half: String) {
      if let condition = flags.condition {
        warnings.append(
          "condition .\(condition) on the \(half) operation, which is a nop: it has no effect")
      }
    }
    if alu.add.opcode == .nop { check(alu.add.flags, "add") }
    if alu.mul.opcode == .nop { check(alu.mul.flags, "mul") }
    return warnings
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
