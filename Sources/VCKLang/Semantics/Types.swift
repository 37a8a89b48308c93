/// The scalar types of the language.
public enum ScalarType: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
  case i32, u32, f32, bool

  /// Whether this is `i32` or `u32`.
  public var isInteger: Bool { self == .i32 || self == .u32 }

  /// Whether this is `i32`, `u32` or `f32`.
  public var isNumeric: Bool { self != .bool }

  /// The spelling in source.
  public var description: String { rawValue }
}

/// A type as the checker understands it.
public enum VCKType: Hashable, Sendable, CustomStringConvertible {
  /// A 32-bit scalar (or `bool`) in one lane.
  case scalar(ScalarType)
  /// A pointer to global memory holding elements of the given type (`*f32`).
  case pointer(ScalarType)
  /// A register array `[count]element`: `count` registers, never memory.
  case array(ScalarType, count: Int)
  /// The "type" of a call to a function that returns nothing.
  case void

  public static let i32 = VCKType.scalar(.i32)
  public static let u32 = VCKType.scalar(.u32)
  public static let f32 = VCKType.scalar(.f32)
  public static let bool = VCKType.scalar(.bool)

  /// The scalar type, for `.scalar` only.
  public var scalar: ScalarType? {
    if case .scalar(let scalar) = self { return scalar }
    return nil
  }

  /// The spelling in source (`f32`, `*u32`, `[16]f32`, `void`).
  public var description: String {
    switch self {
    case .scalar(let scalar): return scalar.rawValue
    case .pointer(let element): return "*\(element)"
    case .array(let element, let count): return "[\(count)]\(element)"
    case .void: return "void"
    }
  }
}

/// Whether a value is the same in all 16 lanes of a QPU.
public enum Uniformity: String, Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The same in every lane of a QPU (it may still differ between QPUs).
  case uniform
  /// May differ from lane to lane.
  case varying

  /// `varying` if either is varying.
  public func joined(with other: Uniformity) -> Uniformity {
    self == .varying || other == .varying ? .varying : .uniform
  }

  public static func < (lhs: Uniformity, rhs: Uniformity) -> Bool {
    lhs == .uniform && rhs == .varying
  }

  public var description: String { rawValue }
}

/// A compile-time value.
public enum ConstantValue: Hashable, Sendable, CustomStringConvertible {
  /// An integer, exact. For typed `i32`/`u32` values it lies in the type's range.
  case integer(Int64)
  /// An `f32` value.
  case float(Float)
  /// A `bool`.
  case bool(Bool)

  /// The integer value, if this is an integer.
  public var integer: Int64? {
    if case .integer(let value) = self { return value }
    return nil
  }

  /// The 32-bit pattern the value has in a register of type `type`.
  public func bits(as type: ScalarType) -> UInt32 {
    switch self {
    case .integer(let value): return UInt32(truncatingIfNeeded: value)
    case .float(let value): return value.bitPattern
    case .bool(let value): return value ? 1 : 0
    }
  }

  public var description: String {
    switch self {
    case .integer(let value): return String(value)
    case .float(let value): return String(value)
    case .bool(let value): return String(value)
    }
  }
}
