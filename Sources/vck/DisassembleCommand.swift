import ArgumentParser

struct DisassembleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "disasm", abstract: "Disassemble QPU words.")
  func run() throws {}
}
