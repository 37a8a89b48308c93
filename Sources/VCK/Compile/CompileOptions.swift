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

  /// Options for an optimisation level and a scheduler; the defaults are `vckc`'s.
  public init(
    optimization: OptimizationLevel = .full, scheduling: BackendOptions.Scheduling = .list,
    switchThreadsOnLoads: Bool = false
  ) {
    self.optimization = optimization
    self.scheduling = scheduling
    self.switchThreadsOnLoads = switchThreadsOnLoads
  }
}

/// The compiler's version, part of every cache key and artifact.
public enum CompilerVersion {
  /// The version, as artifacts record it.
  public static let string = vckCompilerVersion
}
