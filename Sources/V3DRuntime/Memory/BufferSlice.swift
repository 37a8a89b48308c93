/// A contiguous range of a ``Buffer``'s elements: what `buffer[a..<b]` gives. It reads and
/// writes the buffer itself (no copy) and prints its elements, as an array slice does.
///
/// ```swift
/// print(y[0..<4])   // [1.0, 3.0, 5.0, 7.0]
/// ```
public struct BufferSlice<Element: BufferElement>: RandomAccessCollection, MutableCollection,
  CustomStringConvertible, CustomDebugStringConvertible
{
  /// The buffer the slice is part of.
  public let base: Buffer<Element>
  public let startIndex: Int
  public let endIndex: Int

  init(base: Buffer<Element>, bounds: Range<Int>) {
    precondition(
      bounds.lowerBound >= 0 && bounds.upperBound <= base.count,
      "buffer range \(bounds) out of range 0..<\(base.count)")
    self.base = base
    startIndex = bounds.lowerBound
    endIndex = bounds.upperBound
  }

  public subscript(index: Int) -> Element {
    get {
      precondition(index >= startIndex && index < endIndex, "slice index \(index) out of range")
      return base[index]
    }
    nonmutating set {
      precondition(index >= startIndex && index < endIndex, "slice index \(index) out of range")
      base[index] = newValue
    }
  }

  public subscript(bounds: Range<Int>) -> BufferSlice<Element> {
    get {
      precondition(
        bounds.lowerBound >= startIndex && bounds.upperBound <= endIndex,
        "slice range \(bounds) out of range \(startIndex)..<\(endIndex)")
      return BufferSlice(base: base, bounds: bounds)
    }
    nonmutating set {
      precondition(newValue.count == bounds.count, "slice assignment changes the length")
      for (index, value) in zip(bounds, newValue) { base[index] = value }
    }
  }

  /// The elements, as an array prints them: `[1.0, 3.0]`.
  public var description: String { Array(self).description }

  /// The range and the elements: `Buffer<Float>[0..<2]: [1.0, 3.0]`.
  public var debugDescription: String {
    "Buffer<\(Element.self)>[\(startIndex)..<\(endIndex)]: \(Array(self).description)"
  }
}

extension Buffer {
  /// The elements in `bounds`, as a ``BufferSlice`` of this buffer (no copy).
  public subscript(bounds: Range<Int>) -> BufferSlice<Element> {
    get { BufferSlice(base: self, bounds: bounds) }
    set {
      precondition(newValue.count == bounds.count, "slice assignment changes the length")
      for (index, value) in zip(bounds, newValue) { self[index] = value }
    }
  }
}
