/// Prints functions in the IR's textual form.
///
/// Values and blocks are renumbered in layout order, so the text depends only on the
/// program, not on the history of passes that produced it:
///
///     kernel @scale(%0: u32 n, %1: *f32 x) {
///     ^0(%0: u32, %1: u32):
///       %2 = lane : varying u32
///       ...
///       cbr %7, ^1(%2), ^2
///     }
public enum Printer {
  /// The textual form of `function`.
  public static func print(_ function: Function) -> String {
    var names: [Value: Int] = [:]
    var blockNames: [BlockID: Int] = [:]
    for (index, block) in function.blocks.enumerated() {
      blockNames[block.id] = index
      for value in block.parameters where names[value] == nil { names[value] = names.count }
      for instruction in block.instructions {
        if let result = instruction.result, names[result] == nil { names[result] = names.count }
      }
    }
    func name(_ value: Value) -> String { "%" + (names[value].map(String.init) ?? "?\(value.id)") }
    func blockName(_ block: BlockID) -> String {
      "^" + (blockNames[block].map(String.init) ?? "?\(block.id)")
    }
    func target(_ target: BlockTarget) -> String {
      let arguments = target.arguments.map(name).joined(separator: ", ")
      return blockName(target.block) + (target.arguments.isEmpty ? "" : "(\(arguments))")
    }

    let signature = zip(function.blocks.first?.parameters ?? [], function.parameters).map {
      value, parameter in
      let type: String =
        switch parameter.kind {
        case .scalar(let scalar): scalar.rawValue
        case .buffer(let element): "*" + element.rawValue
        }
      return "\(name(value)): \(type) \(parameter.name)"
    }
    let grid = function.gridDimensions > 0 ? " grid \(function.gridDimensions)" : ""
    var lines = ["kernel @\(function.name)(\(signature.joined(separator: ", ")))\(grid) {"]
    for block in function.blocks {
      var header = blockName(block.id)
      if !block.parameters.isEmpty {
        let parameters = block.parameters.map { "\(name($0)): \(function.type(of: $0))" }
        header += "(" + parameters.joined(separator: ", ") + ")"
      }
      lines.append(header + ":")
      for instruction in block.instructions {
        lines.append("  " + text(of: instruction, name: name))
      }
      let terminator: String =
        switch block.terminator {
        case .branch(let destination): "br " + target(destination)
        case .conditionalBranch(let condition, let thenTarget, let elseTarget):
          "cbr \(name(condition)), \(target(thenTarget)), \(target(elseTarget))"
        case .return: "ret"
        }
      lines.append("  " + terminator)
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The text of one instruction, naming values with `name`.
  public static func text(of instruction: Instruction, name: (Value) -> String) -> String {
    var operands = instruction.operands.map(name)
    if let mask = instruction.mask {
      operands[operands.count - 1] = "mask " + name(mask)
    }
    var body = instruction.opcode.rawValue
    if instruction.opcode == .constant {
      body += " " + constantText(instruction.immediate, instruction.type.scalar)
    } else if !operands.isEmpty {
      if let element = instruction.vectorElement { body += " \(element)" }
      body += " " + operands.joined(separator: ", ")
    }
    body += " : \(instruction.type)"
    if let result = instruction.result { return "\(name(result)) = \(body)" }
    return body
  }

  /// The literal text of a constant's bits.
  public static func constantText(_ bits: UInt32, _ scalar: ScalarType) -> String {
    switch scalar {
    case .u32: return String(bits)
    case .i32: return String(Int32(bitPattern: bits))
    case .bool: return bits == 0 ? "false" : "true"
    case .f32:
      let value = Float(bitPattern: bits)
      if value.isFinite { return "\(value)" }
      return "bits 0x" + String(bits, radix: 16, uppercase: true)
    }
  }
}
