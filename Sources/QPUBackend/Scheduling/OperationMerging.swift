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

  /// The instruction holding both operations, or nil if they cannot share one.
  static func merge(_ first: SymbolicALUInstruction, _ operation: PhysicalOperation)
    -> SymbolicALUInstruction?
  {
    if first.rotation != nil || operation.rotation != nil { return nil }
    if first.signals.contains(.thrsw) || operation.signals.contains(.thrsw) { return nil }
    for form in forms(operation) {
      var combined = first
      if let add = form.add {
        guard first.add.opcode == .nop else { continue }
        combined.add = add
      }
      if let mul = form.mul {
        guard first.mul.opcode == .nop else { continue }
        combined.mul = mul
      }
      if !form.signals.isEmpty {
        guard first.signals.intersection(form.signals).isEmpty else { continue }
        combined.signals.formUnion(form.signals)
      }
      if let destination = form.signalDestination {
        guard first.signalDestination == nil else { continue }
        combined.signalDestination = destination
      }
      if isValid(combined) { return combined }
    }
    return nil
  }

  /// Whether the instruction encodes and breaks no rule on its own.
  static func isValid(_ instruction: SymbolicALUInstruction) -> Bool {
    guard let resolved = try? instruction.resolved(),
      (try? QPUInstruction.alu(resolved).encoded()) != nil
    else { return false }
    return validator.violations(inInstruction: .alu(resolved)).isEmpty
  }

  /// The instruction of one operation, possibly with its ALU swapped so a later pairing
  /// has room: unchanged here (the first pick keeps its selected ALU).
  static func instruction(_ operation: PhysicalOperation) -> SymbolicALUInstruction {
    operation.instruction
  }
}
