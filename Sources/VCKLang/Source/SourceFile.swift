/// A half-open range of UTF-8 byte offsets into one source file.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
  /// Offset of the first byte.
  public var start: Int
  /// Offset one past the last byte; equal to `start` for an empty range.
  public var end: Int

  /// Creates a range from `start` up to (not including) `end`.
  public init(start: Int, end: Int) {
    self.start = start
    self.end = max(start, end)
  }

  /// An empty range at `offset`.
  public init(at offset: Int) {
    self.init(start: offset, end: offset)
  }

  /// The smallest range covering both `self` and `other`.
  public func union(_ other: SourceRange) -> SourceRange {
    SourceRange(start: min(start, other.start), end: max(end, other.end))
  }

  /// `start..<end`, for debugging.
  public var description: String { "\(start)..<\(end)" }
}

/// A 1-based line and column (the column counts UTF-8 bytes).
public struct LineColumn: Hashable, Sendable {
  /// 1-based line number.
  public var line: Int
  /// 1-based byte column.
  public var column: Int
}

/// The text of one `.vck` file and the index of its lines.
public struct SourceFile: Sendable {
  /// The path shown in diagnostics.
  public let path: String
  /// The file's bytes (UTF-8).
  public let bytes: [UInt8]
  /// Byte offset at which each line starts.
  public let lineStarts: [Int]

  /// Creates a source file from text.
  public init(path: String, text: String) {
    self.init(path: path, bytes: Array(text.utf8))
  }

  /// Creates a source file from raw bytes (which need not be valid UTF-8).
  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
    var starts = [0]
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      starts.append(index + 1)
    }
    self.lineStarts = starts
  }

  /// The line and column of a byte offset (clamped to the file).
  public func lineColumn(of offset: Int) -> LineColumn {
    let clamped = min(max(offset, 0), bytes.count)
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= clamped { low = middle } else { high = middle - 1 }
    }
    return LineColumn(line: low + 1, column: clamped - lineStarts[low] + 1)
  }

  /// The byte range of a 1-based line, without its line terminator.
  public func lineRange(_ line: Int) -> Range<Int> {
    guard line >= 1, line <= lineStarts.count else { return bytes.count..<bytes.count }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return start..<max(start, end)
  }

  /// The text of a 1-based line, without its terminator; invalid UTF-8 is repaired.
  public func lineText(_ line: Int) -> String {
    String(decoding: bytes[lineRange(line)], as: UTF8.self)
  }

  /// `N: text` for the line holding byte `offset`, its text without surrounding
  /// whitespace: how listings, profiles and compile errors quote a source statement.
  public func numberedLine(at offset: Int) -> String {
    let line = lineColumn(of: offset).line
    let text = lineText(line).drop(while: \.isWhitespace)
    return "\(line): " + String(text.reversed().drop(while: \.isWhitespace).reversed())
  }

  /// The text covered by `range`.
  public func text(in range: SourceRange) -> String {
    let start = min(max(range.start, 0), bytes.count)
    let end = min(max(range.end, start), bytes.count)
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }
}
