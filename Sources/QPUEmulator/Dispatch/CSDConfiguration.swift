/// The seven words of DRM_IOCTL_V3D_SUBMIT_CSD's `cfg[0..6]`, decoded as the
/// hardware reads them (driver.md §6).
public struct CSDConfiguration: Sendable, Equatable {
  /// The raw words.
  public let words: [UInt32]

  /// Workgroup counts and offsets per dimension (cfg[0..2]).
  public var workgroupCounts: (x: UInt32, y: UInt32, z: UInt32) {
    (words[0] >> 16, words[1] >> 16, words[2] >> 16)
  }
  public var workgroupOffsets: (x: UInt32, y: UInt32, z: UInt32) {
    (words[0] & 0xFFFF, words[1] & 0xFFFF, words[2] & 0xFFFF)
  }
  /// Invocations per workgroup, 1…256 (cfg[3] bits 7:0, 0 meaning 256).
  public var workgroupSize: Int { Int(words[3] & 0xFF) == 0 ? 256 : Int(words[3] & 0xFF) }
  /// Workgroups per supergroup, 1…16 (cfg[3] bits 11:8, 0 meaning 16).
  public var workgroupsPerSupergroup: Int {
    Int((words[3] >> 8) & 0xF) == 0 ? 16 : Int((words[3] >> 8) & 0xF)
  }
  /// Batches per supergroup (cfg[3] bits 19:12, plus one): the barrier group.
  public var batchesPerSupergroup: Int { Int((words[3] >> 12) & 0xFF) + 1 }
  /// Total batches to run (cfg[4] + 1).
  public var batchCount: UInt64 { UInt64(words[4]) + 1 }
  /// The shader's GPU address (cfg[5] bits 31:3).
  public var codeAddress: UInt32 { words[5] & ~7 }
  /// Four threads per QPU (cfg[5] bit 0); otherwise two.
  public var fourThreadMode: Bool { words[5] & 1 != 0 }
  /// The program starts in the post-last-thrsw state (cfg[5] bit 1).
  public var singleSegment: Bool { words[5] & 2 != 0 }
  /// The propagate-NaNs bit (cfg[5] bit 2); recorded, not modelled.
  public var propagateNaNs: Bool { words[5] & 4 != 0 }
  /// The uniform stream's GPU address (cfg[6]).
  public var uniformsAddress: UInt32 { words[6] }

  /// Thread slots per QPU.
  public var threadsPerQPU: Int { fourThreadMode ? 4 : 2 }

  /// Takes the seven words; throws if there are not exactly seven.
  public init(_ words: [UInt32]) throws(EmulatorError) {
    guard words.count == 7 else {
      throw EmulatorError(
        .invalidConfiguration, "expected 7 CSD configuration words, got \(words.count)")
    }
    self.words = words
  }

  /// The payload registers of one lane (semantics.md §14.3): rf0 and rf2.
  func payload(batch: UInt64, lane: Int) -> (rf0: UInt32, rf2: UInt32) {
    let perSupergroup = UInt64(batchesPerSupergroup)
    let supergroup = batch / perSupergroup
    let invocation = (batch % perSupergroup) * 16 + UInt64(lane)
    let size = UInt64(workgroupSize)
    let workgroupInSupergroup = invocation / size
    let local = invocation % size
    let linear = supergroup * UInt64(workgroupsPerSupergroup) + workgroupInSupergroup
    let counts = workgroupCounts
    let countX = UInt64(max(counts.x, 1))
    let countY = UInt64(max(counts.y, 1))
    let offsets = workgroupOffsets
    let x = UInt32(truncatingIfNeeded: linear % countX) &+ offsets.x
    let y = UInt32(truncatingIfNeeded: (linear / countX) % countY) &+ offsets.y
    let z = UInt32(truncatingIfNeeded: linear / (countX * countY)) &+ offsets.z
    let roundedSize = max(workgroupSize, 64).nextPowerOfTwo
    let localBits = UInt32(roundedSize.trailingZeroBitCount)
    let rf0 = (x & 0xFFFF) | (y & 0xFFFF) << 16
    var rf2 = z & 0xFFFF
    rf2 |= (UInt32(truncatingIfNeeded: workgroupInSupergroup) << 16) & ~(~0 << (32 - localBits))
    rf2 |= UInt32(truncatingIfNeeded: local) << (32 - localBits)
    return (rf0, rf2)
  }
}

extension Int {
  var nextPowerOfTwo: Int {
    var value = 1
    while value < self { value <<= 1 }
    return value
  }
}
