import QPUBackend
import VCKIR

/// How a kernel is compiled.
public struct CompileOptions: Hashable, Sendable {
  /// `-O0` or `-O2` (the default).
  public var optimization: OptimizationLevel
  /// The instruction scheduler (list scheduling by default).
  public var scheduling: BackendOptions.Scheduling

  public init(
    optimization: OptimizationLevel = .full, scheduling: BackendOptions.Scheduling = .list
  ) {
    self.optimization = optimization
    self.scheduling = scheduling
  }
}

/// The compiler's version, part of every cache key and artifact.
public enum CompilerVersion {
  public static let string = "vck 0.1"
}
