import SwiftSyntax
import SwiftSyntaxMacros
import VCKBuild

/// `#kernel("""…""")` and `#kernel("""…""", name: "saxpy")` in a type's body.
///
/// Checks the kernel with VCK's front end when Swift compiles, reports every `.vck`
/// diagnostic at its line and column inside the literal, compiles the kernel to QPU code,
/// and declares, for a kernel `scale(n: u32, a: f32, x: *f32)`:
///
///     struct ScaleKernel: Sendable {
///       let embedded: VCK.EmbeddedKernel
///       init()
///       func launch(on device: VCK.Device, qpus: Int? = nil, n: UInt32, a: Float,
///                   x: VCK.Buffer<Float>, timeout: Double = 60) throws -> VCK.LaunchResult
///     }
///     static var scale: ScaleKernel { ScaleKernel() }
public struct KernelDeclarationMacro: DeclarationMacro {
  /// The expansion is written line by line so that the `#error` directives land on the
  /// columns of the `.vck` diagnostics: swiftc must not re-indent it.
  public static var formatMode: FormatMode { .disabled }

  public static func expansion(
    of node: some FreestandingMacroExpansionSyntax, in context: some MacroExpansionContext
  ) throws -> [DeclSyntax] {
    var directives: [String] = []
    var failedKernel: String?
    let compiled = KernelExpansion.compile(
      node, in: context, directives: &directives, failedKernel: &failedKernel)
    var lines = directives
    if let failedKernel {
      // The errors above fail the build; this stand-in keeps the kernel's uses from
      // adding "has no member" errors to them.
      lines.append(
        "static var \(KernelWrapper.label(failedKernel)): VCK.UncompiledKernel { "
          + "VCK.UncompiledKernel() }")
    }
    if let compiled {
      let typeName = KernelWrapper.typeName(forKernel: compiled.kernel.name)
      lines.append(
        KernelWrapper.declaration(
          typeName: typeName, kernel: compiled.kernel, source: compiled.source,
          path: compiled.path.split(separator: "/").last.map(String.init) ?? compiled.path))
      lines.append(
        "/// The kernel `\(compiled.kernel.name)`, compiled when this program was built.")
      lines.append(
        "static var \(KernelWrapper.label(compiled.kernel.name)): \(typeName) { \(typeName)() }")
    }
    guard !lines.isEmpty else { return [] }
    return [DeclSyntax(stringLiteral: lines.joined(separator: "\n"))]
  }
}
