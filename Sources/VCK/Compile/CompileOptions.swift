import QPUBackend
import VCKBuild
import VCKIR

/// How a kernel is compiled: part of the ``KernelCache`` key.
public struct CompileOptions: Hashable, Sendable {
  /// `-O0` or `-O2` (the default).
  public var optimization: OptimizationLevel
  /// The instruction scheduler (list scheduling by default).
  public var scheduling: BackendOptions.Scheduling
  /// Switch threads while loads are in flight (see
  /// ``QPUBackend/BackendOptions/switchThreadsOnLoads``): worth it for launches with 16
  /// QPU batches, two per QPU.
  public var switchThreadsOnLoads: Bool
  /// Threads per QPU the code is for: 2 (default) or 4 (see
  /// ``QPUBackend/BackendOptions/threadsPerQPU``): with thread switches on loads, a launch
  /// of 32 batches then keeps four per QPU.
  public var threadsPerQPU: Int

  /// Options for an optimisation level and a scheduler; the defaults are `vckc`'s.
  public init(
    optimization: OptimizationLevel = .full, scheduling: BackendOptions.Scheduling = .list,
    switchThreadsOnLoads: Bool = false, threadsPerQPU: Int = 2
  ) {
    self.optimization = optimization
    self.scheduling = scheduling
    self.switchThreadsOnLoads = switchThreadsOnLoads
    self.threadsPerQPU = threadsPerQPU
  }
}

/// The compiler's version, part of every cache key and artifact.
public enum CompilerVersion {
  /// The version, as artifacts record it.
  public static let string = vckCompilerVersion
}
