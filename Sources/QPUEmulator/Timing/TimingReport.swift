/// What the timing model says about a finished job (docs/emulator.md, "Timing model").
public struct TimingReport: Sendable {
  /// The parameters the job was modelled with.
  public var parameters: TimingParameters
  /// Cycles from the job's start to its last QPU instruction, its last store
  /// reaching memory and the L2T clean that follows it.
  public var cycles: UInt64
  /// Stall cycles of all QPUs by cause.
  public var stalls: StallCycles
  /// Stall cycles by cause per QPU.
  public var qpuStalls: [StallCycles]
  /// Cycles the busiest QPU spent issuing instructions.
  public var issueCycles: UInt64
  /// Cycles each slice's TMU was busy.
  public var tmuBusyCycles: [Double]
  /// Cycles the L2T was busy serving the TMUs.
  public var l2BusyCycles: Double
  /// Cycles of DRAM transfer the job needed at the modelled bandwidth.
  public var dramBusyCycles: Double
  /// Bytes the job's TMU lookups loaded and stored (as py-videocore6 counts traffic).
  public var tmuBytesRead: UInt64
  public var tmuBytesWritten: UInt64
  /// Bytes read from DRAM (L2T fills).
  public var dramBytesRead: UInt64
  /// Bytes written to DRAM (write-backs and the final clean).
  public var dramBytesWritten: UInt64
  /// Lines looked up in the TMU caches that hit / missed.
  public var tmuCacheHits: UInt64
  public var tmuCacheMisses: UInt64
  /// Lines looked up in the L2T that hit / missed.
  public var l2Hits: UInt64
  public var l2Misses: UInt64
  /// Per-instruction counts and stalls, when the run asked for a profile.
  public var profile: InstructionProfile?
  /// What each thread did when, when the run asked for a timeline.
  public var timeline: Timeline?
  /// Whether the timing model ran. When it did not (`Emulator.run(timing: nil)`), every
  /// modelled figure here is zero and means nothing, and ``seconds`` is NaN.
  public var isModelled = true

  /// The modelled time of the job on a Pi 4, launch overhead included (NaN when the
  /// timing model did not run).
  public var seconds: Double {
    guard isModelled else { return .nan }
    return Double(cycles) / parameters.clockHz + parameters.launchOverheadSeconds
  }

  /// The resource that bound the job.
  public enum Limit: String, Sendable, Codable, CustomStringConvertible {
    /// The QPUs issued instructions nearly all the time.
    case issue
    /// A slice's TMU was busy nearly all the time.
    case tmu
    /// The L2T was busy nearly all the time.
    case l2
    /// DRAM transferred data nearly all the time.
    case dram
    /// None of them was saturated: the QPUs waited on latency (memory,
    /// barriers, dependencies) with the units idle.
    case latency

    public var description: String {
      switch self {
      case .issue: "instruction issue"
      case .tmu: "TMU throughput"
      case .l2: "L2T throughput"
      case .dram: "DRAM bandwidth"
      case .latency: "latency"
      }
    }
  }

  /// Each resource's busy share of the job's cycles.
  public var utilisation: (issue: Double, tmu: Double, l2: Double, dram: Double) {
    let total = Double(max(cycles, 1))
    return (
      Double(issueCycles) / total, (tmuBusyCycles.max() ?? 0) / total, l2BusyCycles / total,
      dramBusyCycles / total
    )
  }

  /// The resource that bound the job: the busiest one if it was busy at
  /// least 75 % of the job, else `.latency`.
  public var limit: Limit {
    let use = utilisation
    let candidates: [(Limit, Double)] = [
      (.issue, use.issue), (.tmu, use.tmu), (.l2, use.l2), (.dram, use.dram),
    ]
    let best = candidates.max { $0.1 < $1.1 }!
    return best.1 >= 0.75 ? best.0 : .latency
  }
}

/// Per-instruction execution counts and stall cycles of a profiled job.
public struct InstructionProfile: Sendable {
  /// GPU address of the first instruction word counted.
  public var codeStart: UInt32
  /// Executions of each instruction word (all QPUs and threads).
  public var counts: [UInt64]
  /// Stall cycles charged to each instruction word, by cause.
  public var stalls: [StallCycles]

  /// Index of the word at `address`, if it is inside the profiled code.
  public func index(of address: UInt32) -> Int? {
    guard address >= codeStart, (address - codeStart) % 8 == 0 else { return nil }
    let index = Int((address - codeStart) / 8)
    return index < counts.count ? index : nil
  }
}

/// What the threads of a job did over modelled time, for a trace viewer.
public struct Timeline: Sendable {
  /// One interval of one thread slot.
  public struct Interval: Sendable, Equatable {
    public enum State: String, Sendable {
      case running
      case waitingOnTMU = "waiting on TMU"
      case waitingOnSFU = "waiting on SFU"
      case waitingAtBarrier = "waiting at barrier"
      case waitingForUniforms = "waiting for uniforms"
      case switchedOut = "switched out"
    }
    public var qpu: Int
    public var slot: Int
    public var batch: UInt64
    public var state: State
    public var start: UInt64
    public var end: UInt64
  }

  public var intervals: [Interval] = []
  /// Intervals dropped once the cap was reached.
  public var dropped: UInt64 = 0
  /// The most intervals kept.
  public var capacity: Int

  public init(capacity: Int) { self.capacity = capacity }

  mutating func append(_ interval: Interval) {
    guard interval.end > interval.start else { return }
    if intervals.count < capacity { intervals.append(interval) } else { dropped += 1 }
  }
}
