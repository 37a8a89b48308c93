import Foundation
import V3DRuntime
import VCKIR

/// How `vck run` reads its `--arg` and `--out` values.
enum RunArguments {
  /// The largest buffer `zeros:COUNT` makes, in elements.
  static let maximumElements = 1 << 28

  /// `NAME=VALUE` pairs by name; a name given twice is an error.
  static func pairs(_ pairs: [String], what: String) throws -> [String: String] {
    var result: [String: String] = [:]
    for pair in pairs {
      guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
        throw RunError("\(what) takes NAME=VALUE, not '\(pair)'")
      }
      let name = String(pair[..<equals])
      guard result[name] == nil else { throw RunError("\(what) \(name) is given twice") }
      result[name] = String(pair[pair.index(after: equals)...])
    }
    return result
  }

  /// The 32-bit pattern of a scalar argument, checked as the language checks a literal of
  /// the type: an `f32` must be finite and in range (`1e40` is refused, as in source).
  static func scalarBits(_ text: String, type: ScalarType, name: String) throws -> UInt32 {
    switch type {
    case .f32:
      guard let wide = Double(text), wide.isFinite else {
        throw RunError("\(name) is f32: '\(text)' is not a finite number")
      }
      let value = Float(wide)
      guard value.isFinite else {
        throw RunError(
          "\(name) is f32: '\(text)' is out of range (the largest f32 is about 3.4e38)")
      }
      return value.bitPattern
    case .i32:
      guard let value = Int32(text) else {
        throw RunError("\(name) is i32: '\(text)' is not an integer in -2^31…2^31-1")
      }
      return UInt32(bitPattern: value)
    case .u32:
      guard let value = UInt32(text) else {
        throw RunError("\(name) is u32: '\(text)' is not an integer in 0…2^32-1")
      }
      return value
    case .bool:
      guard text == "true" || text == "false" else {
        throw RunError("\(name) is bool: use true or false")
      }
      return text == "true" ? 1 : 0
    }
  }

  /// The buffer object of a buffer argument (`zeros:COUNT` or `@FILE`) and how many of its
  /// bytes are the buffer's. An empty buffer still gets a buffer object (for its address) of
  /// one byte, so that any 4-byte access to it is out of bounds on the emulator.
  static func bufferObject(_ text: String, device: Device, name: String) throws
    -> (object: BufferObject, bytes: Int)
  {
    if text.hasPrefix("zeros:") {
      guard let count = Int(text.dropFirst(6)), (0...maximumElements).contains(count) else {
        throw RunError("\(name): zeros:COUNT takes a count of 0…2^28 elements, not '\(text)'")
      }
      return (try device.makeBufferObject(size: max(count * 4, 1)), count * 4)
    }
    guard text.hasPrefix("@") else {
      throw RunError("\(name) is a buffer: give @FILE or zeros:COUNT, not '\(text)'")
    }
    let path = String(text.dropFirst())
    guard let data = FileManager.default.contents(atPath: path) else {
      throw RunError("\(name): cannot read '\(path)'")
    }
    guard data.count % 4 == 0 else {
      throw RunError(
        "\(name): '\(path)' holds \(data.count) bytes, not a whole number of 4-byte elements")
    }
    guard data.count / 4 <= maximumElements else {
      throw RunError("\(name): '\(path)' holds more than 2^28 elements")
    }
    let object = try device.makeBufferObject(size: max(data.count, 1))
    data.withUnsafeBytes { bytes in
      if let base = bytes.baseAddress {
        object.hostAddress.copyMemory(from: base, byteCount: data.count)
      }
    }
    return (object, data.count)
  }
}
