import Foundation

/// One JSON object written on one line, fields in the order they are added.
public struct JSONLine: CustomStringConvertible {
  private var fields: [(String, String)] = []

  public init() {}

  /// Adds a field whose value is a string.
  public mutating func add(_ key: String, _ value: String) {
    fields.append((key, JSONLine.quoted(value)))
  }

  /// Adds a field whose value is true or false.
  public mutating func add(_ key: String, _ value: Bool) {
    fields.append((key, value ? "true" : "false"))
  }

  /// Adds a field whose value is an integer, or null.
  public mutating func add<Value: BinaryInteger>(_ key: String, _ value: Value?) {
    fields.append((key, value.map { "\($0)" } ?? "null"))
  }

  /// Adds a field whose value is a number, or null (also for NaN and infinities, which JSON
  /// cannot write).
  public mutating func add(_ key: String, _ value: Double?) {
    guard let value, value.isFinite else {
      fields.append((key, "null"))
      return
    }
    fields.append((key, "\(value)"))
  }

  public var description: String {
    "{" + fields.map { "\(JSONLine.quoted($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
  }

  /// `text` as a JSON string literal.
  public static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      default:
        if scalar.value < 0x20 {
          result += String(format: "\\u%04x", scalar.value)
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}
