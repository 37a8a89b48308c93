/// The 48 small immediates that raddr_b can select when the smimm signal is
/// present: integers −16…15 and the powers of two 2^−8…2^7 as f32.
public enum SmallImmediate {
  /// The 32-bit pattern of each index 0…47.
  public static let values: [UInt32] = (0..<48).map { index in
    switch index {
    case 0..<16: return UInt32(index)
    case 16..<32: return UInt32(bitPattern: Int32(index) - 32)
    default: return Float(sign: .plus, exponent: index - 40, significand: 1).bitPattern
    }
  }

  /// The index that encodes a 32-bit pattern, or nil if no small immediate has it.
  public static func index(of value: UInt32) -> UInt8? {
    indexByValue[value]
  }

  /// The value of an index, or nil for indices 48…63.
  public static func value(at index: UInt8) -> UInt32? {
    index < 48 ? values[Int(index)] : nil
  }

  private static let indexByValue: [UInt32: UInt8] = Dictionary(
    uniqueKeysWithValues: values.enumerated().map { ($1, UInt8($0)) })

  /// A pattern for messages: a plain integer when it looks like one, else
  /// hex with its f32 value.
  public static func describe(_ value: UInt32) -> String {
    let signed = Int32(bitPattern: value)
    if (-(1 << 20)...(1 << 20)).contains(signed) { return String(signed) }
    return "0x\(hex(value, digits: 8)) (\(Float(bitPattern: value)) as f32)"
  }

  /// Mesa's text for a pattern: signed decimal in −16…15, else `0x%08x`.
  public static func text(_ value: UInt32) -> String {
    let signed = Int32(bitPattern: value)
    if (-16...15).contains(signed) { return String(signed) }
    return "0x" + hex(value, digits: 8)
  }
}

/// A rotation of the mul ALU's inputs (the `rot` signal).
public enum Rotation: Hashable, Sendable {
  /// Rotate by the amount held in r5.
  case byR5
  /// Rotate by a constant; the value is the signed small-immediate spelling of
  /// the amount (1…15 or −16…−1), kept as written so it round-trips.
  case by(Int8)

  /// The raddr_b value that encodes the rotation.
  var raddrB: UInt8 {
    switch self {
    case .byR5: return 0
    case .by(let n): return n < 0 ? UInt8(Int(n) + 32) : UInt8(n)
    }
  }

  /// The rotation an raddr_b value encodes (0 is r5; 32…63 are not amounts).
  init?(raddrB: UInt8) {
    switch raddrB {
    case 0: self = .byR5
    case 1..<16: self = .by(Int8(raddrB))
    case 16..<32: self = .by(Int8(Int(raddrB) - 32))
    default: return nil
    }
  }

  /// The amount modulo 16 for a constant rotation (lane j reads lane j − n).
  public var constantAmount: Int? {
    if case .by(let n) = self { return (Int(n) % 16 + 16) % 16 }
    return nil
  }
}

/// Lower-case hexadecimal with leading zeros.
func hex<T: BinaryInteger>(_ value: T, digits: Int) -> String {
  let text = String(value, radix: 16)
  return String(repeating: "0", count: max(0, digits - text.count)) + text
}
