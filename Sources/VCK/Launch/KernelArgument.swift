import V3DRuntime
import VCKIR

/// A value passed to a kernel parameter: a scalar, or a buffer whose GPU
/// address the kernel receives.
public enum KernelArgumentValue: Sendable {
  /// A scalar's 32-bit pattern and its type.
  case scalar(bits: UInt32, type: ScalarType)
  /// A buffer, with its element type (nil when the element type has no
  /// `.vck` counterpart, e.g. `UInt8`).
  case buffer(BufferObject, element: ScalarType?)

  /// What the value is, for messages.
  var typeDescription: String {
    switch self {
    case .scalar(_, let type): return type.rawValue
    case .buffer(_, let element?): return "*\(element.rawValue)"
    case .buffer(_, nil): return "a buffer of a type .vck has no name for"
    }
  }
}

/// A Swift value that can be passed to a kernel parameter.
///
/// `Float`, `Int32` and `UInt32` are the `.vck` scalars `f32`, `i32` and `u32`; a
/// `Buffer` of `Float`, `Int32` or `UInt32` is a pointer `*f32`, `*i32` or `*u32`.
/// (Kernel parameters cannot be `bool`, so `Bool` is not an argument.)
public protocol KernelArgument {
  /// The value with its `.vck` type, as a launch passes it.
  var kernelArgumentValue: KernelArgumentValue { get }
}

extension Float: KernelArgument {
  /// An `f32` scalar.
  public var kernelArgumentValue: KernelArgumentValue { .scalar(bits: bitPattern, type: .f32) }
}

extension Int32: KernelArgument {
  /// An `i32` scalar.
  public var kernelArgumentValue: KernelArgumentValue {
    .scalar(bits: UInt32(bitPattern: self), type: .i32)
  }
}

extension UInt32: KernelArgument {
  /// A `u32` scalar.
  public var kernelArgumentValue: KernelArgumentValue { .scalar(bits: self, type: .u32) }
}

extension Buffer: KernelArgument {
  /// A pointer to the buffer's elements: `*f32`, `*i32` or `*u32` for `Float`,
  /// `Int32` or `UInt32` elements. A buffer of another element type matches no
  /// parameter, and a launch refuses it.
  public var kernelArgumentValue: KernelArgumentValue {
    let element: ScalarType?
    switch Element.self {
    case is Float.Type: element = .f32
    case is Int32.Type: element = .i32
    case is UInt32.Type: element = .u32
    default: element = nil
    }
    return .buffer(storage, element: element)
  }
}
