// The named constructors of every operation, for ProgramBuilder.
// Generated from the opcode shapes; keep in step with AddOpcode and MulOpcode.

extension Operation where Opcode == AddOpcode, Input == SymbolicSource {
  public static func fadd(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.fadd, d, a, b)
  }
  public static func faddnf(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.faddnf, d, a, b)
  }
  public static func fsub(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.fsub, d, a, b)
  }
  public static func fmin(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.fmin, d, a, b)
  }
  public static func fmax(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.fmax, d, a, b)
  }
  public static func fcmp(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.fcmp, d, a, b)
  }
  public static func add(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.add, d, a, b)
  }
  public static func sub(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.sub, d, a, b)
  }
  public static func min(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.min, d, a, b)
  }
  public static func max(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.max, d, a, b)
  }
  public static func umin(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.umin, d, a, b)
  }
  public static func umax(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.umax, d, a, b)
  }
  public static func shl(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.shl, d, a, b)
  }
  public static func shr(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.shr, d, a, b)
  }
  public static func asr(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.asr, d, a, b)
  }
  public static func ror(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.ror, d, a, b)
  }
  public static func `and`(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.`and`, d, a, b)
  }
  public static func `or`(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.`or`, d, a, b)
  }
  public static func xor(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.xor, d, a, b)
  }
  public static func vadd(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.vadd, d, a, b)
  }
  public static func vsub(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.vsub, d, a, b)
  }
  public static func vfpack(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.vfpack, d, a, b)
  }
  public static func vfmin(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.vfmin, d, a, b)
  }
  public static func vfmax(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.vfmax, d, a, b)
  }
  public static func `not`(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.`not`, d, a) }
  public static func neg(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.neg, d, a) }
  public static func flapush(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.flapush, d, a) }
  public static func flbpush(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.flbpush, d, a) }
  public static func flpop(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.flpop, d, a) }
  public static func recip(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.recip, d, a) }
  public static func setmsf(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.setmsf, d, a) }
  public static func setrevf(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.setrevf, d, a) }
  public static func rsqrt(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.rsqrt, d, a) }
  public static func exp(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.exp, d, a) }
  public static func log(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.log, d, a) }
  public static func sin(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.sin, d, a) }
  public static func rsqrt2(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.rsqrt2, d, a) }
  public static func fround(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.fround, d, a) }
  public static func ftoin(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.ftoin, d, a) }
  public static func ftrunc(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.ftrunc, d, a) }
  public static func ftoiz(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.ftoiz, d, a) }
  public static func ffloor(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.ffloor, d, a) }
  public static func ftouz(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.ftouz, d, a) }
  public static func fceil(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.fceil, d, a) }
  public static func ftoc(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.ftoc, d, a) }
  public static func fdx(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.fdx, d, a) }
  public static func fdy(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.fdy, d, a) }
  public static func itof(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.itof, d, a) }
  public static func clz(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.clz, d, a) }
  public static func utof(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.utof, d, a) }
  public static func tidx(_ d: Destination) -> Self { .op(.tidx, d) }
  public static func eidx(_ d: Destination) -> Self { .op(.eidx, d) }
  public static func lr(_ d: Destination) -> Self { .op(.lr, d) }
  public static func vfla(_ d: Destination) -> Self { .op(.vfla, d) }
  public static func vflna(_ d: Destination) -> Self { .op(.vflna, d) }
  public static func vflb(_ d: Destination) -> Self { .op(.vflb, d) }
  public static func vflnb(_ d: Destination) -> Self { .op(.vflnb, d) }
  public static func fxcd(_ d: Destination) -> Self { .op(.fxcd, d) }
  public static func xcd(_ d: Destination) -> Self { .op(.xcd, d) }
  public static func fycd(_ d: Destination) -> Self { .op(.fycd, d) }
  public static func ycd(_ d: Destination) -> Self { .op(.ycd, d) }
  public static func msf(_ d: Destination) -> Self { .op(.msf, d) }
  public static func revf(_ d: Destination) -> Self { .op(.revf, d) }
  public static func iid(_ d: Destination) -> Self { .op(.iid, d) }
  public static func sampid(_ d: Destination) -> Self { .op(.sampid, d) }
  public static func barrierid(_ d: Destination) -> Self { .op(.barrierid, d) }
  public static func tmuwt(_ d: Destination) -> Self { .op(.tmuwt, d) }
  public static func vpmwt(_ d: Destination) -> Self { .op(.vpmwt, d) }
  public static func flafirst(_ d: Destination) -> Self { .op(.flafirst, d) }
  public static func flnafirst(_ d: Destination) -> Self { .op(.flnafirst, d) }
  /// `or d, a, a`: the add-ALU move.
  public static func mov(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.or, d, a, a) }
  /// `tmuwt` with the discard destination.
  public static var tmuwt: Self { .op(.tmuwt, .discard) }
}

extension Operation where Opcode == MulOpcode, Input == SymbolicSource {
  public static func add(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.add, d, a, b)
  }
  public static func sub(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.sub, d, a, b)
  }
  public static func umul24(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.umul24, d, a, b)
  }
  public static func vfmul(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.vfmul, d, a, b)
  }
  public static func smul24(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.smul24, d, a, b)
  }
  public static func multop(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.multop, d, a, b)
  }
  public static func fmul(_ d: Destination, _ a: SymbolicSource, _ b: SymbolicSource) -> Self {
    .op(.fmul, d, a, b)
  }
  public static func fmov(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.fmov, d, a) }
  public static func mov(_ d: Destination, _ a: SymbolicSource) -> Self { .op(.mov, d, a) }
}
