/// The 7-bit `cond` field of an ALU instruction (bits 52..46) when it holds
/// conditions and flag effects rather than a signal's write address.
enum ConditionField {
  /// Decodes the field into the add and mul ALUs' flags, or nil for the
  /// reserved value 0x10.
  static func decode(_ c: UInt8) -> (add: ALUFlags, mul: ALUFlags)? {
    var add = ALUFlags.none
    var mul = ALUFlags.none
    switch c {
    case 0: break
    case 1...3: add.push = FlagPush(rawValue: c)
    case 4...15: add.update = FlagUpdate(rawValue: c)
    case 16: return nil
    case 17...19: mul.push = FlagPush(rawValue: c & 3)
    case 20...31: mul.update = FlagUpdate(rawValue: c & 15)
    case 32...47:
      add.condition = Condition(rawValue: (c >> 2) & 3)
      mul.push = FlagPush(rawValue: c & 3)
    case 48...63:
      mul.condition = Condition(rawValue: (c >> 2) & 3)
      add.push = FlagPush(rawValue: c & 3)
    default:
      mul.condition = Condition(rawValue: (c >> 4) & 3)
      if (c >> 2) & 3 == 0 {
        add.condition = Condition(rawValue: c & 3)
      } else {
        add.update = FlagUpdate(rawValue: c & 15)
      }
    }
    return (add, mul)
  }

  /// Encodes the flags of both ALUs, or throws if the combination has no
  /// encoding (only 11 shapes exist).
  static func encode(add: ALUFlags, mul: ALUFlags) throws(EncodingError) -> UInt8 {
    for (flags, alu) in [(add, ALU.add), (mul, ALU.mul)] {
      let count =
        (flags.condition == nil ? 0 : 1) + (flags.push == nil ? 0 : 1)
        + (flags.update == nil ? 0 : 1)
      if count > 1 {
        throw .conflictingFlags(
          "the \(alu) ALU has \(flags.suffix.dropFirst()); one ALU can carry only one of a "
            + "condition, a flag push and a flag update")
      }
    }
    switch (add.condition, add.push, add.update, mul.condition, mul.push, mul.update) {
    case (nil, nil, nil, nil, nil, nil): return 0
    case (nil, let p?, nil, nil, nil, nil): return p.rawValue
    case (nil, nil, let u?, nil, nil, nil): return u.rawValue
    case (nil, nil, nil, nil, let p?, nil): return 0x10 | p.rawValue
    case (nil, nil, nil, nil, nil, let u?): return 0x10 | u.rawValue
    case (let c?, nil, nil, nil, let p, nil): return 0x20 | c.rawValue << 2 | (p?.rawValue ?? 0)
    case (nil, let p, nil, let c?, nil, nil): return 0x30 | c.rawValue << 2 | (p?.rawValue ?? 0)
    case (let ac?, nil, nil, let mc?, nil, nil): return 0x40 | mc.rawValue << 4 | ac.rawValue
    case (nil, nil, let u?, let mc?, nil, nil): return 0x40 | mc.rawValue << 4 | u.rawValue
    default:
      throw .conflictingFlags(
        "add\(add.suffix.isEmpty ? " (none)" : add.suffix) with "
          + "mul\(mul.suffix.isEmpty ? " (none)" : mul.suffix) has no encoding; "
          + "the cond field holds one of: a push or update on one ALU; a condition on one ALU "
          + "with a push on the other; conditions on both; a mul condition with an add update")
    }
  }
}

/// One of the two ALUs of an instruction.
public enum ALU: String, Hashable, Sendable {
  case add, mul
}
