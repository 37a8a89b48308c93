extension Instruction {
  /// The 64-bit word of the instruction.
  ///
  /// Throws when the hardware cannot encode the model: a signal set with no
  /// code, flags the cond field cannot hold, operands or modifiers the
  /// operation does not take, a small-immediate index that is read but has no
  /// value, and so on. fadd/faddnf and fmin/fmax operands are swapped when the
  /// operand-order rule requires it (the operations are commutative).
  public func encoded() throws(EncodingError) -> UInt64 {
    switch self {
    case .alu(let alu): return try alu.encoded()
    case .branch(let branch): return try branch.encoded()
    }
  }
}

extension ALUInstruction {
  /// The 64-bit word of the instruction; see ``Instruction/encoded()``.
  public func encoded() throws(EncodingError) -> UInt64 {
    guard let sig = SignalTable.codes[signals] else {
      throw .invalidSignals(
        "the signal combination \(signals.names.joined(separator: " + ")) has no encoding "
          + "on V3D 4.2")
    }
    let cond: UInt8
    if signals.writesAddress {
      guard let destination = signalDestination else {
        throw .invalidSignals("\(signals.names.joined(separator: " + ")) needs a destination")
      }
      guard add.flags.isEmpty && mul.flags.isEmpty else {
        throw .conflictingFlags(
          "conditions and flag pushes/updates cannot share an instruction with "
            + "\(signals.names.joined(separator: " + ")): the cond field holds its destination")
      }
      let (magic, address) = destination.encoding
      guard address < 64 else { throw .outOfRange("register rf\(address) does not exist") }
      cond = (magic ? 0x40 : 0) | address
    } else {
      if signalDestination != nil {
        throw .invalidSignals(
          "no signal of \(signals.names.isEmpty ? "(none)" : signals.names.joined(separator: " + ")) "
            + "writes a destination")
      }
      cond = try ConditionField.encode(add: add.flags, mul: mul.flags)
    }
    guard raddrA < 64 else { throw .outOfRange("raddr_a \(raddrA) is out of range 0…63") }
    guard raddrB < 64 else { throw .outOfRange("raddr_b \(raddrB) is out of range 0…63") }
    if muxesRead.contains(.b) {
      if signals.contains(.smallImmediate) && raddrB >= 48 {
        throw .notSmallImmediate("small-immediate index \(raddrB) has no value (0…47 do)")
      }
      if signals.contains(.rot) {
        throw .invalidOperands("an operand reads raddr_b, which holds the rotate amount")
      }
    }
    if signals.contains(.rot) && rotation == nil {
      throw .outOfRange("rotate amount index \(raddrB) is out of range 0…31")
    }
    let addFields = try OperationCoding.encode(add, row: AddOpcodeTable.row(add.opcode), alu: .add)
    let mulFields = try OperationCoding.encode(mul, row: MulOpcodeTable.row(mul.opcode), alu: .mul)
    return Fields.opMul.put(mulFields.opcode) | Fields.sig.put(sig) | Fields.cond.put(cond)
      | Fields.mm.put(mulFields.magic ? 1 : 0) | Fields.ma.put(addFields.magic ? 1 : 0)
      | Fields.waddrM.put(mulFields.waddr) | Fields.waddrA.put(addFields.waddr)
      | Fields.opAdd.put(addFields.opcode) | Fields.mulB.put(mulFields.b)
      | Fields.mulA.put(mulFields.a) | Fields.addB.put(addFields.b) | Fields.addA.put(addFields.a)
      | Fields.raddrA.put(raddrA) | Fields.raddrB.put(raddrB)
  }
}

extension BranchInstruction {
  /// The 64-bit word of the branch; see ``Instruction/encoded()``.
  public func encoded() throws(EncodingError) -> UInt64 {
    var offset: UInt32 = 0
    var bdi: UInt8
    var raddrA: UInt8?
    switch target {
    case .absolute(let address):
      bdi = 0
      offset = address
    case .relative(let delta):
      bdi = 1
      offset = UInt32(bitPattern: delta)
    case .linkRegister:
      bdi = 2
    case .register(let n):
      bdi = 3
      raddrA = n
    }
    guard offset & 7 == 0 else {
      throw .outOfRange("branch offset \(offset) is not a multiple of 8 bytes")
    }
    var bdu: UInt8 = 0
    switch uniformTarget {
    case nil, .absolute?: bdu = 0
    case .relative?: bdu = 1
    case .linkRegister?: bdu = 2
    case .register(let n)?:
      bdu = 3
      if let other = raddrA, other != n {
        throw .invalidOperands(
          "a branch to rf\(other) cannot take the uniform stream to rf\(n): both share raddr_a")
      }
      raddrA = n
    }
    if let n = raddrA, n >= 64 { throw .outOfRange("register rf\(n) does not exist") }
    return Fields.branchMarker.put(2) | Fields.branchAddressLow.put(offset >> 3)
      | Fields.branchCondition.put(condition.rawValue)
      | Fields.branchAddressHigh.put(offset >> 24) | Fields.branchLink.put(writesLink ? 1 : 0)
      | Fields.branchMSFSign.put(msfign.rawValue) | Fields.branchBDU.put(bdu)
      | Fields.branchUB.put(uniformTarget == nil ? 0 : 1) | Fields.branchBDI.put(bdi)
      | Fields.branchRaddrA.put(raddrA ?? 0)
  }
}
