/// The spelling of registers, immediates and modifiers in assembly text.
enum OperandSyntax {
  /// Magic register names (and their aliases) as the assembler reads them.
  /// `tmuscm` is 40 only; 44 is spelled `tmuhscm`.
  static let magicByName: [String: MagicRegister] = {
    var names: [String: MagicRegister] = [:]
    for register in MagicRegister.allCases { names["\(register)"] = register }
    names["-"] = .nop
    names["null"] = .nop
    names["nop"] = nil  // Mesa spells the discard register `-`.
    names["quad_broadcast"] = .r5
    names["broadcast"] = .r5rep
    return names
  }()

  static let unpackBySuffix: [String: Unpack] = Dictionary(
    uniqueKeysWithValues: Unpack.allCases.filter { $0 != .none }.map {
      (String($0.suffix.dropFirst()), $0)
    })

  /// Parses `rfN` (0…63) or returns nil if the text is not of that form.
  static func registerNumber(_ text: Substring, prefix: String, limit: Int) throws(LineError)
    -> UInt8?
  {
    guard text.hasPrefix(prefix) else { return nil }
    let digits = text.dropFirst(prefix.count)
    guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
    guard let n = Int(digits), n <= limit else {
      throw LineError("\(text) does not exist (\(prefix)0…\(prefix)\(limit))")
    }
    return UInt8(n)
  }

  /// A destination with an optional output pack: `rf3.l`, `r0`, `tmua`, `-`.
  static func destination(_ text: Substring) throws(LineError) -> (Destination, OutputPack) {
    var base = text
    var pack = OutputPack.none
    if text.hasSuffix(".l") || text.hasSuffix(".h") {
      base = text.dropLast(2)
      pack = text.hasSuffix(".l") ? .low : .high
    }
    return (try plainDestination(base), pack)
  }

  /// A destination without modifiers.
  static func plainDestination(_ text: Substring) throws(LineError) -> Destination {
    if let n = try registerNumber(text, prefix: "rf", limit: 63) { return .register(n) }
    if let m = magicByName[String(text)] { return .magic(m) }
    throw LineError("unknown destination '\(text)'")
  }

  /// A source with an optional unpack: `r1.abs`, `rf2`, `-16.l`, `0x3f800000`, `1.0`.
  static func source(_ text: Substring) throws(LineError) -> SymbolicSource {
    var base = text
    var unpack = Unpack.none
    if let dot = text.lastIndex(of: "."),
      let u = unpackBySuffix[String(text[text.index(after: dot)...])]
    {
      base = text[..<dot]
      unpack = u
    }
    if let n = try registerNumber(base, prefix: "rf", limit: 63) {
      return SymbolicSource(.register(n), unpack)
    }
    if let n = try registerNumber(base, prefix: "r", limit: 5) {
      return SymbolicSource(.accumulator(n), unpack)
    }
    guard let value = immediateValue(base) else {
      throw LineError("unknown operand '\(text)' (expected r0…r5, rf0…rf63 or a small immediate)")
    }
    return SymbolicSource(.immediate(value), unpack)
  }

  /// The 32-bit pattern of an integer (decimal or 0x hex, may be negative)
  /// or float literal, or nil if the text is neither.
  static func immediateValue(_ text: Substring) -> UInt32? {
    var digits = text
    let negative = digits.first == "-"
    if negative || digits.first == "+" { digits = digits.dropFirst() }
    if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
      guard let magnitude = UInt64(digits.dropFirst(2), radix: 16) else { return nil }
      return pattern(magnitude, negative: negative)
    }
    if !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) {
      guard let magnitude = UInt64(digits) else { return nil }
      return pattern(magnitude, negative: negative)
    }
    if let f = Float(String(text)), f.isFinite, digits.first?.isASCIIDigit == true {
      return f.bitPattern
    }
    return nil
  }

  private static func pattern(_ magnitude: UInt64, negative: Bool) -> UInt32? {
    if negative {
      guard magnitude <= 1 << 31 else { return nil }
      return UInt32(truncatingIfNeeded: 0 &- magnitude)
    }
    guard magnitude <= UInt64(UInt32.max) else { return nil }
    return UInt32(magnitude)
  }

  /// Splits a comma-separated operand list, trimming spaces.
  static func operands(_ text: Substring) -> [Substring] {
    let trimmed = text.trimmingSpaces
    if trimmed.isEmpty { return [] }
    return trimmed.split(separator: ",", omittingEmptySubsequences: false).map(\.trimmingSpaces)
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Substring {
  var trimmingSpaces: Substring {
    var s = self
    while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
    while let c = s.last, c == " " || c == "\t" || c == "\r" { s = s.dropLast() }
    return s
  }
}
