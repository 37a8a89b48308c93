import ArgumentParser

struct AssembleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "asm", abstract: "Assemble QPU text.")
  func run() throws {}
}
