import QPUBackend
import VCKBuild
import VCKIR

/// How a kernel is compiled: part of the ``KernelCache`` key.
public struct CompileOptions: Hashable, Sendable {
  /// `-O0` or `-O2` (the default).
  public var optimization: OptimizationLevel
  /// The instruction scheduler (list scheduling by default).
  public var scheduling: BackendOptions.Scheduling
  /// Which loads switch threads while their data arrives (see
  /// ``QPUBackend/BackendOptions/threadSwitching``): by default only loads whose address
  /// depends on another read (gathers, pointer chasing); ``Kernel/launch(_:qpus:timeout:)``
  /// then launches enough batches per QPU by default.
  public var threadSwitching: BackendOptions.ThreadSwitching
  /// Threads per QPU the code is for: 2, 4, or nil (the default: 4 when loads switch
  /// threads and the code fits in half the register file; see
  /// ``QPUBackend/BackendOptions/threadsPerQPU``).
  public var threadsPerQPU: Int?

  /// Options for an optimisation level and a scheduler; the defaults are `vckc`'s.
  public init(
    optimization: OptimizationLevel = .full, scheduling: BackendOptions.Scheduling = .list,
    threadSwitching: BackendOptions.ThreadSwitching = .automatic, threadsPerQPU: Int? = nil
  ) {
    self.optimization = optimization
    self.scheduling = scheduling
    self.threadSwitching = threadSwitching
    self.threadsPerQPU = threadsPerQPU
  }
}

/// The compiler's version, part of every cache key and artifact.
public enum CompilerVersion {
  /// The version, as artifacts record it.
  public static let string = vckCompilerVersion
}
