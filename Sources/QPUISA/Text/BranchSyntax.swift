/// Parses branches: `b[u][.cond][p|q]  target[, unif target][, link]`.
enum BranchSyntax {
  static let conditions: [String: BranchCondition] = Dictionary(
    uniqueKeysWithValues: BranchCondition.allCases.filter { $0 != .always }.map { ("\($0)", $0) })

  /// The branch a segment spells, or nil if the segment is not a branch.
  static func parse(_ segment: Substring) throws(LineError) -> ParsedInstruction? {
    let end = segment.firstIndex { $0 == " " || $0 == "\t" } ?? segment.endIndex
    guard let (uniform, condition, msfign) = mnemonic(segment[..<end]) else { return nil }
    var operands = OperandSyntax.operands(segment[end...])
    guard !operands.isEmpty else { throw LineError("branch needs a target") }
    var branch = BranchInstruction(condition: condition, msfign: msfign, target: .linkRegister)
    if operands.last == "link" {
      branch.writesLink = true
      operands.removeLast()
    }
    guard operands.count == (uniform ? 2 : 1) else {
      throw LineError(
        uniform
          ? "bu takes a target and a uniform target (a:unif, r:unif, lri or rfN)"
          : "b takes one target (and optionally ', link')")
    }
    var label: Substring?
    let target = operands[0]
    if target == "lri" {
      branch.target = .linkRegister
    } else if let n = try OperandSyntax.registerNumber(target, prefix: "rf", limit: 63) {
      branch.target = .register(n)
    } else if target.hasPrefix("zero_addr+") {
      guard let address = OperandSyntax.immediateValue(target.dropFirst("zero_addr+".count)) else {
        throw LineError("bad absolute branch address '\(target)'")
      }
      branch.target = .absolute(address)
    } else if let offset = Int32(target) {
      branch.target = .relative(offset)
    } else if isLabel(target) {
      label = target
      branch.target = .relative(0)
    } else {
      throw LineError("bad branch target '\(target)'")
    }
    if uniform {
      switch operands[1] {
      case "a:unif": branch.uniformTarget = .absolute
      case "r:unif": branch.uniformTarget = .relative
      case "lri": branch.uniformTarget = .linkRegister
      default:
        guard let n = try OperandSyntax.registerNumber(operands[1], prefix: "rf", limit: 63) else {
          throw LineError("bad uniform branch target '\(operands[1])'")
        }
        branch.uniformTarget = .register(n)
      }
    }
    return .branch(branch, label: label)
  }

  /// Whether text is a label name: a letter, `_` or `.` followed by letters,
  /// digits, `_` or `.`.
  static func isLabel(_ text: Substring) -> Bool {
    guard let first = text.first, first.isLetter || first == "_" || first == "." else {
      return false
    }
    return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
  }

  private static func mnemonic(_ word: Substring) -> (Bool, BranchCondition, MSFSign)? {
    guard word.first == "b" else { return nil }
    var rest = word.dropFirst()
    let uniform = rest.first == "u"
    if uniform { rest = rest.dropFirst() }
    var msfign = MSFSign.none
    if rest.last == "p" || rest.last == "q" {
      let candidate = rest.dropLast()
      if candidate.isEmpty || conditions[String(candidate.dropFirst())] != nil {
        msfign = rest.last == "p" ? .p : .q
        rest = candidate
      }
    }
    if rest.isEmpty { return (uniform, .always, msfign) }
    guard rest.first == ".", let condition = conditions[String(rest.dropFirst())] else {
      return nil
    }
    return (uniform, condition, msfign)
  }
}
