/// Which spelling the disassembler uses where VCK and Mesa differ.
public enum DisassemblyStyle: Hashable, Sendable {
  /// VCK's text: Mesa's syntax, plus what Mesa's text drops (`; rot(N)`,
  /// `; ucb`, a branch's `, link`) and the right names where Mesa's are wrong
  /// (`tmuhscm` for magic 44, `iid` for add op 187/2/2). It always assembles
  /// back to the same word.
  case vck
  /// Exactly Mesa's text (`tmuscm` for magic 44, `vdwwt` for `iid`, no
  /// rotation, `ucb` or link marker).
  case mesa
}

extension MagicRegister {
  /// The register's name in text assembly.
  public func name(style: DisassemblyStyle = .vck) -> String {
    switch self {
    case .nop: return "-"
    case .tmuhscm where style == .mesa: return "tmuscm"
    default: return "\(self)"
    }
  }
}

extension Destination {
  /// The destination's text: `rfN` or a magic register name.
  public func text(style: DisassemblyStyle = .vck) -> String {
    switch self {
    case .register(let n): return "rf\(n)"
    case .magic(let m): return m.name(style: style)
    }
  }
}
