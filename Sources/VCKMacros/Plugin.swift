import SwiftCompilerPlugin
import SwiftSyntaxMacros

/// The compiler plugin that provides VCK's macros.
@main struct VCKMacrosPlugin: CompilerPlugin {
  let providingMacros: [Macro.Type] = [KernelDeclarationMacro.self]
}
