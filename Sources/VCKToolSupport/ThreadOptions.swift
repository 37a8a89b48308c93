import ArgumentParser
import QPUBackend

/// `--threads`, `--thread-switches` and `--no-thread-switches`, the options of `vckc` and
/// `vck run`/`vck profile` that say how the code shares a QPU with other threads
/// (docs/backend.md §7b). Without them the compiler chooses.
public struct ThreadOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Threads per QPU the code is for: 2, or 4 (32 registers each; pays when loads switch "
        + "threads and 4 batches run per QPU). Default: 4 when loads switch threads and the "
        + "code fits in 32 registers, else 2.", valueName: "N"))
  public var threads: Int?

  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      "Switch threads on every unmasked load (--thread-switches) or on none "
        + "(--no-thread-switches). Default: on loads whose address depends on another "
        + "read (gathers, pointer chasing)."))
  public var threadSwitches: Bool?

  public init() {}

  public func validate() throws {
    if let threads, threads != 2 && threads != 4 {
      throw ValidationError("--threads takes 2 or 4, not \(threads)")
    }
  }

  /// The thread-switch choice these flags give.
  public var threadSwitching: BackendOptions.ThreadSwitching {
    switch threadSwitches {
    case nil: return .automatic
    case true?: return .always
    case false?: return .never
    }
  }

  /// The backend options these flags give, with a scheduler.
  public func backend(scheduling: BackendOptions.Scheduling = .list) -> BackendOptions {
    BackendOptions(
      scheduling: scheduling, threadSwitching: threadSwitching, threadsPerQPU: threads)
  }
}
