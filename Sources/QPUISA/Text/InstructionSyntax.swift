/// A parsed line's instruction, before labels are resolved.
enum ParsedInstruction: Sendable {
  case alu(SymbolicALUInstruction)
  /// A branch whose target may still be a label.
  case branch(BranchInstruction, label: Substring?)
}

/// Parses one instruction of Mesa's text syntax (with VCK's extensions).
enum InstructionSyntax {
  static let addOpcodes: [String: AddOpcode] = {
    var names = Dictionary(uniqueKeysWithValues: AddOpcode.allCases.map { ($0.name, $0) })
    // Mesa's decoder prints `vdwwt` for the word of `iid`; py-videocore6's names.
    let aliases: [String: AddOpcode] = [
      "vdwwt": .iid, "band": .and, "bor": .or, "bxor": .xor, "bnot": .not, "imin": .min,
      "imax": .max,
    ]
    names.merge(aliases) { current, _ in current }
    return names
  }()
  static let mulOpcodes = Dictionary(uniqueKeysWithValues: MulOpcode.allCases.map { ($0.name, $0) })
  static let conditions = Dictionary(uniqueKeysWithValues: Condition.allCases.map { ("\($0)", $0) })
  static let pushes = Dictionary(uniqueKeysWithValues: FlagPush.allCases.map { ("\($0)", $0) })
  static let updates = Dictionary(uniqueKeysWithValues: FlagUpdate.allCases.map { ("\($0)", $0) })
  static let simpleSignals: [String: Signals] = [
    "thrsw": .thrsw, "ldunif": .ldunif, "ldunifa": .ldunifa, "wrtmuc": .wrtmuc, "ucb": .ucb,
  ]
  static let addressSignals: [String: Signals] = [
    "ldtmu": .ldtmu, "ldvary": .ldvary, "ldtlb": .ldtlb, "ldtlbu": .ldtlbu,
    "ldunifrf": .ldunifrf, "ldunifarf": .ldunifarf,
  ]

  /// Parses the instruction text of one line (no label, no comment).
  static func parse(_ text: Substring) throws(LineError) -> ParsedInstruction {
    let segments = text.split(separator: ";", omittingEmptySubsequences: false).map(
      \.trimmingSpaces)
    if let first = segments.first, let branch = try BranchSyntax.parse(first) {
      if segments.count > 1 { throw LineError("a branch takes no mul operation or signals") }
      return branch
    }
    var instruction = SymbolicALUInstruction()
    instruction.add = try operation(segments[0], table: addOpcodes, alu: .add) {
      AddOpcodeTable.row($0).shape
    }
    var rest = segments.dropFirst()
    if let second = rest.first, mulOpcodes[String(mnemonic(second).name)] != nil {
      instruction.mul = try operation(second, table: mulOpcodes, alu: .mul) {
        MulOpcodeTable.row($0).shape
      }
      rest = rest.dropFirst()
    }
    for segment in rest { try signal(segment, into: &instruction) }
    return .alu(instruction)
  }

  private static func mnemonic(_ segment: Substring) -> (name: Substring, operands: Substring) {
    let end = segment.firstIndex { $0 == " " || $0 == "\t" } ?? segment.endIndex
    let word = segment[..<end]
    let name = word.split(separator: ".", maxSplits: 1).first ?? word
    return (name, segment[end...])
  }

