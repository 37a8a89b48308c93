import ArgumentParser

extension VCKTool {
  /// Every `vck` subcommand; each lives in its own file.
  static let subcommandList: [any ParsableCommand.Type] = [
    DisassembleCommand.self,
    AssembleCommand.self,
    EmulateCommand.self,
    InfoCommand.self,
    RunCommand.self,
    ProfileCommand.self,
  ]
}
