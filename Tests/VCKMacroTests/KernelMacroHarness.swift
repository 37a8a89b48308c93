import SwiftDiagnostics
import SwiftParser
import SwiftSyntax
import SwiftSyntaxMacroExpansion
import SwiftSyntaxMacros
import VCKMacros

/// Expands the first `#kernel` of a Swift source in process, as swiftc would.
struct KernelMacroHarness {
  /// The expansion's text (empty when the macro declared nothing).
  var expansion: String
  /// What the macro reported through the context (its own errors, not `.vck` ones).
  var macroDiagnostics: [String]
  /// The `.vck` diagnostics the expansion places with `#sourceLocation` and
  /// `#error`/`#warning`, in order.
  var placed: [Placed]

  /// A `.vck` diagnostic as swiftc will show it.
  struct Placed: Equatable, CustomStringConvertible {
    var kind: String
    var line: Int
    var column: Int
    var message: String
    var description: String { "\(line):\(column): \(kind): \(message)" }
  }

  init(_ source: String, file: String = "/tmp/Kernels.swift") throws {
    let tree = Parser.parse(source: source)
    let context = BasicMacroExpansionContext(
      sourceFiles: [tree: .init(moduleName: "Test", fullFilePath: file)])
    guard
      let node = tree.statements.lazy.compactMap({ Self.firstKernel(in: Syntax($0)) }).first
    else {
      throw HarnessError.noMacro
    }
    let declarations = try KernelDeclarationMacro.expansion(of: node, in: context)
    expansion = declarations.map(\.description).joined(separator: "\n")
    macroDiagnostics = context.diagnostics.map(\.message)
    placed = Self.placedDiagnostics(in: expansion)
  }

  enum HarnessError: Error { case noMacro }

  static func firstKernel(in syntax: Syntax) -> MacroExpansionDeclSyntax? {
    if let declaration = syntax.as(MacroExpansionDeclSyntax.self),
      declaration.macroName.text == "kernel"
    {
      return declaration
    }
    for child in syntax.children(viewMode: .sourceAccurate) {
      if let found = firstKernel(in: child) { return found }
    }
    return nil
  }

  /// Reads back the `#sourceLocation(…, line: N)` / `#error(` / `<indent>"message")`
  /// triples: the message is on line N + 1, at the column after the indentation.
  static func placedDiagnostics(in expansion: String) -> [Placed] {
    let lines = expansion.split(separator: "\n", omittingEmptySubsequences: false).map(
      String.init)
    var result: [Placed] = []
    for (index, line) in lines.enumerated() where line.hasPrefix("#sourceLocation(file:") {
      guard index + 2 < lines.count,
        let lineNumber = Int(line.split(separator: " ").last!.dropLast()),
        lines[index + 1] == "#error(" || lines[index + 1] == "#warning("
      else { continue }
      let messageLine = lines[index + 2]
      let indentation = messageLine.prefix { $0 == " " }.count
      var message = String(messageLine.dropFirst(indentation + 1).dropLast(2))
      message = message.replacingOccurrences(of: "\\\"", with: "\"")
      result.append(
        Placed(
          kind: String(lines[index + 1].dropFirst().dropLast()), line: lineNumber + 1,
          column: indentation + 1, message: message))
    }
    return result
  }
}
