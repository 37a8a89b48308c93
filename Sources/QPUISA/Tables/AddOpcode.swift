/// Every V3D 4.2 add-ALU operation. The raw value is Mesa's mnemonic.
public enum AddOpcode: String, CaseIterable, Hashable, Sendable {
  case fadd, faddnf, vfpack, add, sub, fsub, min, max, umin, umax, shl, shr, asr, ror
  case fmin, fmax, vfmin, and, or, xor, vadd, vsub
  case not, neg, flapush, flbpush, flpop, recip, setmsf, setrevf
  case nop, tidx, eidx, lr, vfla, vflna, vflb, vflnb
  case fxcd, xcd, fycd, ycd
  case msf, revf, iid, sampid, barrierid, tmuwt, vpmwt, flafirst, flnafirst
  /// A V3D 3.3 operation that V3D 4.2 words can still spell (add_b 3, add_a ≠ 0).
  case vpmsetup
  case ldvpmvIn = "ldvpmv_in"
  case ldvpmvOut = "ldvpmv_out"
  case ldvpmdIn = "ldvpmd_in"
  case ldvpmdOut = "ldvpmd_out"
  case ldvpmp
  case rsqrt, exp, log, sin, rsqrt2
  case ldvpmgIn = "ldvpmg_in"
  case ldvpmgOut = "ldvpmg_out"
  case fcmp, vfmax
  case fround, ftoin, ftrunc, ftoiz, ffloor, ftouz, fceil, ftoc, fdx, fdy
  case stvpmv, stvpmd, stvpmp
  case itof, clz, utof

  /// The mnemonic.
  public var name: String { rawValue }

  /// The number of source operands (0, 1 or 2).
  public var sourceCount: Int { AddOpcodeTable.row(self).sourceCount }

  /// Whether the operation writes a destination.
  public var hasDestination: Bool { AddOpcodeTable.row(self).destination.hasDestination }

  /// Whether the operation can carry an output pack (`.l`/`.h`).
  public var hasOutputPack: Bool { AddOpcodeTable.row(self).hasPack }
}

/// The add-ALU opcode table (encoding.md §7): the single source of truth for
/// encoding, decoding, disassembly and assembly of add operations.
enum AddOpcodeTable {
  typealias Row = OpcodeEncoding<AddOpcode>

  static let rows: [Row] =
    [
      Row(.fadd, 0, .f32Binary, order: .ascending),
      Row(.faddnf, 0, .f32Binary, order: .descending),
      Row(.vfpack, 48, .f32PairNoAbs),
      Row(.add, 56), Row(.sub, 60),
      Row(.fsub, 64, .f32Binary),
      Row(.min, 120), Row(.max, 121), Row(.umin, 122), Row(.umax, 123),
      Row(.shl, 124), Row(.shr, 125), Row(.asr, 126), Row(.ror, 127),
      Row(.fmin, 128, .f32Binary, order: .ascending),
      Row(.fmax, 128, .f32Binary, order: .descending),
      Row(.vfmin, 176, .f16UnpackA),
      Row(.and, 181), Row(.or, 182), Row(.xor, 183), Row(.vadd, 184), Row(.vsub, 185),
    ]
    + unary(186, [.not, .neg, .flapush, .flbpush, .flpop, .recip, .setmsf, .setrevf])
    + nullary
    + [
      Row(.ldvpmvIn, 188, b: .selector(0), destination: .registerWithInOut(out: false)),
      Row(.ldvpmvOut, 188, b: .selector(0), destination: .registerWithInOut(out: true)),
      Row(.ldvpmdIn, 188, b: .selector(1), destination: .registerWithInOut(out: false)),
      Row(.ldvpmdOut, 188, b: .selector(1), destination: .registerWithInOut(out: true)),
      Row(.ldvpmp, 188, b: .selector(2), destination: .registerOnly),
    ]
    + unary(188, [nil, nil, nil, .rsqrt, .exp, .log, .sin, .rsqrt2])
    + [
      Row(.ldvpmgIn, 189, destination: .registerWithInOut(out: false)),
      Row(.ldvpmgOut, 189, destination: .registerWithInOut(out: true)),
      Row(.fcmp, 192, .f32Binary),
      Row(.vfmax, 240, .f16UnpackA),
      Row(.fround, 0xF1, .roundGroup, b: .selectorWithPack(0)),
      Row(.ftoin, 0xF1, .roundGroup, b: .selector(3)),
      Row(.ftrunc, 0xF1, .roundGroup, b: .selectorWithPack(4)),
      Row(.ftoiz, 0xF1, .roundGroup, b: .selector(7)),
      Row(.ffloor, 0xF2, .roundGroup, b: .selectorWithPack(0)),
      Row(.ftouz, 0xF2, .roundGroup, b: .selector(3)),
      Row(.fceil, 0xF2, .roundGroup, b: .selectorWithPack(4)),
      Row(.ftoc, 0xF2, .roundGroup, b: .selector(7)),
      Row(.fdx, 0xF3, .roundGroup, b: .selectorWithPack(0)),
      Row(.fdy, 0xF3, .roundGroup, b: .selectorWithPack(4)),
      Row(.stvpmv, 248, destination: .waddrSelector(0)),
      Row(.stvpmd, 248, destination: .waddrSelector(1)),
      Row(.stvpmp, 248, destination: .waddrSelector(2)),
      Row(.itof, 252, b: .selectorWithPack(0)),
      Row(.clz, 252, b: .selector(3)),
      Row(.utof, 252, b: .selectorWithPack(4)),
    ]

  /// One-source operations selected by add_b.
  private static func unary(_ base: UInt8, _ ops: [AddOpcode?]) -> [Row] {
    ops.enumerated().compactMap { selector, op in
      op.map { Row($0, base, b: .selector(UInt8(selector))) }
    }
  }

  /// Opcode 187: operations without sources, selected by (add_b, add_a).
  private static let nullary: [Row] = {
    let byB: [[AddOpcode]] = [
      [.nop, .tidx, .eidx, .lr, .vfla, .vflna, .vflb, .vflnb],
      [],
      [.msf, .revf, .iid, .sampid, .barrierid, .tmuwt, .vpmwt, .flafirst],
    ]
    var rows: [Row] = []
    for (b, ops) in byB.enumerated() {
      for (a, op) in ops.enumerated() {
        rows.append(
          Row(
            op, 187, a: .selector(UInt8(a)), b: .selector(UInt8(b)),
            destination: op == .nop ? .none : .normal))
      }
    }
    rows += [
      Row(.fxcd, 187, a: .selectorRange(0...2), b: .selector(1)),
      Row(.xcd, 187, a: .selector(3), b: .selector(1)),
      Row(.fycd, 187, a: .selectorRange(4...6), b: .selector(1)),
      Row(.ycd, 187, a: .selector(7), b: .selector(1)),
      Row(.flnafirst, 187, a: .selector(0), b: .selector(3)),
      Row(.vpmsetup, 187, a: .nonZeroOperand, b: .selector(3)),
    ]
    return rows
  }()

  private static let rowByOpcode: [AddOpcode: Row] = Dictionary(
    uniqueKeysWithValues: rows.map { ($0.opcode, $0) })

  /// The row of an opcode.
  static func row(_ opcode: AddOpcode) -> Row { rowByOpcode[opcode]! }

  /// The rows that can produce each opcode field value 0…255.
  static let rowsByValue: [[Row]] = {
    var table = [[Row]](repeating: [], count: 256)
    for row in rows {
      for value in row.opcodeValues { table[Int(value)].append(row) }
    }
    return table
  }()
}
