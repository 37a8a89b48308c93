/// An element type a ``Buffer`` can hold: a fixed-size, trivially copyable
/// value as the QPUs see it in memory (little-endian).
public protocol BufferElement: BitwiseCopyable, Sendable {}

extension Float: BufferElement {}
extension Int32: BufferElement {}
extension UInt32: BufferElement {}
extension UInt16: BufferElement {}
extension Int16: BufferElement {}
extension UInt8: BufferElement {}
extension Int8: BufferElement {}
extension UInt64: BufferElement {}

/// A typed array in GPU memory, mapped into this process: read and write it
/// as a Swift collection, and hand its GPU address to a kernel.
///
/// ```swift
/// let x = try device.makeBuffer(of: Float.self, count: 1024)
/// x[0] = 1.5
/// let address = x.gpuAddress            // element 0; x.gpuAddress(of: i) for element i
/// ```
///
/// The memory is freed when the last reference to the buffer goes away.
public final class Buffer<Element: BufferElement>: @unchecked Sendable {
  /// The buffer object holding the elements.
  public let storage: BufferObject
  /// The number of elements.
  public let count: Int

  init(storage: BufferObject, count: Int) {
    self.storage = storage
    self.count = count
  }

  /// The GPU address of element 0.
  public var gpuAddress: UInt32 { storage.gpuAddress }

  /// The GPU address of element `index`.
  public func gpuAddress(of index: Int) -> UInt32 {
    storage.gpuAddress + UInt32(index * MemoryLayout<Element>.stride)
  }

  /// Calls `body` with the elements as a mutable buffer pointer.
  public func withUnsafeMutableBufferPointer<R>(
    _ body: (UnsafeMutableBufferPointer<Element>) throws -> R
  ) rethrows -> R {
    let pointer = storage.hostAddress.assumingMemoryBound(to: Element.self)
    return try body(UnsafeMutableBufferPointer(start: pointer, count: count))
  }

  /// Copies the elements into an array.
  public var array: [Element] { withUnsafeMutableBufferPointer { Array($0) } }

  /// Sets every element from a sequence of exactly `count` elements, or
  /// fills the buffer with one value.
  public func copy<S: Sequence>(from elements: S) where S.Element == Element {
    withUnsafeMutableBufferPointer { buffer in
      var index = 0
      for element in elements where index < count {
        buffer[index] = element
        index += 1
      }
    }
  }

  /// Sets every element to `value`.
  public func fill(with value: Element) {
    withUnsafeMutableBufferPointer { $0.initialize(repeating: value) }
  }
}

extension Buffer: RandomAccessCollection, MutableCollection {
  public typealias SubSequence = BufferSlice<Element>

  public var startIndex: Int { 0 }
  public var endIndex: Int { count }

  public subscript(index: Int) -> Element {
    get {
      precondition(index >= 0 && index < count, "buffer index \(index) out of range 0..<\(count)")
      return storage.hostAddress.loadUnaligned(
        fromByteOffset: index * MemoryLayout<Element>.stride, as: Element.self)
    }
    set {
      precondition(index >= 0 && index < count, "buffer index \(index) out of range 0..<\(count)")
      storage.hostAddress.storeBytes(
        of: newValue, toByteOffset: index * MemoryLayout<Element>.stride, as: Element.self)
    }
  }
}

extension Buffer: CustomStringConvertible, CustomDebugStringConvertible {
  /// The elements, as an array prints them: `[1.0, 3.0, 5.0]`.
  public var description: String { array.description }

  /// The element type, the count and the elements: `Buffer<Float>(3): [1.0, 3.0, 5.0]`.
  public var debugDescription: String { "Buffer<\(Element.self)>(\(count)): \(array.description)" }
}
