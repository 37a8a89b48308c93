extension Instruction {
  /// Decodes a 64-bit word.
  ///
  /// Accepts exactly the words V3D 4.2 defines. Fields the hardware ignores
  /// (a branch's unused bits and its uniform destination without `ub`, an
  /// stvpm's magic bit, a destination-less operation's waddr) are accepted
  /// and dropped, so re-encoding gives the canonical word. Unread raddr
  /// fields are kept as they are.
  public init(decoding word: UInt64) throws(DecodingError) {
    if Fields.opMul.get(word) != 0 {
      self = .alu(try ALUInstruction(decoding: word))
    } else if Fields.branchMarker.get(word) == 2 {
      self = .branch(try BranchInstruction(decoding: word))
    } else {
      throw DecodingError(
        word: word, reason: "mul opcode 0 without the branch marker (bits 57..56 = 10)")
    }
  }
}

extension ALUInstruction {
  /// Decodes an ALU word (mul opcode ≠ 0); see ``Instruction/init(decoding:)``.
  public init(decoding word: UInt64) throws(DecodingError) {
    func fail(_ reason: String) -> DecodingError { DecodingError(word: word, reason: reason) }
    let sigCode = Fields.sig.get8(word)
    guard let signals = SignalTable.byCode[Int(sigCode)] else {
      throw fail("signal code \(sigCode) is reserved on V3D 4.2")
    }
    let cond = Fields.cond.get8(word)
    var addFlags = ALUFlags.none
    var mulFlags = ALUFlags.none
    var signalDestination: Destination?
    if signals.writesAddress {
      guard let destination = Destination(magic: cond & 0x40 != 0, address: cond & 63) else {
        throw fail("signal destination: magic address \(cond & 63) is undefined")
      }
      signalDestination = destination
    } else {
      guard let flags = ConditionField.decode(cond) else {
        throw fail("cond value 0x10 is reserved")
      }
      (addFlags, mulFlags) = flags
    }
    let addFields = SideFields(
      opcode: Fields.opAdd.get8(word), a: Fields.addA.get8(word), b: Fields.addB.get8(word),
      waddr: Fields.waddrA.get8(word), magic: Fields.ma.get(word) != 0)
    let mulFields = SideFields(
      opcode: Fields.opMul.get8(word), a: Fields.mulA.get8(word), b: Fields.mulB.get8(word),
      waddr: Fields.waddrM.get8(word), magic: Fields.mm.get(word) != 0)
    var add: AddOperation
    var mul: MulOperation
    do {
      add = try OperationCoding.decode(
        addFields, rows: AddOpcodeTable.rowsByValue[Int(addFields.opcode)], alu: .add)
      mul = try OperationCoding.decode(
        mulFields, rows: MulOpcodeTable.rowsByValue[Int(mulFields.opcode)], alu: .mul)
    } catch {
      throw fail(error.reason)
    }
    add.flags = addFlags
    mul.flags = mulFlags
    self.init(
      add: add, mul: mul, signals: signals, signalDestination: signalDestination,
      raddrA: Fields.raddrA.get8(word), raddrB: Fields.raddrB.get8(word))
    if muxesRead.contains(.b) {
      if signals.contains(.smallImmediate) && raddrB >= 48 {
        throw fail("an operand reads small-immediate index \(raddrB), which has no value")
      }
      if signals.contains(.rot) {
        throw fail("an operand reads raddr_b, which holds the rotate amount")
      }
    }
    if signals.contains(.rot) && rotation == nil {
      throw fail("rotate amount index \(raddrB) is out of range 0…31")
    }
  }
}

extension BranchInstruction {
  /// Decodes a branch word; see ``Instruction/init(decoding:)``.
  public init(decoding word: UInt64) throws(DecodingError) {
    func fail(_ reason: String) -> DecodingError { DecodingError(word: word, reason: reason) }
    guard Fields.opMul.get(word) == 0, Fields.branchMarker.get(word) == 2 else {
      throw fail("not a branch word")
    }
    let condCode = Fields.branchCondition.get8(word)
    guard let condition = BranchCondition(rawValue: condCode) else {
      throw fail("branch condition 1 is reserved")
    }
    let msfCode = Fields.branchMSFSign.get8(word)
    guard let msfign = MSFSign(rawValue: msfCode) else {
      throw fail("branch msfign 3 is undefined")
    }
    let offset =
      UInt32(Fields.branchAddressLow.get(word) << 3)
      | UInt32(Fields.branchAddressHigh.get(word) << 24)
    let raddrA = Fields.branchRaddrA.get8(word)
    let targets: [BranchTarget] = [
      .absolute(offset), .relative(Int32(bitPattern: offset)), .linkRegister, .register(raddrA),
    ]
    let target = targets[Int(Fields.branchBDI.get(word))]
    var uniformTarget: UniformBranchTarget?
    if Fields.branchUB.get(word) == 1 {
      let uniformTargets: [UniformBranchTarget] = [
        .absolute, .relative, .linkRegister, .register(raddrA),
      ]
      let bdu = Int(Fields.branchBDU.get(word))
      guard bdu < 4 else { throw fail("uniform branch destination \(bdu) is undefined") }
      uniformTarget = uniformTargets[bdu]
    }
    self.init(
      condition: condition, msfign: msfign, target: target, uniformTarget: uniformTarget,
      writesLink: Fields.branchLink.get(word) == 1)
  }
}
