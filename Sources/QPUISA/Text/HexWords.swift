/// Reads listings of instruction words in hexadecimal: one word per line,
/// `0x` optional, `_` separators allowed, `#` and `//` start comments.
public enum HexWords {
  /// A line that is not a word.
  public struct LineError: Error, Hashable, Sendable {
    /// The 1-based line number.
    public let line: Int
    public let message: String
  }

  /// The words of a listing with their 1-based line numbers, and the lines
  /// that could not be read.
  public static func parse(_ text: String) -> (
    words: [(word: UInt64, line: Int)], errors: [LineError]
  ) {
    var words: [(UInt64, Int)] = []
    var errors: [LineError] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      var content = line
      if let hash = content.firstIndex(of: "#") { content = content[..<hash] }
      if let slash = firstDoubleSlash(content) { content = content[..<slash] }
      let trimmed = content.trimmingSpaces
      if trimmed.isEmpty { continue }
      var digits = trimmed
      if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
      let clean = digits.filter { $0 != "_" }
      if !clean.isEmpty, clean.count <= 16, let word = UInt64(clean, radix: 16) {
        words.append((word, index + 1))
      } else {
        errors.append(
          LineError(line: index + 1, message: "'\(trimmed)' is not a 64-bit hexadecimal word"))
      }
    }
    return (words, errors)
  }

  static func firstDoubleSlash(_ text: Substring) -> Substring.Index? {
    var index = text.startIndex
    while index < text.endIndex {
      let next = text.index(after: index)
      if text[index] == "/", next < text.endIndex, text[next] == "/" { return index }
      index = next
    }
    return nil
  }
}
