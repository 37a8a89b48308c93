/// A V3D 4.2 performance counter source (shared/isa/driver.md §9); the raw
/// value is the source index the kernel's perfmon interface takes.
public enum PerformanceCounter: UInt8, CaseIterable, Hashable, Sendable {
  case qpuIdleCycles = 13
  case qpuValidInstructionCycles = 16
  case qpuTMUStallCycles = 17
  case qpuScoreboardStallCycles = 18
  case instructionCacheHits = 20
  case instructionCacheMisses = 21
  case uniformCacheHits = 22
  case uniformCacheMisses = 23
  case tmuCacheAccesses = 24
  case tmuCacheMisses = 25
  case l2tHits = 30
  case l2tMisses = 31
  case cycleCount = 32

  /// The key of the counter in ``LaunchResult/counters``.
  public var key: String { "\(self)" }
}
