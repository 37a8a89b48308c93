import QPUISA

/// Pairing operations into one instruction: an add-ALU and a mul-ALU operation plus
/// signals, kept only when the pair encodes and breaks no single-instruction rule.
enum OperationMerging {
  static let validator = ProgramValidator()

  /// The forms an operation can take: as selected, and on the other ALU when the other
  /// ALU has the same operation (`add`/`sub` on both; `mov` as the add ALU's `or x, x`).
  static func forms(_ operation: PhysicalOperation) -> [PhysicalOperation] {
    var result = [operation]
    if let add = operation.add, operation.mul == nil {
      let mulOpcode: MulOpcode? =
        switch add.opcode {
        case .add: .add
        case .sub: .sub
        default: nil
        }
      if let mulOpcode {
        var moved = operation
        moved.add = nil
        moved.mul = SymbolicMulOperation(
          mulOpcode, destination: add.destination, a: add.a, b: add.b, flags: add.flags)
        result.append(moved)
      }
    }
    if let mul = operation.mul, operation.add == nil {
      var moved = operation
      moved.mul = nil
      switch mul.opcode {
      case .mov:
        moved.add = SymbolicAddOperation(
          .or, destination: mul.destination, a: mul.a, b: mul.a, flags: mul.flags)
        result.append(moved)
      case .add, .sub:
        moved.add = SymbolicAddOperation(
          mul.opcode == .add ? .add : .sub, destination: mul.destination, a: mul.a, b: mul.b,
          flags: mul.flags)
        result.append(moved)
      default: break
      }
    }
    return result
  }

  /// The instruction holding both operations, or nil if they cannot share one. Either side
  /// may move to its other ALU to make room.
  static func merge(_ first: SymbolicALUInstruction, _ operation: PhysicalOperation)
    -> SymbolicALUInstruction?
  {
    if first.rotation != nil || operation.rotation != nil { return nil }
    if first.signals.contains(.thrsw) || operation.signals.contains(.thrsw) { return nil }
    for base in alternatives(first) {
      for form in forms(operation) {
        if let combined = combine(base, form) { return combined }
      }
    }
    return nil
  }

  /// An instruction as it is, and with its single ALU operation moved to the other ALU.
  static func alternatives(_ instruction: SymbolicALUInstruction) -> [SymbolicALUInstruction] {
    var result = [instruction]
    let addOnly = instruction.mul.opcode == .nop && instruction.add.opcode != .nop
    let mulOnly = instruction.add.opcode == .nop && instruction.mul.opcode != .nop
    guard addOnly || mulOnly else { return result }
    let operation = PhysicalOperation(
      add: addOnly ? instruction.add : nil, mul: mulOnly ? instruction.mul : nil,
      signals: instruction.signals, signalDestination: instruction.signalDestination,
      rotation: nil, comment: "")
    for form in forms(operation).dropFirst() {
      var moved = instruction
      moved.add = form.add ?? .nop
      moved.mul = form.mul ?? .nop
      result.append(moved)
    }
    return result
  }

  /// Both halves in one instruction, if they fit and the result is valid.
  private static func combine(_ first: SymbolicALUInstruction, _ form: PhysicalOperation)
    -> SymbolicALUInstruction?
  {
    var combined = first
    if let add = form.add {
      guard first.add.opcode == .nop else { return nil }
      combined.add = add
    }
    if let mul = form.mul {
      guard first.mul.opcode == .nop else { return nil }
      combined.mul = mul
    }
    if !form.signals.isEmpty {
      guard first.signals.intersection(form.signals).isEmpty else { return nil }
      combined.signals.formUnion(form.signals)
    }
    if let destination = form.signalDestination {
      guard first.signalDestination == nil else { return nil }
      combined.signalDestination = destination
    }
    return isValid(combined) ? combined : nil
  }

  /// Whether the instruction encodes and breaks no rule on its own.
  static func isValid(_ instruction: SymbolicALUInstruction) -> Bool {
    guard let resolved = try? instruction.resolved(),
      (try? QPUInstruction.alu(resolved).encoded()) != nil
    else { return false }
    return validator.violations(inInstruction: .alu(resolved)).isEmpty
  }
}
