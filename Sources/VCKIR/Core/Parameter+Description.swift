extension Parameter.Kind: CustomStringConvertible {
  /// The type as `.vck` spells it: `u32`, `f32`, `*f32`, ….
  public var description: String {
    switch self {
    case .scalar(let type): return type.rawValue
    case .buffer(let element): return "*\(element.rawValue)"
    }
  }
}

extension Parameter: CustomStringConvertible {
  /// The parameter as a kernel signature spells it: `n: u32`, `x: *f32`.
  public var description: String { "\(name): \(kind)" }
}
