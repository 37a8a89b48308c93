/// A program assembled from text.
public struct AssembledProgram: Hashable, Sendable {
  /// The instruction words, in order.
  public var words: [UInt64]
  /// The instructions the words encode, as decoded from them.
  public var instructions: [Instruction]
  /// Each label's instruction index.
  public var labels: [String: Int]
  /// The 1-based source line of each instruction.
  public var sourceLines: [Int]

  /// The GPU byte address of a label when the code is loaded at `codeBase`.
  public func address(of label: String, codeBase: UInt32) -> UInt32? {
    labels[label].map { codeBase &+ UInt32(truncatingIfNeeded: $0 * 8) }
  }
}

/// The text assembler: reads Mesa's disassembly syntax (with VCK's
/// extensions `; rot(N)`, `; ucb` and `, link`), labels (`name:`), branch
/// targets by label, and `#` or `//` comments, one instruction per line.
public enum Assembler {
  /// Assembles a whole source. Every line with a problem is reported.
  public static func assemble(_ source: String, fileName: String = "<input>") throws(AssemblyError)
    -> AssembledProgram
  {
    var diagnostics: [AssemblyDiagnostic] = []
    var parsed: [(ParsedInstruction, line: Int)] = []
    var labels: [String: Int] = [:]
    for (index, rawLine) in source.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let lineNumber = index + 1
      var text = stripComment(rawLine).trimmingSpaces
      if let (label, rest) = splitLabel(text) {
        if labels[String(label)] != nil {
          diagnostics.append(
            AssemblyDiagnostic(
              fileName: fileName, line: lineNumber, message: "label '\(label)' is defined twice"))
        }
        labels[String(label)] = parsed.count
        text = rest.trimmingSpaces
      }
      if text.isEmpty { continue }
      do {
        parsed.append((try InstructionSyntax.parse(text), lineNumber))
      } catch {
        diagnostics.append(
          AssemblyDiagnostic(fileName: fileName, line: lineNumber, message: error.message))
      }
    }
    var program = AssembledProgram(words: [], instructions: [], labels: labels, sourceLines: [])
    for (index, (instruction, line)) in parsed.enumerated() {
      do {
        let resolved = try resolve(instruction, at: index, labels: labels)
        let word = try resolved.encoded()
        program.words.append(word)
        // The decoded word: the canonical model (operand order as encoded).
        program.instructions.append(try Instruction(decoding: word))
        program.sourceLines.append(line)
      } catch let error as EncodingError {
        diagnostics.append(
          AssemblyDiagnostic(fileName: fileName, line: line, message: error.description))
      } catch let error as LineError {
        diagnostics.append(
          AssemblyDiagnostic(fileName: fileName, line: line, message: error.message))
      } catch {
        diagnostics.append(AssemblyDiagnostic(fileName: fileName, line: line, message: "\(error)"))
      }
    }
    if !diagnostics.isEmpty {
      throw AssemblyError(diagnostics: diagnostics.sorted { $0.line < $1.line })
    }
    return program
  }

  /// Assembles one instruction (no labels).
  public static func assembleInstruction(_ text: String) throws(AssemblyError) -> Instruction {
    let program = try assemble(text)
    guard program.instructions.count == 1 else {
      throw AssemblyError(diagnostics: [
        AssemblyDiagnostic(fileName: "<input>", line: 1, message: "expected one instruction")
      ])
    }
    return program.instructions[0]
  }

  static func resolve(_ parsed: ParsedInstruction, at index: Int, labels: [String: Int])
    throws -> Instruction
  {
    switch parsed {
    case .alu(let symbolic):
      return .alu(try symbolic.resolved())
    case .branch(var branch, let label?):
      guard let target = labels[String(label)] else {
        throw LineError("undefined label '\(label)'")
      }
      branch.target = .relative(Int32((target - (index + 4)) * 8))
      return .branch(branch)
    case .branch(let branch, nil):
      return .branch(branch)
    }
  }

  private static func stripComment(_ line: Substring) -> Substring {
    var end = line.endIndex
    if let hash = line.firstIndex(of: "#") { end = hash }
    if let slashes = HexWords.firstDoubleSlash(line), slashes < end { end = slashes }
    return line[..<end]
  }

  /// `name: rest` → (name, rest), if the line starts with a label.
  private static func splitLabel(_ text: Substring) -> (Substring, Substring)? {
    guard let colon = text.firstIndex(of: ":") else { return nil }
    let name = text[..<colon].trimmingSpaces
    guard BranchSyntax.isLabel(name), !name.contains(" ") else { return nil }
    // `a:unif` / `r:unif` only follow a branch mnemonic, never start a line.
    return (name, text[text.index(after: colon)...])
  }
}
