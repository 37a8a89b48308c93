/// Why a QPU did not issue an instruction in a cycle, as the timing model sees it.
public enum StallCause: Int, CaseIterable, Sendable, Codable, CustomStringConvertible {
  /// `ldtmu` waiting for the data of a lookup.
  case tmuData
  /// A `tmua`/`tmud` write waiting for room in the QPU's TMU input FIFO.
  case tmuQueue
  /// `tmuwt` waiting for the thread's stores to complete.
  case tmuStoreWait
  /// Waiting for the slice's SFU.
  case sfu
  /// A uniform or unifa stream entering a line not yet fetched.
  case uniform
  /// A thread waiting at a barrier with nothing else to run on its QPU.
  case barrier
  /// A thread slot waiting for its batch to be dispatched.
  case dispatch

  public var description: String {
    switch self {
    case .tmuData: "TMU data"
    case .tmuQueue: "TMU queue full"
    case .tmuStoreWait: "tmuwt"
    case .sfu: "SFU"
    case .uniform: "uniform fetch"
    case .barrier: "barrier"
    case .dispatch: "dispatch"
    }
  }

  /// The key used in JSON output.
  public var key: String {
    switch self {
    case .tmuData: "tmu_data"
    case .tmuQueue: "tmu_queue"
    case .tmuStoreWait: "tmuwt"
    case .sfu: "sfu"
    case .uniform: "uniform"
    case .barrier: "barrier"
    case .dispatch: "dispatch"
    }
  }
}

/// Stall cycles by cause.
public struct StallCycles: Sendable, Equatable, Codable {
  public var cycles: [UInt64] = Array(repeating: 0, count: StallCause.allCases.count)

  public init() {}

  public subscript(cause: StallCause) -> UInt64 {
    get { cycles[cause.rawValue] }
    set { cycles[cause.rawValue] = newValue }
  }

  /// All stall cycles.
  public var total: UInt64 { cycles.reduce(0, +) }

  mutating func add(_ other: StallCycles) {
    for index in cycles.indices { cycles[index] += other.cycles[index] }
  }
}
