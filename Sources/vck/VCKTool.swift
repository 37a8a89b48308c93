import ArgumentParser

/// `vck`: the QPU-level tool: assemble, disassemble, emulate.
@main
struct VCKTool: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "vck",
    abstract: "VCK tools for the Raspberry Pi 4 GPU (V3D 4.2 QPUs).",
    subcommands: VCKTool.subcommandList
  )
}
