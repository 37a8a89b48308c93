/// Encodes and decodes one ALU's operation against its opcode table row.
/// Shared by the add and mul ALUs; the rows differ, the mechanism does not.
enum OperationCoding {
  /// The field values of an operation, or an error naming what cannot be
  /// encoded. Applies the fadd/faddnf and fmin/fmax operand-order rule by
  /// swapping the (commutative) operands when needed.
  static func encode<Op>(
    _ operation: Operation<Op, Source>, row: OpcodeEncoding<Op>, alu: ALU
  ) throws(EncodingError) -> SideFields {
    let name = "\(alu) \(operation.opcode)"
    var a = operation.a
    var b = operation.b
    if row.a.isOperand != (a != nil) || row.b.isOperand != (b != nil) {
      throw .invalidOperands(
        "\(name) takes \(row.sourceCount) source operand(s), "
          + "got \(operation.inputs.count)")
    }
    if case .nonZeroOperand = row.a, a?.mux == .r0 {
      throw .invalidOperands("\(name) cannot read r0 (that encoding is another operation)")
    }
    if let a, !row.modifiers.unpackA.allows(a.unpack) {
      throw .invalidModifier("\(name) does not accept unpack '\(a.unpack.suffix)' on operand A")
    }
    if let b, !row.modifiers.unpackB.allows(b.unpack) {
      throw .invalidModifier("\(name) does not accept unpack '\(b.unpack.suffix)' on operand B")
    }
    if operation.pack != .none && !row.hasPack {
      throw .invalidModifier("\(name) does not accept an output pack")
    }
    if row.order != .any, let sa = a, let sb = b {
      let keyA = orderKey(sa)
      let keyB = orderKey(sb)
      if keyA == keyB && row.order == .descending {
        throw .invalidOperands(
          "\(name) of an operand with itself (same input, same unpack) has no encoding; "
            + "read the register through both raddr_a and raddr_b")
      }
      if (row.order == .ascending) == (keyA > keyB) { (a, b) = (sb, sa) }
    }
    let ua = a?.unpack ?? .none
    let ub = b?.unpack ?? .none
    let pack = operation.pack.rawValue
    var fields = SideFields(opcode: row.base, a: 0, b: 0, waddr: 6, magic: true)
    var modifierB: UInt8 = 0
    switch row.modifiers {
    case .none: break
    case .f32Binary: fields.opcode = row.base + 16 * pack + 4 * ua.f32Code! + ub.f32Code!
    case .f32PairNoAbs: fields.opcode = row.base + 4 * ua.f32Code! + ub.f32Code!
    case .f16UnpackA: fields.opcode = row.base + ua.f16Code!
    case .roundGroup: fields.opcode = row.base | ua.f32Code! << 2
    case .fmul: fields.opcode = 16 + 16 * pack + 4 * ua.f32Code! + ub.f32Code!
    case .fmov:
      fields.opcode = 14 + pack >> 1
      modifierB = 4 * (pack & 1) + ua.f32Code!
    }
    fields.a = muxField(row.a, input: a, pack: pack, modifierBits: 0)
    fields.b = muxField(row.b, input: b, pack: pack, modifierBits: modifierB)
    try encodeDestination(operation.destination, row: row, name: name, into: &fields)
    return fields
  }

  private static func muxField(
    _ field: MuxField, input: Source?, pack: UInt8, modifierBits: UInt8
  ) -> UInt8 {
    switch field {
    case .operand, .nonZeroOperand: return input!.mux.rawValue
    case .selector(let s): return s
    case .selectorWithPack(let s): return s | pack
    case .selectorRange(let r): return r.lowerBound
    case .modifiers: return modifierBits
    }
  }

  private static func encodeDestination<Op>(
    _ destination: Destination?, row: OpcodeEncoding<Op>, name: String,
    into fields: inout SideFields
  ) throws(EncodingError) {
    if row.destination.hasDestination != (destination != nil) {
      throw .invalidDestination(
        row.destination.hasDestination
          ? "\(name) needs a destination" : "\(name) has no destination")
    }
    switch (row.destination, destination) {
    case (.normal, let d?):
      let (magic, address) = d.encoding
      guard address < 64 else { throw .outOfRange("register rf\(address) does not exist") }
      (fields.magic, fields.waddr) = (magic, address)
    case (.registerOnly, .register(let n)?), (.registerWithInOut, .register(let n)?):
      guard n < 64 else { throw .outOfRange("register rf\(n) does not exist") }
      if case .registerWithInOut(let out) = row.destination {
        fields.magic = out
      } else {
        fields.magic = false
      }
      fields.waddr = n
    case (.registerOnly, _), (.registerWithInOut, _):
      throw .invalidDestination("\(name) can only write a register-file entry")
    case (.waddrSelector(let s), _): (fields.magic, fields.waddr) = (false, s)
    default: (fields.magic, fields.waddr) = (true, MagicRegister.nop.rawValue)
    }
  }

