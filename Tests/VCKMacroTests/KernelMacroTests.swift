import Foundation
import Testing
import VCKArtifact
import VCKBuild
import VCKLang

/// The `#kernel` macro, expanded in process: the typed wrapper it declares, the code it
/// embeds, and where its diagnostics land.
@Suite struct KernelMacroTests {
  static let scale = """
    enum Kernels {
      #kernel(\"\"\"
        kernel scale(n: u32, a: f32, x: *f32) {
            for i in gid() ..< n step gsize() { x[i] = a * x[i] }
        }
        \"\"\")
    }
    """

  @Test func declaresATypedWrapper() throws {
    let result = try KernelMacroHarness(Self.scale)
    #expect(result.macroDiagnostics.isEmpty)
    #expect(result.placed.isEmpty)
    let text = result.expansion
    #expect(text.contains("struct ScaleKernel: Sendable {"))
    #expect(
      text.contains(
        "on device: VCK.Device, qpus: Int? = nil, n p0: UInt32, a p1: Float, "
          + "x p2: VCK.Buffer<Float>, timeout: Double = 60"))
    #expect(
      text.contains(
        "arguments: [p0.kernelArgumentValue, p1.kernelArgumentValue, p2.kernelArgumentValue]"))
    #expect(text.contains("static var scale: ScaleKernel { ScaleKernel() }"))
    #expect(text.contains("path: \"Kernels.swift\""))
  }

  @Test func everyParameterTypeMapsToItsSwiftType() throws {
    let result = try KernelMacroHarness(
      """
      enum K {
        #kernel("kernel all(a: u32, b: i32, c: f32, d: *u32, e: *i32, f: *f32) { }")
      }
      """)
    #expect(result.macroDiagnostics.isEmpty)
    #expect(
      result.expansion.contains(
        "a p0: UInt32, b p1: Int32, c p2: Float, d p3: VCK.Buffer<UInt32>, "
          + "e p4: VCK.Buffer<Int32>, f p5: VCK.Buffer<Float>, timeout: Double = 60"))
  }

  /// The embedded artifact is the kernel the run-time compiler gives.
  @Test func embedsTheCodeCompiledAtBuildTime() throws {
    let result = try KernelMacroHarness(Self.scale)
    let artifact = try #require(
      result.expansion.split(separator: "artifactBase64: \"").dropFirst().first?
        .split(separator: "\"").first)
    let bytes = try #require(Data(base64Encoded: String(artifact)))
    let contents = try KernelArtifact.decode([UInt8](bytes))
    let source = """
      kernel scale(n: u32, a: f32, x: *f32) {
          for i in gid() ..< n step gsize() { x[i] = a * x[i] }
      }
      """
    let expected = try KernelBuild.compile(SourceFile(path: "k.vck", text: source)).kernel
    #expect(contents.name == "scale")
    #expect(contents.words == expected.words)
    #expect(contents.words.count > 4)
    #expect(contents.parameters.map(\.name) == ["n", "a", "x"])
  }

  /// A type error: the same message `vckc` prints, at the line and column of the
  /// expression inside the literal (line 5 of the Swift file, column 52).
  @Test func anErrorLandsOnItsLineAndColumn() throws {
    let result = try KernelMacroHarness(
      """
      import VCK

      enum Kernels {
        #kernel(\"\"\"
          kernel scale(n: u32, a: f32, x: *f32) {
              for i in gid() ..< n step gsize() { x[i] = a * x[i] + n }
          }
          \"\"\")
      }
      """)
    #expect(
      result.placed.first
        == .init(
          kind: "error", line: 6, column: 52,
          message: "binary operator '+' cannot combine 'f32' and 'u32'"))
    #expect(!result.expansion.contains("struct ScaleKernel"))
    // A stand-in keeps `Kernels.scale.launch(…)` from adding errors of its own.
    #expect(
      result.expansion.contains(
        "static var scale: VCK.UncompiledKernel { VCK.UncompiledKernel() }"))
  }

  /// Every diagnostic `vckc` reports for a literal (errors, warnings and notes) is placed,
  /// with its text, at the literal line and column the front end gives plus the literal's
  /// offset in the Swift file.
  @Test(arguments: [
    "kernel k(n: u32) {\n    let unused: u32 = 3\n}",
    "kernel k(n: u32, x: *f32) {\n    x[0] = missing + 1.0\n    let y: i32 = n\n}",
    "kernel k(n: u32) {\n    let y = n +\n}",
    "kernel k(n: u32) {\n    let a = 1\n    let a = 2\n}",
  ])
  func diagnosticsMatchTheFrontEnd(kernel: String) throws {
    let indented = kernel.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
    let swift = "enum K {\n  #kernel(\"\"\"\n\(indented)\n    \"\"\")\n}\n"
    let result = try KernelMacroHarness(swift)
    let frontend = Frontend.check(source: kernel)
    var expected: [KernelMacroHarness.Placed] = []
    for diagnostic in frontend.diagnostics {
      let at = frontend.file.lineColumn(of: diagnostic.range.start)
      expected.append(
        .init(
          kind: diagnostic.severity == .warning ? "warning" : "error", line: at.line + 2,
          column: at.column + 4, message: diagnostic.message))
      for note in diagnostic.notes {
        let noteAt = frontend.file.lineColumn(of: (note.range ?? diagnostic.range).start)
        expected.append(
          .init(
            kind: "warning", line: noteAt.line + 2, column: noteAt.column + 4,
            message: "note: " + note.message))
      }
    }
    #expect(!expected.isEmpty)
    #expect(result.placed == expected)
    if kernel.contains("let a = 2") {
      #expect(result.placed.map(\.message).contains("note: 'a' is first declared here"))
    }
  }

  /// Escapes in a one-line literal: the column counts the Swift source, not the value.
  @Test func escapesAreCountedInTheSwiftSource() throws {
    let swift = #"enum K { #kernel("kernel k(n: u32) {\n  let y: f32 = n\n}") }"#
    let result = try KernelMacroHarness(swift)
    let column = try #require(swift.range(of: "= n\\n}")).lowerBound.utf16Offset(in: swift) + 3
    // The error and its note ("convert explicitly"), both at the `n` after `=`.
    #expect(result.placed.map(\.line) == [1, 1])
    #expect(result.placed.map(\.column) == [column, column])
    #expect(result.placed.first?.message == "cannot use a value of type 'u32' as 'y' of type 'f32'")
  }

  @Test func anInterpolatedLiteralIsAClearError() throws {
    let result = try KernelMacroHarness(
      #"enum K { #kernel("kernel k(n: u32) { let y: u32 = \(size) }") }"#)
    #expect(result.expansion.isEmpty)
    #expect(result.macroDiagnostics.count == 1)
    #expect(result.macroDiagnostics.first?.contains("plain string literal") == true)
    #expect(result.macroDiagnostics.first?.contains("interpolations") == true)
  }

  @Test func aVariableInsteadOfALiteralIsAClearError() throws {
    let result = try KernelMacroHarness("enum K { #kernel(source) }")
    #expect(result.expansion.isEmpty)
    #expect(result.macroDiagnostics.first?.contains("string literal written in the call") == true)
  }

  static let twoKernels = """
    enum K {
      #kernel(\"\"\"
        kernel first(x: *u32) { x[gid()] = 1 }
        kernel saxpy(n: u32, a: f32, x: *f32, y: *f32) {
            for i in gid() ..< n step gsize() { y[i] = a * x[i] + y[i] }
        }
        \"\"\"NAME)
    }
    """

  @Test func severalKernelsNeedAName() throws {
    let result = try KernelMacroHarness(Self.twoKernels.replacingOccurrences(of: "NAME", with: ""))
    #expect(result.expansion.isEmpty)
    #expect(
      result.macroDiagnostics == [
        "several kernels (first, saxpy): choose one; add name: \"first\""
      ])
  }

  @Test func theNameChoosesTheKernel() throws {
    let result = try KernelMacroHarness(
      Self.twoKernels.replacingOccurrences(of: "NAME", with: ", name: \"saxpy\""))
    #expect(result.macroDiagnostics.isEmpty)
    #expect(result.expansion.contains("struct SaxpyKernel"))
    #expect(result.expansion.contains("y p3: VCK.Buffer<Float>"))
    #expect(!result.expansion.contains("struct FirstKernel"))
  }

  @Test func anUnknownNameIsAnError() throws {
    let result = try KernelMacroHarness(
      Self.twoKernels.replacingOccurrences(of: "NAME", with: ", name: \"sapxy\""))
    #expect(result.macroDiagnostics == ["no kernel named 'sapxy' (kernels: first, saxpy)"])
  }
}

@Suite struct KernelWrapperTests {
  @Test func typeNames() {
    #expect(KernelWrapper.typeName(forKernel: "histogram") == "HistogramKernel")
    #expect(KernelWrapper.typeName(forKernel: "sum_rows") == "SumRowsKernel")
  }

  @Test func keywordsAreEscaped() {
    #expect(KernelWrapper.label("in") == "`in`")
    #expect(KernelWrapper.label("n") == "n")
  }

  @Test func base64MatchesFoundation() {
    for count in 0..<7 {
      let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 97 + 13) }
      #expect(KernelWrapper.base64(bytes) == Data(bytes).base64EncodedString())
    }
  }

  @Test func literalsRoundTrip() {
    let text = "a\"b\\c\nd\te\u{1}"
    #expect(KernelWrapper.swiftLiteral(text) == #""a\"b\\c\nd\te\u{1}""#)
  }
}
