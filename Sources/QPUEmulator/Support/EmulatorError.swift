import QPUISA

/// Why a job stopped before its end. Every error names where it happened when
/// a QPU was executing: QPU, thread slot, batch, pc and the instruction's
/// disassembly.
public struct EmulatorError: Error, Sendable, CustomStringConvertible {
  /// The kind of failure.
  public enum Kind: Sendable, Equatable {
    /// The seven CSD configuration words or the memory layout are unusable.
    case invalidConfiguration
    /// A word that V3D 4.2 does not define was executed.
    case invalidInstruction
    /// A memory access (TMU, uniform stream, instruction fetch) that does not
    /// fit inside one buffer, at the buffer's exact size.
    case outOfBounds
    /// An operation or register whose compute semantics are not modelled.
    case unsupported
    /// A strict-mode rule with `.error` severity was broken.
    case ruleViolation(StrictRule)
    /// The instruction budget ran out (the job would hang).
    case instructionBudgetExceeded
    /// Every remaining thread waits for something that can never happen.
    case deadlock
    /// The job's ``JobCancellation`` was cancelled (a device timeout).
    case cancelled
  }

  public var kind: Kind
  /// What went wrong, in words.
  public var message: String
  /// Where: nil for job-level errors.
  public var location: Location?
  /// For memory faults: the lane and the address.
  public var lane: Int?
  public var address: UInt32?

  /// The executing context of an error.
  public struct Location: Sendable, Equatable {
    public var qpu: Int
    public var thread: Int
    public var batch: Int
    public var pc: UInt32
    public var disassembly: String
  }

  public init(
    _ kind: Kind, _ message: String, location: Location? = nil, lane: Int? = nil,
    address: UInt32? = nil
  ) {
    self.kind = kind
    self.message = message
    self.location = location
    self.lane = lane
    self.address = address
  }

  public var description: String {
    var text = ""
    if let location {
      text += "QPU \(location.qpu) thread \(location.thread) (batch \(location.batch)) "
      text += "pc 0x\(hex32(location.pc)) `\(location.disassembly)`: "
    }
    text += message
    if let lane {
      text += " (lane \(lane)" + (address.map { ", address 0x\(hex32($0))" } ?? "") + ")"
    }
    return text
  }
}

/// Eight lower-case hex digits.
func hex32(_ value: UInt32) -> String {
  let text = String(value, radix: 16)
  return String(repeating: "0", count: max(0, 8 - text.count)) + text
}
