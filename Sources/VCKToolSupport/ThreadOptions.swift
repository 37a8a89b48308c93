import ArgumentParser
import QPUBackend

/// `--threads` and `--thread-switches`, the options of `vckc` and `vck run`/`vck profile`
/// that say how the code shares a QPU with other threads (docs/backend.md §7b).
public struct ThreadOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Threads per QPU the code is for: 2, or 4 (32 registers each; pays with "
        + "--thread-switches and 4 batches per QPU).", valueName: "N"))
  public var threads = 2

  @Flag(help: "Switch threads on every unmasked load, so other batches on the QPU run meanwhile.")
  public var threadSwitches = false

  public init() {}

  public func validate() throws {
    guard threads == 2 || threads == 4 else {
      throw ValidationError("--threads takes 2 or 4, not \(threads)")
    }
  }

  /// The backend options these flags give, with a scheduler.
  public func backend(scheduling: BackendOptions.Scheduling = .list) -> BackendOptions {
    BackendOptions(
      scheduling: scheduling, switchThreadsOnLoads: threadSwitches, threadsPerQPU: threads)
  }
}
