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
  nonisolated(unsafe) static let settableIntegers:
    [String: WritableKeyPath<TimingParameters, UInt64>] = [
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

extension TimingParameters {
  /// Every parameter with its value, where it comes from and how sure it is
  /// (docs/emulator.md prints this table).
  public var table: [TimingParameterRow] {
    func row(
      _ name: String, _ value: String, _ unit: String, _ confidence: String, _ source: String
    )
      -> TimingParameterRow
    {
      TimingParameterRow(
        name: name, value: value, unit: unit, source: source, confidence: confidence)
    }
    func number(_ value: Double) -> String {
      value == value.rounded() ? String(Int(value)) : String(value)
    }
    return [
      row(
        "clockHz", number(clockHz), "Hz", "measured",
        "py-videocore6 pctr_gpu_clock.py on a Pi 4: 500.53 MHz (driver.md §11)"),
      row(
        "cyclesPerInstruction", String(cyclesPerInstruction), "cycles", "documented",
        "16 lanes on 4 physical lanes (semantics.md §1.1; py-videocore6 README's peak)"),
      row(
        "lineBytes", String(lineBytes), "bytes", "guess",
        "no source states the TMU cache or L2T line size; 64 is the common size"),
      row(
        "tmuCyclesPerLine", number(tmuCyclesPerLine), "cycles", "guess",
        "one cache line a cycle per slice; no calibration job is bound by it"),
      row(
        "tmuInputFIFOSlots", String(tmuInputFIFOSlots), "writes", "documented",
        "16 input-FIFO slots per QPU (semantics.md §11.5, Mesa)"),
      row(
        "tmuCacheBytes", String(tmuCacheBytes), "bytes", "guess",
        "not reported by any IDENT register the kernel decodes (driver.md §10)"),
      row("tmuCacheWays", String(tmuCacheWays), "ways", "guess", "as tmuCacheBytes"),
      row(
        "tmuHitLatency", String(tmuHitLatency), "cycles", "guess",
        "tmua to data on a TMU-cache hit; only summation's round trip bounds the sum of the "
          + "three latencies"),
      row(
        "l2Bytes", String(l2Bytes), "bytes", "guess",
        "the L2T size is not reported by IDENT (driver.md §10)"),
      row("l2Ways", String(l2Ways), "ways", "guess", "as l2Bytes"),
      row(
        "l2HitLatency", String(l2HitLatency), "cycles", "guess",
        "extra for a TMU-cache miss served by the L2T"),
      row(
        "l2BytesPerCycle", number(l2BytesPerCycle), "bytes/cycle", "calibrated",
        "py-videocore6's summation (7.24 GB/s), memset (3.75 GB/s) and sgemm (3.88 Gflop/s) "
          + "on a Pi 4 are all bound by one shared rate of line transfers into the TMUs: "
          + "15.3 bytes a cycle (7.65 GB/s)"),
      row(
        "l2WriteCost", number(l2WriteCost), "line transfers", "inferred",
        "memset reaches half of summation's rate on the same path (3.75 vs 7.24 GB/s): a "
          + "stored line costs two transfers (write and allocation)"),
      row(
        "dramLatency", String(dramLatency), "cycles", "calibrated",
        "summation keeps two vec4 lookups in flight per QPU; reaching 7.24 GB/s needs round "
          + "trips of about 280 cycles under load"),
      row(
        "dramBytesPerCycle", number(dramBytesPerCycle), "bytes/cycle", "guess",
        "75 % of LPDDR4-3200 on a 32-bit bus (25.6 bytes a cycle at 500 MHz); no "
          + "calibration job is bound by it"),
      row(
        "uniformMissLatency", String(uniformMissLatency), "cycles", "guess",
        "a uniform stream entering a new 64-byte line waits at least as for an L2T hit (the "
          + "line itself goes through the L2T, and DRAM on a miss)"),
      row(
        "sfuCyclesPerOperation", number(sfuCyclesPerOperation), "cycles", "guess",
        "one SFU per slice taking 4 cycles an operation, as VideoCore IV's (VC4CL wiki)"),
      row(
        "barrierReleaseCycles", String(barrierReleaseCycles), "cycles", "guess",
        "from the last arrival to the release"),
      row(
        "batchStartCycles", String(batchStartCycles), "cycles", "guess",
        "CSD dispatch of a batch to a free thread slot: not modelled"),
      row(
        "launchOverheadSeconds", number(launchOverheadSeconds), "s", "inferred",
        "submit ioctl about 32 µs in an ftrace of v3d_submit_csd_ioctl "
          + "(raspberrypi/linux#3460), plus the wait"),
    ]
  }
}