  /// The key of the operand-order rule: `8·unpack code + mux`.
  static func orderKey(_ source: Source) -> Int {
    8 * Int(source.unpack.f32Code ?? 0) + Int(source.mux.rawValue)
  }

  /// The operation raw fields stand for, or the reason there is none.
  static func decode<Op>(
    _ fields: SideFields, rows: [OpcodeEncoding<Op>], alu: ALU
  ) throws(DecodeFailure) -> Operation<Op, Source> {
    var unmatched = "\(alu) opcode \(fields.opcode) is unassigned on V3D 4.2"
    if !rows.isEmpty {
      unmatched =
        "\(alu) opcode \(fields.opcode) has no operation with "
        + "\(alu)_a=\(fields.a), \(alu)_b=\(fields.b)"
    }
    for row in rows {
      guard row.a.matches(fields.a), row.b.matches(fields.b) else { continue }
      if case .waddrSelector(let s) = row.destination, fields.waddr != s {
        unmatched = "\(alu) opcode \(fields.opcode) has no operation with waddr \(fields.waddr)"
        continue
      }
      if case .registerWithInOut(let out) = row.destination, fields.magic != out { continue }
      guard let modifiers = decodeModifiers(row, fields) else { continue }
      var operation = Operation<Op, Source>(row.opcode, pack: modifiers.pack)
      if row.a.isOperand { operation.a = Source(Mux(rawValue: fields.a)!, modifiers.unpackA) }
      if row.b.isOperand { operation.b = Source(Mux(rawValue: fields.b)!, modifiers.unpackB) }
      if let a = operation.a, let b = operation.b, row.order != .any {
        let descending = orderKey(a) > orderKey(b)
        if descending != (row.order == .descending) { continue }
      }
      switch row.destination {
      case .normal:
        guard let d = Destination(magic: fields.magic, address: fields.waddr) else {
          throw DecodeFailure("\(alu) destination: magic address \(fields.waddr) is undefined")
        }
        operation.destination = d
      case .registerOnly:
        if fields.magic {
          throw DecodeFailure("\(row.opcode) cannot write a magic register")
        }
        operation.destination = .register(fields.waddr)
      case .registerWithInOut:
        operation.destination = .register(fields.waddr)
      case .waddrSelector, .none:
        break
      }
      return operation
    }
    throw DecodeFailure(unmatched)
  }

  private static func decodeModifiers<Op>(_ row: OpcodeEncoding<Op>, _ fields: SideFields)
    -> (pack: OutputPack, unpackA: Unpack, unpackB: Unpack)?
  {
    let op = fields.opcode
    var pack = OutputPack.none
    var ua = Unpack.none
    var ub = Unpack.none
    switch row.modifiers {
    case .none: break
    case .f32Binary, .fmul:
      let packCode = row.modifiers == .fmul ? (op >> 4) - 1 : (op - row.base) >> 4
      pack = OutputPack(rawValue: packCode)!
      ua = Unpack.f32ByCode[Int(op >> 2 & 3)]
      ub = Unpack.f32ByCode[Int(op & 3)]
    case .f32PairNoAbs:
      ua = Unpack.f32ByCode[Int(op >> 2 & 3)]
      ub = Unpack.f32ByCode[Int(op & 3)]
    case .f16UnpackA:
      ua = Unpack.f16ByCode[Int(op - row.base)]
    case .roundGroup:
      ua = Unpack.f32ByCode[Int(op >> 2 & 3)]
    case .fmov:
      guard let p = OutputPack(rawValue: 2 * (op & 1) + (fields.b >> 2)) else { return nil }
      pack = p
      ua = Unpack.f32ByCode[Int(fields.b & 3)]
    }
    if case .selectorWithPack = row.a { pack = OutputPack(rawValue: fields.a & 3)! }
    if case .selectorWithPack = row.b { pack = OutputPack(rawValue: fields.b & 3)! }
    return (pack, ua, ub)
  }
}

/// The reason raw fields decode to no operation.
struct DecodeFailure: Error {
  let reason: String
  init(_ reason: String) { self.reason = reason }
}
