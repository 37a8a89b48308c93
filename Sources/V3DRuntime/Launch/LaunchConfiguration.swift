/// How a program is dispatched: the compute-shader dispatcher's settings,
/// which become the seven `cfg` words of DRM_IOCTL_V3D_SUBMIT_CSD
/// (shared/isa/driver.md §6).
public struct LaunchConfiguration: Hashable, Sendable {
  /// The number of batches (16-lane threads) to run; each lands on a QPU
  /// thread slot. With 8 or fewer on a Pi 4, each runs on its own QPU.
  public var batches: Int
  /// The workgroup grid (only affects the payload registers rf0/rf2).
  public var workgroupCount: [Int]
  /// Invocations per workgroup, 1…256.
  public var workgroupSize: Int
  /// Workgroups per supergroup, 1…16 (barriers synchronise a supergroup).
  public var workgroupsPerSupergroup: Int
  /// Four threads per QPU (32 registers each) instead of two.
  public var fourThreads: Bool
  /// The program has no thread switch, so it starts after its last one.
  public var singleSegment: Bool
  /// Propagate NaNs in float operations.
  public var propagateNaNs: Bool

  /// A launch of `batches` batches in py-videocore6's style: a 1×1×1 grid of
  /// 16-invocation workgroups, 16 workgroups per supergroup.
  public init(
    batches: Int = 8, workgroupCount: [Int] = [1, 1, 1], workgroupSize: Int = 16,
    workgroupsPerSupergroup: Int = 16, fourThreads: Bool = false, singleSegment: Bool = false,
    propagateNaNs: Bool = true
  ) {
    self.batches = batches
    self.workgroupCount = workgroupCount
    self.workgroupSize = workgroupSize
    self.workgroupsPerSupergroup = workgroupsPerSupergroup
    self.fourThreads = fourThreads
    self.singleSegment = singleSegment
    self.propagateNaNs = propagateNaNs
  }

  /// The seven configuration words for code and uniforms at these GPU
  /// addresses, or an error naming the setting out of range.
  public func configurationWords(codeAddress: UInt32, uniformsAddress: UInt32) throws(RuntimeError)
    -> [UInt32]
  {
    guard (1...65_536).contains(batches) else {
      throw .invalidConfiguration("batches must be 1…65536, not \(batches)")
    }
    guard workgroupCount.count == 3, workgroupCount.allSatisfy({ (1...65_535).contains($0) }) else {
      throw .invalidConfiguration(
        "workgroup counts must be three values 1…65535, not \(workgroupCount)")
    }
    guard (1...256).contains(workgroupSize) else {
      throw .invalidConfiguration("workgroup size must be 1…256, not \(workgroupSize)")
    }
    guard (1...16).contains(workgroupsPerSupergroup) else {
      throw .invalidConfiguration(
        "workgroups per supergroup must be 1…16, not \(workgroupsPerSupergroup)")
    }
    guard codeAddress & 7 == 0 else {
      throw .invalidConfiguration(
        "code address 0x\(String(codeAddress, radix: 16)) is not 8-byte aligned")
    }
    guard uniformsAddress & 3 == 0 else {
      throw .invalidConfiguration(
        "uniforms address 0x\(String(uniformsAddress, radix: 16)) is not 4-byte aligned")
    }
    let batchesPerSupergroup = (workgroupsPerSupergroup * workgroupSize + 15) / 16
    let cfg3 =
      UInt32(batchesPerSupergroup - 1) << 12 | UInt32(workgroupsPerSupergroup & 0xF) << 8
      | UInt32(workgroupSize & 0xFF)
    let flags: UInt32 = (propagateNaNs ? 4 : 0) | (singleSegment ? 2 : 0) | (fourThreads ? 1 : 0)
    return [
      UInt32(workgroupCount[0]) << 16, UInt32(workgroupCount[1]) << 16,
      UInt32(workgroupCount[2]) << 16, cfg3, UInt32(batches - 1), codeAddress | flags,
      uniformsAddress,
    ]
  }
}
