/// The signals an ALU instruction carries. Only the 27 combinations of
/// ``SignalTable`` are encodable.
public struct Signals: OptionSet, Hashable, Sendable {
  public let rawValue: UInt16
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  /// Thread switch (or, in the thread-end sequence, program end).
  public static let thrsw = Signals(rawValue: 1 << 0)
  /// Load the next uniform into r5.
  public static let ldunif = Signals(rawValue: 1 << 1)
  /// Load the next unifa-stream word into r5.
  public static let ldunifa = Signals(rawValue: 1 << 2)
  /// Load the next uniform into the signal's destination.
  public static let ldunifrf = Signals(rawValue: 1 << 3)
  /// Load the next unifa-stream word into the signal's destination.
  public static let ldunifarf = Signals(rawValue: 1 << 4)
  /// Load a TMU result into the signal's destination.
  public static let ldtmu = Signals(rawValue: 1 << 5)
  /// Load a varying into the signal's destination.
  public static let ldvary = Signals(rawValue: 1 << 6)
  /// Load from the tile buffer.
  public static let ldtlb = Signals(rawValue: 1 << 7)
  /// Load from the tile buffer with a configuration uniform.
  public static let ldtlbu = Signals(rawValue: 1 << 8)
  /// Undocumented (sig 22); never emitted by compilers.
  public static let ucb = Signals(rawValue: 1 << 9)
  /// Rotate the mul ALU's inputs; raddr_b holds the amount.
  public static let rot = Signals(rawValue: 1 << 10)
  /// Write a TMU configuration word from the uniform stream.
  public static let wrtmuc = Signals(rawValue: 1 << 11)
  /// raddr_b holds a small-immediate index instead of a register address.
  public static let smallImmediate = Signals(rawValue: 1 << 12)

  /// The signals that write the register whose address the cond field holds.
  public static let addressWriting: Signals = [
    .ldtmu, .ldvary, .ldtlb, .ldtlbu, .ldunifrf, .ldunifarf,
  ]

  /// Whether the signal set writes a destination held in the cond field.
  public var writesAddress: Bool { !intersection(.addressWriting).isEmpty }

  /// Whether the set consumes a word of the uniform stream.
  public var consumesUniform: Bool {
    !intersection([.ldunif, .ldunifrf, .ldtlbu, .wrtmuc]).isEmpty
  }

  /// Every single signal with its text name, in the order Mesa prints them.
  static let printOrder: [(Signals, String)] = [
    (.thrsw, "thrsw"), (.ldvary, "ldvary"), (.ldtmu, "ldtmu"), (.ldtlb, "ldtlb"),
    (.ldtlbu, "ldtlbu"), (.ldunif, "ldunif"), (.ldunifrf, "ldunifrf"), (.ldunifa, "ldunifa"),
    (.ldunifarf, "ldunifarf"), (.wrtmuc, "wrtmuc"),
  ]

  /// The names of the signals in the set, for messages.
  public var names: [String] {
    var result = Signals.printOrder.filter { contains($0.0) }.map(\.1)
    if contains(.ucb) { result.append("ucb") }
    if contains(.rot) { result.append("rot") }
    if contains(.smallImmediate) { result.append("smimm") }
    return result
  }
}

/// The V3D 4.2 signal field (bits 57..53): which signal set each of the 32
/// codes stands for. Codes 26–30 are reserved.
public enum SignalTable {
  /// The signal set of each code, nil where reserved.
  public static let byCode: [Signals?] = [
    [], [.thrsw], [.ldunif], [.thrsw, .ldunif],
    [.ldtmu], [.thrsw, .ldtmu], [.ldtmu, .ldunif], [.thrsw, .ldtmu, .ldunif],
    [.ldvary], [.thrsw, .ldvary], [.ldvary, .ldunif], [.thrsw, .ldvary, .ldunif],
    [.ldunifrf], [.thrsw, .ldunifrf], [.smallImmediate, .ldvary], [.smallImmediate],
    [.ldtlb], [.ldtlbu], [.wrtmuc], [.thrsw, .wrtmuc],
    [.ldvary, .wrtmuc], [.thrsw, .ldvary, .wrtmuc], [.ucb], [.rot],
    [.ldunifa], [.ldunifarf], nil, nil,
    nil, nil, nil, [.smallImmediate, .ldtmu],
  ]

  /// The code of each encodable signal set.
  public static let codes: [Signals: UInt8] = {
    var map: [Signals: UInt8] = [:]
    for (code, set) in byCode.enumerated() {
      if let set { map[set] = UInt8(code) }
    }
    return map
  }()
}
