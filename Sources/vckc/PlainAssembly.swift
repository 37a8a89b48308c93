import QPUBackend
import QPUISA

/// `vckc -S --plain`: the generated code as text that `vck asm` assembles back to the same
/// words. Labels are made valid label names, each instruction is one line in the
/// disassembler's syntax, and everything else (statistics, source lines, what an
/// instruction is for, branch targets by label) is a `//` comment. Branches keep their
/// relative offsets, so the words come back exactly.
enum PlainAssembly {
  static func render(_ kernel: CompiledKernel, sourceLine: ((Int) -> String?)? = nil) -> String {
    var lines = [kernel.statisticsHeader]
    var names: [Int: String] = [:]
    var used: Set<String> = []
    for (index, name) in kernel.labels.sorted(by: { $0.key < $1.key }) {
      var label = labelName(name)
      if used.contains(label) { label += "_\(index)" }
      used.insert(label)
      names[index] = label
    }
    var lastSource: String?
    for (index, word) in kernel.words.enumerated() {
      if let name = names[index] { lines.append("\(name):") }
      if let sourceLine, kernel.sourceOffsets.indices.contains(index),
        kernel.sourceOffsets[index] >= 0, let text = sourceLine(kernel.sourceOffsets[index]),
        text != lastSource
      {
        lines.append("    // \(text)")
        lastSource = text
      }
      guard let instruction = try? Instruction(decoding: word) else {
        // Never produced by the backend; kept as a word `vck asm` would refuse.
        lines.append("    // invalid word 0x\(String(word, radix: 16))")
        continue
      }
      var text = instruction.text(style: .vck)
      var note = kernel.comments.indices.contains(index) ? kernel.comments[index] : ""
      if case .branch(let branch) = instruction, case .relative(let offset) = branch.target {
        let target = index + 4 + Int(offset) / 8
        note = "-> " + (names[target] ?? "instruction \(target)")
      }
      if !note.isEmpty {
        text = text.padding(toLength: max(text.count, 60), withPad: " ", startingAt: 0)
        text += "  // " + note
      }
      lines.append("    " + text)
    }
    return lines.joined(separator: "\n")
  }

  /// `name` with every character a label cannot hold replaced by `_`, starting with a
  /// letter, `_` or `.`.
  static func labelName(_ name: String) -> String {
    var label = String(
      name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." ? $0 : "_" })
    if let first = label.first, first.isNumber { label = "_" + label }
    return label.isEmpty ? "_" : label
  }
}
