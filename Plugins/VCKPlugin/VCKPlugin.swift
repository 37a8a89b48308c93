import PackagePlugin

/// Compiles the `.vck` files of a target when the target builds.
///
/// For each `NAME.vck` among the target's files, `vck-embed` writes `NAME.vck.swift` into
/// the plugin's work directory; it holds, for each kernel of the file, a struct
/// (`saxpy` → `SaxpyKernel`) with the compiled QPU code embedded and a typed
/// `launch(on:qpus:…)`. A kernel with errors fails the build with the diagnostics as
/// `NAME.vck:line:col: error: message`.
@main struct VCKPlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    guard let target = target as? SourceModuleTarget else { return [] }
    let tool = try context.tool(named: "vck-embed")
    return target.sourceFiles(withSuffix: "vck").map { file in
      let output = context.pluginWorkDirectoryURL.appending(
        path: file.url.lastPathComponent + ".swift")
      return .buildCommand(
        displayName: "Compiling kernels of \(file.url.lastPathComponent)",
        executable: tool.url,
        arguments: [file.url.path, output.path],
        inputFiles: [file.url],
        outputFiles: [output])
    }
  }
}
