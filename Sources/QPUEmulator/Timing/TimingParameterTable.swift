/// One row of the parameter table: a value, where it comes from, how sure it is.
public struct TimingParameterRow: Sendable {
  /// The parameter's name (as `--timing-parameter` takes it).
  public var name: String
  public var value: String
  public var unit: String
  /// Where the value comes from.
  public var source: String
  /// How sure it is: `measured`, `calibrated`, `documented`, `inferred`, `guess`.
  public var confidence: String
}

extension TimingParameters {
  /// Writable parameters by name, for what-if runs (`vck emulate --timing-parameter`).
  // Immutable tables of key paths (key paths are not Sendable).
  nonisolated(unsafe) static let settable: [String: WritableKeyPath<TimingParameters, Double>] = [
    "tmuCyclesPerLine": \.tmuCyclesPerLine,
    "dramBytesPerCycle": \.dramBytesPerCycle,
    "l2BytesPerCycle": \.l2BytesPerCycle,
    "l2WriteCost": \.l2WriteCost,
    "sfuCyclesPerOperation": \.sfuCyclesPerOperation,
    "launchOverheadSeconds": \.launchOverheadSeconds,
    "clockHz": \.clockHz,
  ]
  nonisolated(unsafe) static let settableIntegers: [String: WritableKeyPath<TimingParameters, UInt64>] = [
    "cyclesPerInstruction": \.cyclesPerInstruction,
    "tmuHitLatency": \.tmuHitLatency,
    "l2HitLatency": \.l2HitLatency,
    "dramLatency": \.dramLatency,
    "uniformMissLatency": \.uniformMissLatency,
    "barrierReleaseCycles": \.barrierReleaseCycles,
    "batchStartCycles": \.batchStartCycles,
  ]
  nonisolated(unsafe) static let settableSizes: [String: WritableKeyPath<TimingParameters, Int>] = [
    "lineBytes": \.lineBytes,
    "tmuInputFIFOSlots": \.tmuInputFIFOSlots,
    "tmuCacheBytes": \.tmuCacheBytes,
    "tmuCacheWays": \.tmuCacheWays,
    "l2Bytes": \.l2Bytes,
    "l2Ways": \.l2Ways,
  ]

  /// Every parameter name `setting(_:to:)` accepts.
  public static var names: [String] {
    (Array(settable.keys) + Array(settableIntegers.keys) + Array(settableSizes.keys)).sorted()
  }

  /// These parameters with `name` set to `value`; `nil` for an unknown name
  /// or a value out of range (negative, not a number, a line size that is
  /// not a power of two).
  public func setting(_ name: String, to value: String) -> TimingParameters? {
    var copy = self
    if let path = TimingParameters.settable[name] {
      guard let number = Double(value), number.isFinite, number > 0 else { return nil }
      copy[keyPath: path] = number
    } else if let path = TimingParameters.settableIntegers[name] {
      guard let number = UInt64(value), number < 1 << 32 else { return nil }
      copy[keyPath: path] = number
    } else if let path = TimingParameters.settableSizes[name] {
      guard let number = Int(value), number > 0, number < 1 << 30 else { return nil }
      if name == "lineBytes" && (number < 4 || number & (number - 1) != 0) { return nil }
      copy[keyPath: path] = number
    } else {
      return nil
    }
    return copy
  }
}
