import Foundation
import QPUBackend

/// The in-memory JIT cache: compiled kernels keyed by source, kernel name,
/// options and compiler version. Compiled code does not depend on the device,
/// so one entry serves every device.
public final class KernelCache: @unchecked Sendable {
  struct Key: Hashable {
    var source: String
    var kernel: String?
    var options: CompileOptions
    var compiler: String
  }

  /// The process-wide cache `Device.compile` uses.
  public static let shared = KernelCache()

  private let lock = NSLock()
  private var entries: [Key: CompiledKernel] = [:]
  /// Lookups answered from the cache.
  public private(set) var hits = 0
  /// Lookups that compiled.
  public private(set) var misses = 0

  /// An empty cache, separate from ``shared``.
  public init() {}

  /// The compiled kernel, from the cache or compiled now.
  ///
  /// A compile error is not cached: the next lookup compiles again.
  public func kernel(
    source: String, path: String, kernel: String?, options: CompileOptions
  ) throws(CompileError) -> CompiledKernel {
    let key = Key(
      source: source, kernel: kernel, options: options, compiler: CompilerVersion.string)
    lock.lock()
    if let cached = entries[key] {
      hits += 1
      lock.unlock()
      return cached
    }
    misses += 1
    lock.unlock()
    let compiled = try Compiler.compile(
      source: source, path: path, kernel: kernel, options: options)
    lock.lock()
    entries[key] = compiled
    lock.unlock()
    return compiled
  }

  /// Forgets every entry.
  public func removeAll() {
    lock.lock()
    entries.removeAll()
    lock.unlock()
  }
}
