import QPUBackend
import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros
import VCKBuild
import VCKLang

/// What the `#kernel` macros share: read the literal, check and compile the kernel, and
/// report the `.vck` diagnostics inside the literal.
enum KernelExpansion {
  /// A checked and compiled kernel, ready to be wrapped.
  struct Compiled {
    var kernel: CompiledKernel
    var source: String
    var path: String
  }

  /// The compiled kernel, or `nil` after reporting why there is none.
  ///
  /// `.vck` diagnostics (errors and warnings) are returned in `directives`: lines of
  /// Swift (`#sourceLocation` and `#error`/`#warning`) that put each one at its line and
  /// column inside the literal; the caller places them in the expansion. When the kernel
  /// has errors, `failedKernel` is its name (if the parser found it), so the caller can
  /// declare a stand-in and spare the uses of the kernel further errors.
  static func compile(
    _ node: some FreestandingMacroExpansionSyntax, in context: some MacroExpansionContext,
    directives: inout [String], failedKernel: inout String?
  ) -> Compiled? {
    let arguments = Array(node.arguments)
    guard let first = arguments.first, first.label == nil else {
      context.diagnose(
        Diagnostic(
          node: Syntax(node),
          message: KernelMacroMessage.error(
            "#kernel takes the kernel source as a string literal", id: "missingSource")))
      return nil
    }
    var requested: String?
    for argument in arguments.dropFirst() {
      guard argument.label?.text == "name",
        let name = try? KernelLiteral(argument.expression), !name.text.isEmpty
      else {
        context.diagnose(
          Diagnostic(
            node: Syntax(argument),
            message: KernelMacroMessage.error(
              "the kernel's name must be a plain string literal: name: \"saxpy\"",
              id: "badName")))
        return nil
      }
      requested = name.text
    }
    let literal: KernelLiteral
    do {
      literal = try KernelLiteral(first.expression)
    } catch {
      KernelExpansion.report(problem: error, in: context)
      return nil
    }

    let location = context.location(
      of: first.expression, at: .afterLeadingTrivia, filePathMode: .filePath)
    let path = location.flatMap { stringValue($0.file) } ?? "<#kernel>"
    let locator = location.flatMap { location -> LiteralLocator? in
      guard let line = intValue(location.line), let column = intValue(location.column) else {
        return nil
      }
      return LiteralLocator(
        literal: literal, sourceText: Array(first.expression.trimmedDescription.utf8),
        start: first.expression.positionAfterSkippingLeadingTrivia,
        startLocation: SwiftLocation(line: line, column: column))
    }
    let file = SourceFile(path: path, text: literal.text)

    func report(_ diagnostic: VCKLang.Diagnostic) {
      let kind = diagnostic.severity == .warning ? "warning" : "error"
      guard let locator else {
        context.diagnose(
          Diagnostic(
            node: Syntax(first.expression),
            message: KernelMacroMessage(
              message: diagnostic.message, id: diagnostic.code.rawValue,
              severity: diagnostic.severity == .warning ? .warning : .error)))
        return
      }
      // swiftc reports `#error("message")` at the message's string literal: put it on a
      // line of its own, numbered and indented to land on the `.vck` diagnostic's place.
      func place(_ kind: String, _ message: String, at offset: Int) {
        let at = locator.location(ofOffset: offset)
        directives.append(
          "#sourceLocation(file: \(KernelWrapper.swiftLiteral(path)), line: \(at.line - 1))")
        directives.append("#\(kind)(")
        directives.append(
          String(repeating: " ", count: max(at.column - 1, 0))
            + KernelWrapper.swiftLiteral(message) + ")")
        directives.append("#sourceLocation()")
      }
      place(kind, diagnostic.message, at: diagnostic.range.start)
      for note in diagnostic.notes {
        place("warning", "note: " + note.message, at: (note.range ?? diagnostic.range).start)
      }
    }

    do {
      let (kernel, frontend) = try KernelBuild.compile(file, kernel: requested)
      frontend.diagnostics.forEach(report)
      return Compiled(kernel: kernel, source: literal.text, path: path)
    } catch .diagnostics(let frontend) {
      frontend.diagnostics.forEach(report)
      let kernels = frontend.syntax.declarations.compactMap { declaration -> String? in
        guard case .function(let function) = declaration, function.isKernel else { return nil }
        return function.name.name
      }
      if let requested, kernels.contains(requested) {
        failedKernel = requested
      } else if requested == nil, kernels.count == 1 {
        failedKernel = kernels[0]
      }
      return nil
    } catch .kernelChoice(let requestedName, let kernels) {
      let failure = KernelBuild.Failure.kernelChoice(requested: requestedName, kernels: kernels)
      let hint = requestedName == nil && kernels.count > 1 ? "; add name: \"\(kernels[0])\"" : ""
      context.diagnose(
        Diagnostic(
          node: Syntax(requestedName == nil ? first.expression : arguments[1].expression),
          message: KernelMacroMessage.error(failure.summary + hint, id: "kernelChoice")))
      return nil
    } catch {
      context.diagnose(
        Diagnostic(
          node: Syntax(first.expression),
          message: KernelMacroMessage.error(
            "the kernel does not compile to QPU code: \(error.summary)", id: "backend")))
      return nil
    }
  }

  /// Reports a literal that cannot be compiled at build time.
  static func report(problem: KernelLiteral.Problem, in context: some MacroExpansionContext) {
    switch problem {
    case .interpolated(let expression):
      context.diagnose(
        Diagnostic(
          node: Syntax(expression),
          message: KernelMacroMessage.error(
            "#kernel needs a plain string literal: the kernel is checked and compiled when "
              + "Swift compiles, so its text cannot contain interpolations (\\(…)); use "
              + "Device.compile(source:) for source built at run time",
            id: "interpolated")))
    case .notALiteral(let expression):
      context.diagnose(
        Diagnostic(
          node: Syntax(expression),
          message: KernelMacroMessage.error(
            "#kernel needs the kernel source as a string literal written in the call, not an "
              + "expression: the kernel is checked when Swift compiles; use "
              + "Device.compile(source:) for source known only at run time",
            id: "notALiteral")))
    }
  }

  /// The value of a string literal expression, as `location(of:)` returns it.
  static func stringValue(_ expression: ExprSyntax) -> String? {
    (try? KernelLiteral(expression))?.text
  }

  /// The value of an integer literal expression.
  static func intValue(_ expression: ExprSyntax) -> Int? {
    expression.as(IntegerLiteralExprSyntax.self).flatMap { Int($0.literal.text) }
  }
}
