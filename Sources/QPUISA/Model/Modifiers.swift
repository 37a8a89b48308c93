/// An input unpack modifier. The f32 forms apply to float operations, the
/// 2×f16 forms to the packed-half operations (vfmin, vfmax, vfmul).
public enum Unpack: Hashable, Sendable, CaseIterable {
  case none
  /// f32: absolute value.
  case abs
  /// f32: the low 16 bits as an f16, widened.
  case low
  /// f32: the high 16 bits as an f16, widened.
  case high
  /// 2×f16: the operand is an f32, converted to f16 in both halves.
  case replicateF32
  /// 2×f16: the low half replicated to both halves.
  case replicateLow
  /// 2×f16: the high half replicated to both halves.
  case replicateHigh
  /// 2×f16: the halves swapped.
  case swap

  /// The text suffix Mesa prints (empty for `none`).
  public var suffix: String {
    switch self {
    case .none: return ""
    case .abs: return ".abs"
    case .low: return ".l"
    case .high: return ".h"
    case .replicateF32: return ".ff"
    case .replicateLow: return ".ll"
    case .replicateHigh: return ".hh"
    case .swap: return ".swp"
    }
  }

  /// The 2-bit encoding of an f32 unpack, or nil for a 2×f16 form.
  var f32Code: UInt8? {
    switch self {
    case .abs: return 0
    case .none: return 1
    case .low: return 2
    case .high: return 3
    default: return nil
    }
  }

  /// The 3-bit encoding of a 2×f16 unpack, or nil for an f32 form.
  var f16Code: UInt8? {
    switch self {
    case .none: return 0
    case .replicateF32: return 1
    case .replicateLow: return 2
    case .replicateHigh: return 3
    case .swap: return 4
    default: return nil
    }
  }

  static let f32ByCode: [Unpack] = [.abs, .none, .low, .high]
  static let f16ByCode: [Unpack] = [.none, .replicateF32, .replicateLow, .replicateHigh, .swap]
}

/// An output pack modifier for float results.
public enum OutputPack: UInt8, Hashable, Sendable, CaseIterable {
  case none = 0
  /// Convert to f16 and write the low 16 bits, keeping the high 16.
  case low = 1
  /// Convert to f16 and write the high 16 bits, keeping the low 16.
  case high = 2

  /// The text suffix Mesa prints (empty for `none`).
  public var suffix: String { ["", ".l", ".h"][Int(rawValue)] }
}
