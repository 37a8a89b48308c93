extension Instruction {
  /// The instruction in Mesa's text syntax (see ``DisassemblyStyle``).
  public func text(style: DisassemblyStyle = .vck) -> String {
    switch self {
    case .alu(let alu): return alu.text(style: style)
    case .branch(let branch): return branch.text(style: style)
    }
  }

  /// Decodes and disassembles a word; throws for an invalid word.
  public static func disassemble(_ word: UInt64, style: DisassemblyStyle = .vck)
    throws(DecodingError) -> String
  {
    try Instruction(decoding: word).text(style: style)
  }
}

extension ALUInstruction {
  /// The instruction in Mesa's text syntax.
  public func text(style: DisassemblyStyle = .vck) -> String {
    var line = operationText(
      name: add.opcode == .iid && style == .mesa ? "vdwwt" : add.opcode.name,
      add.flags, add.destination, add.pack, add.inputs, style: style, spaceAlways: true)
    pad(&line, to: 30)
    line += "; "
    line += operationText(
      name: mul.opcode.name, mul.flags, mul.destination, mul.pack, mul.inputs, style: style,
      spaceAlways: mul.opcode != .nop)
    var signalTexts: [String] = []
    for (signal, name) in Signals.printOrder where signals.contains(signal) {
      let writesHere = Signals.addressWriting.contains(signal)
      signalTexts.append(
        writesHere ? "\(name).\(signalDestinationText(style: style))" : name)
    }
    if style == .vck {
      if let rotation {
        switch rotation {
        case .byR5: signalTexts.append("rot(r5)")
        case .by(let n): signalTexts.append("rot(\(n))")
        }
      }
      if signals.contains(.ucb) { signalTexts.append("ucb") }
    }
    if !signalTexts.isEmpty {
      pad(&line, to: 60)
      line += signalTexts.map { "; " + $0 }.joined()
    }
    return line
  }

  private func signalDestinationText(style: DisassemblyStyle) -> String {
    signalDestination?.text(style: style) ?? "?"
  }

  private func operationText(
    name: String, _ flags: ALUFlags, _ destination: Destination?, _ pack: OutputPack,
    _ inputs: [Source], style: DisassemblyStyle, spaceAlways: Bool
  ) -> String {
    var text = name + flags.suffix
    guard spaceAlways else { return text }
    text += " "
    var operands: [String] = []
    if let destination { operands.append(destination.text(style: style) + pack.suffix) }
    for input in inputs { operands.append(sourceText(input)) }
    return text + operands.joined(separator: ", ")
  }

  private func sourceText(_ source: Source) -> String {
    let base: String
    switch source.mux {
    case .a: base = "rf\(raddrA)"
    case .b:
      if let value = smallImmediate {
        base = SmallImmediate.text(value)
      } else {
        base = "rf\(raddrB)"
      }
    default: base = "r\(source.mux.rawValue)"
    }
    return base + source.unpack.suffix
  }
}

extension BranchInstruction {
  /// The branch in Mesa's text syntax.
  public func text(style: DisassemblyStyle = .vck) -> String {
    var line = "b" + (uniformTarget == nil ? "" : "u") + condition.suffix + msfign.suffix + "  "
    switch target {
    case .absolute(let address): line += "zero_addr+0x" + hex(address, digits: 8)
    case .relative(let offset): line += String(offset)
    case .linkRegister: line += "lri"
    case .register(let n): line += "rf\(n)"
    }
    switch uniformTarget {
    case nil: break
    case .absolute?: line += ", a:unif"
    case .relative?: line += ", r:unif"
    case .linkRegister?: line += ", lri"
    case .register(let n)?: line += ", rf\(n)"
    }
    if writesLink && style == .vck { line += ", link" }
    return line
  }
}

/// Appends spaces until the line is `column` characters long.
private func pad(_ line: inout String, to column: Int) {
  if line.count < column { line += String(repeating: " ", count: column - line.count) }
}
