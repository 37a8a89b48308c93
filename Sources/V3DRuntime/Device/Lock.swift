import Foundation

/// A mutex with a closure-scoped critical section.
final class Lock: @unchecked Sendable {
  private let lock = NSLock()

  func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }
}
