/// The numbers the timing model runs on: one Raspberry Pi 4 (V3D 4.2 at
/// 500 MHz, LPDDR4-3200 on a 32-bit bus).
///
/// Every value has an entry in ``TimingParameters/table`` saying where it
/// comes from and how sure it is; docs/emulator.md prints that table and the
/// calibration against measured Pi 4 jobs.
public struct TimingParameters: Sendable, Hashable {
  /// The V3D clock.
  public var clockHz: Double
  /// Cycles one 16-lane instruction occupies a QPU (4 physical lanes).
  public var cyclesPerInstruction: UInt64
  /// Bytes in a line of the TMU cache, the L2T and a DRAM transfer.
  public var lineBytes: Int
  /// Cycles the TMU of a slice is busy per cache line a lookup touches.
  public var tmuCyclesPerLine: Double
  /// Register writes (`tmud`, `tmua`, …) a QPU's TMU input FIFO holds; a
  /// lookup occupies 1 + its data words until its memory access completes.
  public var tmuInputFIFOSlots: Int
  /// Bytes of the TMU cache of each slice.
  public var tmuCacheBytes: Int
  /// Ways of the TMU cache.
  public var tmuCacheWays: Int
  /// Cycles from the `tmua` write to the data of a lookup that hits the TMU cache.
  public var tmuHitLatency: UInt64
  /// Bytes of the L2T, shared by both slices.
  public var l2Bytes: Int
  /// Ways of the L2T.
  public var l2Ways: Int
  /// Extra cycles for a TMU-cache miss that hits the L2T.
  public var l2HitLatency: UInt64
  /// Bytes per cycle the L2T serves to the TMUs of both slices (every TMU
  /// cache miss and every store passes through it).
  public var l2BytesPerCycle: Double
  /// How many line transfers of the L2T a stored line costs (the write and
  /// the line's allocation).
  public var l2WriteCost: Double
  /// Extra cycles for an L2T miss served from DRAM.
  public var dramLatency: UInt64
  /// DRAM bytes per cycle the V3D gets, shared by both slices.
  public var dramBytesPerCycle: Double
  /// Cycles a QPU waits when its uniform stream enters a line not yet fetched.
  public var uniformMissLatency: UInt64
  /// Cycles the SFU of a slice is busy per operation.
  public var sfuCyclesPerOperation: Double
  /// Cycles from the last thread's arrival at a barrier to the release.
  public var barrierReleaseCycles: UInt64
  /// Cycles before a batch's first instruction once its thread slot is free.
  public var batchStartCycles: UInt64
  /// Fixed seconds of every launch outside the QPUs: the submit ioctl, the
  /// kernel's cache flush before and clean after the job, the wait.
  public var launchOverheadSeconds: Double

  /// A Raspberry Pi 4 as measured (see ``table``).
  public static let pi4 = TimingParameters(
    clockHz: 500_000_000, cyclesPerInstruction: 4, lineBytes: 64, tmuCyclesPerLine: 1,
    tmuInputFIFOSlots: 16, tmuCacheBytes: 16 * 1024, tmuCacheWays: 4, tmuHitLatency: 24,
    l2Bytes: 128 * 1024, l2Ways: 8, l2HitLatency: 40, l2BytesPerCycle: 15.3, l2WriteCost: 2,
    dramLatency: 60, dramBytesPerCycle: 19.2, uniformMissLatency: 40, sfuCyclesPerOperation: 4,
    barrierReleaseCycles: 8, batchStartCycles: 0, launchOverheadSeconds: 50e-6)

  public init(
    clockHz: Double, cyclesPerInstruction: UInt64, lineBytes: Int, tmuCyclesPerLine: Double,
    tmuInputFIFOSlots: Int, tmuCacheBytes: Int, tmuCacheWays: Int, tmuHitLatency: UInt64,
    l2Bytes: Int, l2Ways: Int, l2HitLatency: UInt64, l2BytesPerCycle: Double,
    l2WriteCost: Double, dramLatency: UInt64,
    dramBytesPerCycle: Double, uniformMissLatency: UInt64, sfuCyclesPerOperation: Double,
    barrierReleaseCycles: UInt64, batchStartCycles: UInt64, launchOverheadSeconds: Double
  ) {
    self.clockHz = clockHz
    self.cyclesPerInstruction = cyclesPerInstruction
    self.lineBytes = lineBytes
    self.tmuCyclesPerLine = tmuCyclesPerLine
    self.tmuInputFIFOSlots = tmuInputFIFOSlots
    self.tmuCacheBytes = tmuCacheBytes
    self.tmuCacheWays = tmuCacheWays
    self.tmuHitLatency = tmuHitLatency
    self.l2Bytes = l2Bytes
    self.l2Ways = l2Ways
    self.l2HitLatency = l2HitLatency
    self.l2BytesPerCycle = l2BytesPerCycle
    self.l2WriteCost = l2WriteCost
    self.dramLatency = dramLatency
    self.dramBytesPerCycle = dramBytesPerCycle
    self.uniformMissLatency = uniformMissLatency
    self.sfuCyclesPerOperation = sfuCyclesPerOperation
    self.barrierReleaseCycles = barrierReleaseCycles
    self.batchStartCycles = batchStartCycles
    self.launchOverheadSeconds = launchOverheadSeconds
  }
}