  /// Parses `mnemonic[.cond][.push][.update] operands`.
  private static func operation<Op: RawRepresentable & Hashable & Sendable>(
    _ segment: Substring, table: [String: Op], alu: ALU, shape: (Op) -> OperationShape
  ) throws(LineError) -> Operation<Op, SymbolicSource> where Op.RawValue == String {
    let end = segment.firstIndex { $0 == " " || $0 == "\t" } ?? segment.endIndex
    let parts = segment[..<end].split(separator: ".", omittingEmptySubsequences: false)
    let name = parts.first ?? ""
    if name.isEmpty { throw LineError("missing \(alu) operation") }
    var operands = OperandSyntax.operands(segment[end...])
    var isAddMove = false
    var opcode = table[String(name)]
    if opcode == nil, alu == .add, name == "mov" {
      // py-videocore6's add-ALU move: `or d, s, s`.
      opcode = table["or"]
      isAddMove = true
    }
    guard let opcode else {
      throw LineError("unknown \(alu) operation '\(name)'")
    }
    var flags = ALUFlags.none
    for suffix in parts.dropFirst() {
      let key = String(suffix)
      if let c = conditions[key], flags.condition == nil {
        flags.condition = c
      } else if let p = pushes[key], flags.push == nil {
        flags.push = p
      } else if let u = updates[key], flags.update == nil {
        flags.update = u
      } else {
        throw LineError("unknown or repeated suffix '.\(suffix)' on \(name)")
      }
    }
    if isAddMove, operands.count == 2 { operands.append(operands[1]) }
    // py-videocore6 writes the waits without their (discard) destination.
    if operands.isEmpty, name == "tmuwt" || name == "vpmwt" { operands = ["-"] }
    let row = shape(opcode)
    let expected = (row.hasDestination ? 1 : 0) + row.sourceCount
    guard operands.count == expected else {
      throw LineError(
        "\(name) takes \(expected) operand(s)"
          + (row.hasDestination ? " (destination first)" : "") + ", got \(operands.count)")
    }
    var operation = Operation<Op, SymbolicSource>(opcode, flags: flags)
    if row.hasDestination {
      (operation.destination, operation.pack) = try OperandSyntax.destination(
        operands.removeFirst())
    }
    if row.sourceCount >= 1 { operation.a = try OperandSyntax.source(operands[0]) }
    if row.sourceCount >= 2 { operation.b = try OperandSyntax.source(operands[1]) }
    return operation
  }

  /// Parses one signal: `thrsw`, `ldtmu.r3`, `rot(3)`, `rot(r5)`, ….
  private static func signal(_ segment: Substring, into instruction: inout SymbolicALUInstruction)
    throws(LineError)
  {
    let text = String(segment)
    if text.hasPrefix("rot(") && text.hasSuffix(")") {
      let amount = text.dropFirst(4).dropLast()
      guard instruction.rotation == nil else { throw LineError("more than one rot signal") }
      if amount == "r5" {
        instruction.rotation = .byR5
      } else if let n = Int(amount), (-16...15).contains(n), n != 0 {
        instruction.rotation = .by(Int8(n))
      } else {
        throw LineError("rotate amount '\(amount)' must be r5 or -16…-1, 1…15")
      }
      return
    }
    let parts = segment.split(separator: ".", maxSplits: 1)
    let name = String(parts.first ?? "")
    let signal: Signals
    if let s = simpleSignals[name], parts.count == 1 {
      signal = s
    } else if let s = addressSignals[name] {
      guard parts.count == 2 else { throw LineError("\(name) needs a destination (\(name).rf3)") }
      guard instruction.signalDestination == nil else {
        throw LineError("two signals that write a destination cannot share an instruction")
      }
      instruction.signalDestination = try OperandSyntax.plainDestination(parts[1])
      signal = s
    } else if simpleSignals[name] != nil {
      throw LineError("\(name) takes no destination")
    } else {
      throw LineError("unknown signal or mul operation '\(segment)'")
    }
    if instruction.signals.contains(signal) { throw LineError("repeated signal \(name)") }
    instruction.signals.insert(signal)
  }
}

/// The operand shape of an opcode row, for the parser.
struct OperationShape {
  let hasDestination: Bool
  let sourceCount: Int
}

extension OpcodeEncoding {
  var shape: OperationShape {
    OperationShape(hasDestination: destination.hasDestination, sourceCount: sourceCount)
  }
}
