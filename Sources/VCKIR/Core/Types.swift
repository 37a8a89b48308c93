/// The scalar types of the IR: one 32-bit value (or a boolean) per lane.
///
/// They map one to one onto what a QPU register lane holds: integers and floats are
/// 32-bit words, booleans become per-lane flags (or 0/1 words when materialised).
public enum ScalarType: String, CaseIterable, Hashable, Sendable {
  case i32
  case u32
  case f32
  case bool

  /// Whether this is `i32` or `u32`.
  public var isInteger: Bool { self == .i32 || self == .u32 }
  /// Whether arithmetic (`add`, `sub`, `mul`, ...) is defined on this type.
  public var isNumeric: Bool { self != .bool }
}

/// Whether a value is the same in every lane of a QPU (`uniform`) or may differ
/// per lane (`varying`).
///
/// Uniform values come from kernel parameters, constants, `qpu()`, lane reductions
/// and anything computed only from them; on the QPU they live in the uniform stream
/// or in one register read by every lane. A uniform value may be used wherever a
/// varying one is expected (uniform is a subtype of varying).
public enum Shape: Int, Comparable, Hashable, Sendable {
  case uniform = 0
  case varying = 1

  public static func < (lhs: Shape, rhs: Shape) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The shape of a value computed from values of shapes `self` and `other`.
  public func joined(with other: Shape) -> Shape { max(self, other) }
}

/// The type of an SSA value: a scalar type and a shape.
public struct IRType: Hashable, Sendable, CustomStringConvertible {
  public var scalar: ScalarType
  public var shape: Shape

  public init(_ scalar: ScalarType, _ shape: Shape) {
    self.scalar = scalar
    self.shape = shape
  }

  public static func uniform(_ scalar: ScalarType) -> IRType { IRType(scalar, .uniform) }
  public static func varying(_ scalar: ScalarType) -> IRType { IRType(scalar, .varying) }

  /// Whether a value of type `self` may be used where `other` is expected.
  public func isSubtype(of other: IRType) -> Bool {
    scalar == other.scalar && shape <= other.shape
  }

  /// The textual form: `u32` for uniform values and `varying u32` for varying ones.
  public var description: String {
    shape == .uniform ? scalar.rawValue : "varying \(scalar.rawValue)"
  }
}
