import VCKIR

// Public factories, so that other modules (the `.vckb` loader of the VCK
// target) can rebuild compiled kernels; the memberwise initializers are
// internal.

extension KernelParameter {
  /// A parameter as stored in an artifact.
  public static func restored(name: String, kind: Parameter.Kind, uniformSlot: Int?)
    -> KernelParameter
  {
    KernelParameter(name: name, kind: kind, uniformSlot: uniformSlot)
  }
}

extension KernelStatistics {
  /// All figures zero.
  public static var zero: KernelStatistics { KernelStatistics() }
}

extension CompiledKernel {
  /// A compiled kernel as stored in an artifact.
  public static func restored(
    name: String, words: [UInt64], parameters: [KernelParameter], uniforms: [UniformSlot],
    threadsPerQPU: Int, singleSegment: Bool, usesBarriers: Bool, statistics: KernelStatistics,
    comments: [String], labels: [Int: String], gridDimensions: Int = 0,
    switchesThreadsOnLoads: Bool = false
  ) -> CompiledKernel {
    var kernel = CompiledKernel(
      name: name, words: words, parameters: parameters, uniforms: uniforms,
      threadsPerQPU: threadsPerQPU, singleSegment: singleSegment, usesBarriers: usesBarriers,
      statistics: statistics, comments: comments, labels: labels)
    kernel.gridDimensions = gridDimensions
    kernel.switchesThreadsOnLoads = switchesThreadsOnLoads
    return kernel
  }
}
