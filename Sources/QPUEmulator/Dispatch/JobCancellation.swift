import Foundation

/// A way to stop a running job from another thread: give it to
/// ``Emulator/init(memory:cancellation:)`` and call ``cancel()``. The job stops
/// within ``Emulator/cancellationInterval`` instructions with an
/// ``EmulatorError`` of kind `.cancelled`, and stores nothing after that.
public final class JobCancellation: @unchecked Sendable {
  private let lock = NSLock()
  private var cancelled = false

  /// A token that is not cancelled.
  public init() {}

  /// Asks the job to stop. Safe to call from any thread, any number of times.
  public func cancel() {
    lock.lock()
    cancelled = true
    lock.unlock()
  }

  /// Whether ``cancel()`` was called.
  public var isCancelled: Bool {
    lock.lock()
    defer { lock.unlock() }
    return cancelled
  }
}

extension Emulator {
  /// How many instructions (all QPUs) a job runs between looks at its
  /// cancellation token: the longest a cancelled job goes on.
  public static let cancellationInterval: UInt64 = 1 << 18
}

extension Machine {
  /// The instruction count at which a thread's run first stops to look at the
  /// budget and the cancellation token: when the remaining budget next
  /// crosses a multiple of the cancellation interval, so that even threads
  /// that run a few instructions at a time get looked at.
  @inline(__always)
  func firstInstructionLimit() -> UInt64 {
    let interval = Emulator.cancellationInterval
    let toBoundary = budget % interval
    return min(budget, toBoundary == 0 ? interval : toBoundary)
  }

  /// Called when a thread's run has executed `ran` instructions and reached
  /// its limit: throws when the budget is spent or the job is cancelled, else
  /// returns the next limit.
  func instructionLimitReached(_ thread: HardwareThread, ran: UInt64) throws(EmulatorError)
    -> UInt64
  {
    if ran >= budget {
      throw fault(
        thread, .instructionBudgetExceeded,
        "instruction budget exceeded: the job did not finish (it would hang on hardware)")
    }
    if let cancellation, cancellation.isCancelled {
      throw fault(thread, .cancelled, "the job was cancelled (it ran past its time limit)")
    }
    return min(budget, ran &+ Emulator.cancellationInterval)
  }
}
