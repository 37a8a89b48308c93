/// Every V3D 4.2 mul-ALU operation. The raw value is Mesa's mnemonic.
public enum MulOpcode: String, CaseIterable, Hashable, Sendable {
  case add, sub, umul24, vfmul, smul24, multop, fmov, nop, mov, fmul

  /// The mnemonic.
  public var name: String { rawValue }

  /// The number of source operands (0, 1 or 2).
  public var sourceCount: Int { MulOpcodeTable.row(self).sourceCount }

  /// Whether the operation writes a destination.
  public var hasDestination: Bool { MulOpcodeTable.row(self).destination.hasDestination }

  /// Whether the operation can carry an output pack (`.l`/`.h`).
  public var hasOutputPack: Bool { MulOpcodeTable.row(self).hasPack }
}

/// The mul-ALU opcode table (encoding.md §8).
enum MulOpcodeTable {
  typealias Row = OpcodeEncoding<MulOpcode>

  static let rows: [Row] = [
    Row(.add, 1), Row(.sub, 2), Row(.umul24, 3),
    Row(.vfmul, 4, .f16UnpackA),
    Row(.smul24, 9), Row(.multop, 10),
    Row(.fmov, 14, .fmov, b: .modifiers),
    Row(.nop, 15, a: .selector(0), b: .selector(4), destination: .none),
    Row(.mov, 15, b: .selector(7)),
    Row(.fmul, 16, .fmul),
  ]

  private static let rowByOpcode: [MulOpcode: Row] = Dictionary(
    uniqueKeysWithValues: rows.map { ($0.opcode, $0) })

  /// The row of an opcode.
  static func row(_ opcode: MulOpcode) -> Row { rowByOpcode[opcode]! }

  /// The rows that can produce each opcode field value 0…63.
  static let rowsByValue: [[Row]] = {
    var table = [[Row]](repeating: [], count: 64)
    for row in rows {
      for value in row.opcodeValues { table[Int(value)].append(row) }
    }
    return table
  }()
}
