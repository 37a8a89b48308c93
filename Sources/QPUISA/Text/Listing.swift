/// The annotated listing form of a program: byte address, hex word, text,
/// labels on their own lines, and each relative branch's target label.
public enum Listing {
  /// Renders words as a listing. Branch targets without a name in `labels`
  /// (label name → instruction index) get one of the form `L<index>`.
  /// Invalid words are listed with their reason.
  public static func render(
    _ words: [UInt64], labels: [String: Int] = [:], style: DisassemblyStyle = .vck
  ) -> String {
    let decoded = words.map { word in
      Result { () throws(DecodingError) in try Instruction(decoding: word) }
    }
    var names: [Int: String] = [:]
    for (name, index) in labels { names[index] = names[index].map { min($0, name) } ?? name }
    var targets: [Int: Int] = [:]
    for (index, result) in decoded.enumerated() {
      if case .success(.branch(let branch)) = result, case .relative(let offset) = branch.target {
        let target = index + 4 + Int(offset) / 8
        targets[index] = target
        if (0...words.count).contains(target), names[target] == nil { names[target] = "L\(target)" }
      }
    }
    var lines: [String] = []
    for (index, result) in decoded.enumerated() {
      if let name = names[index] { lines.append("\(name):") }
      var line = "  0x" + hex(index * 8, digits: 4) + "  " + hex(words[index], digits: 16) + "  "
      switch result {
      case .success(let instruction):
        line += instruction.text(style: style)
        if let target = targets[index] {
          line += "  // -> " + (names[target] ?? "instruction \(target), outside the program")
        }
      case .failure(let error):
        line += "<invalid: \(error.reason)>"
      }
      lines.append(line)
    }
    // Labels past the last instruction (a branch to the end).
    for (index, name) in names.sorted(by: { $0.key < $1.key }) where index >= words.count {
      lines.append("\(name):  // 0x\(hex(index * 8, digits: 4)), past the end")
    }
    return lines.joined(separator: "\n")
  }
}
