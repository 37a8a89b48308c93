import QPUBackend
import VCKArtifact
import VCKIR

/// The Swift code of a typed wrapper around one compiled kernel: a struct whose
/// `launch(on:qpus:…)` takes one labelled argument per kernel parameter, with the Swift
/// type of the parameter. The `#kernel` macro and the `VCKPlugin` tool both generate it.
public enum KernelWrapper {
  /// The Swift type of a kernel parameter: `UInt32`, `Int32`, `Float`, or a `Buffer` of
  /// one of them for a pointer.
  public static func swiftType(of kind: Parameter.Kind) -> String {
    switch kind {
    case .scalar(let type): return swiftScalar(type)
    case .buffer(let element): return "Buffer<\(swiftScalar(element))>"
    }
  }

  static func swiftScalar(_ type: ScalarType) -> String {
    switch type {
    case .u32: return "UInt32"
    case .i32: return "Int32"
    case .f32: return "Float"
    case .bool: return "Bool"
    }
  }

  /// The wrapper type's name for a kernel: `saxpy` → `SaxpyKernel`, `sum_rows` →
  /// `SumRowsKernel`.
  public static func typeName(forKernel name: String) -> String {
    let words = name.split(separator: "_")
    let joined = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    return (joined.isEmpty ? "Anonymous" : joined) + "Kernel"
  }

  /// The declaration of the wrapper struct.
  ///
  /// - Parameters:
  ///   - typeName: The struct's name.
  ///   - kernel: The compiled kernel (its name and parameters shape the wrapper).
  ///   - source: The `.vck` source, embedded for run-time compiles with other options.
  ///   - path: The name diagnostics give the source at run time.
  ///   - embedArtifact: Whether to embed the compiled code (otherwise the kernel
  ///     compiles at its first launch).
  ///   - indentation: Prefix of every line.
  public static func declaration(
    typeName: String, kernel: CompiledKernel, source: String, path: String,
    embedArtifact: Bool = true, modifiers: String = ""
  ) -> String {
    let artifact =
      embedArtifact
      ? "\"" + base64(KernelArtifact.encode(ArtifactContents(kernel), compiler: vckCompilerVersion))
        + "\"" : "nil"
    let signature = kernel.parameters.map { "\($0.name): \(swiftType(of: $0.kind))" }
      .joined(separator: ", ")
    var parameters = ""
    var arguments: [String] = []
    for (index, parameter) in kernel.parameters.enumerated() {
      parameters +=
        "\(label(parameter.name)) p\(index): \(qualified(swiftType(of: parameter.kind))), "
      arguments.append("p\(index).kernelArgumentValue")
    }
    // A grid kernel runs once per point of a grid; the others on a number of QPUs.
    let (size, sizeArgument) =
      kernel.gridDimensions > 0
      ? ("grid: [Int]", "grid: grid") : ("qpus: Int? = nil", "qpus: qpus")
    let launch = """
      /// Runs `\(kernel.name)` on \(kernel.gridDimensions > 0
          ? "each point of `grid` (\(kernel.gridDimensions) extents)"
          : "`qpus` QPU batches") of `device` and waits.
        @discardableResult
        \(modifiers)func launch(
          on device: VCK.Device, \(size), \(parameters)timeout: Double = 60
        ) throws -> VCK.LaunchResult {
          try embedded.launch(
            on: device, arguments: [\(arguments.joined(separator: ", "))], \(sizeArgument),
            timeout: timeout)
        }
      """
    return """
      /// The kernel `\(kernel.name)(\(signature))`, checked and compiled when this
      /// program was built.
      \(modifiers)struct \(typeName): Sendable {
        /// The embedded kernel: its source, its compiled code, its uploads.
        \(modifiers)let embedded: VCK.EmbeddedKernel

        /// The kernel, as compiled at build time.
        \(modifiers)init() {
          embedded = VCK.EmbeddedKernel.embedded(
            name: \(swiftLiteral(kernel.name)), source: \(swiftLiteral(source)),
            path: \(swiftLiteral(path)), artifactBase64: \(artifact))
        }

        \(launch)
      }
      """
  }

  /// A type as generated code names it (`Buffer` through `VCK`, which re-exports it).
  static func qualified(_ type: String) -> String {
    type.hasPrefix("Buffer<") ? "VCK." + type : type
  }

  /// A `.vck` name as a Swift identifier or argument label (Swift keywords in backticks).
  public static func label(_ name: String) -> String {
    swiftKeywords.contains(name) ? "`\(name)`" : name
  }

  static let swiftKeywords: Set<String> = [
    "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension",
    "fileprivate", "func", "import", "init", "inout", "internal", "let", "nonisolated",
    "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
    "static", "struct", "subscript", "typealias", "var", "break", "case", "catch",
    "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in",
    "repeat", "return", "throw", "switch", "where", "while", "Any", "as", "await", "false",
    "is", "nil", "self", "Self", "super", "throws", "true", "try", "_",
  ]

  /// `text` as a single-line Swift string literal.
  public static func swiftLiteral(_ text: String) -> String {
    var literal = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": literal += "\\\\"
      case "\"": literal += "\\\""
      case "\n": literal += "\\n"
      case "\r": literal += "\\r"
      case "\t": literal += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        literal += "\\u{\(String(scalar.value, radix: 16))}"
      default: literal.unicodeScalars.append(scalar)
      }
    }
    return literal + "\""
  }

  /// Base64 (RFC 4648, with padding) of `bytes`.
  public static func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    var text = ""
    text.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let chunk = bytes[index..<min(index + 3, bytes.count)]
      var value = 0
      for (offset, byte) in chunk.enumerated() { value |= Int(byte) << (16 - 8 * offset) }
      for position in 0..<4 {
        text.append(
          position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 63] : "=")
      }
      index += 3
    }
    return text
  }
}
