/// The host buffers of a launch, placed in one 32-bit byte address space.
///
/// Buffer `i` starts at ``baseAddress(of:)``; buffers are 4 KiB aligned with an
/// unmapped 4 KiB gap between neighbours, so an index one past the end faults instead
/// of reading the next buffer. Address 0 is never mapped.
public struct LaunchMemory: Sendable {
  /// The contents of every buffer, as 32-bit words.
  public var buffers: [[UInt32]]
  private var bases: [UInt32]

  /// Places `buffers`; fails when they do not fit in the 32-bit address space.
  public init(buffers: [[UInt32]]) throws(InterpreterError) {
    self.buffers = buffers
    var bases: [UInt32] = []
    var next: UInt64 = 0x1000
    for buffer in buffers {
      bases.append(UInt32(truncatingIfNeeded: next))
      let bytes = UInt64(buffer.count) * 4
      next += (bytes + 0xFFF) / 0x1000 * 0x1000 + 0x1000
      if next > UInt64(UInt32.max) {
        throw InterpreterError(message: "buffers do not fit in the 32-bit address space")
      }
    }
    self.bases = bases
  }

  /// The byte address of the first element of buffer `index`.
  public func baseAddress(of index: Int) -> UInt32 { bases[index] }

  /// The buffer and word index at `address`, or `nil` when nothing is mapped there.
  func locate(_ address: UInt32) -> (buffer: Int, word: Int)? {
    guard address % 4 == 0 else { return nil }
    for (index, base) in bases.enumerated() where address >= base {
      let word = Int((address - base) / 4)
      if word < buffers[index].count { return (index, word) }
    }
    return nil
  }
}

/// Why a launch stopped.
public struct InterpreterError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What went wrong, naming the QPU, lane, address and instruction where they apply.
  public var message: String
  /// An error with the given message.
  public init(message: String) { self.message = message }
  public var description: String { message }
}
