#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The work handed to the thread started by ``withLargeStack(bytes:_:)``.
private final class StackJob {
  let run: () -> Void

  init(_ run: @escaping () -> Void) {
    self.run = run
  }
}

/// Runs `body` on a fresh thread with a stack of `bytes` bytes and waits for it, so the
/// front end's (bounded) recursion never depends on the caller's stack size — a JIT
/// compile may come from a thread with only 512 KiB. Falls back to the current thread if
/// no thread can be started.
package func withLargeStack<Result>(bytes: Int, _ body: () -> Result) -> Result {
  withoutActuallyEscaping(body) { escapableBody in
    var result: Result?
    let job = StackJob { result = escapableBody() }
    var attributes = pthread_attr_t()
    guard pthread_attr_init(&attributes) == 0 else { return escapableBody() }
    defer { pthread_attr_destroy(&attributes) }
    _ = pthread_attr_setstacksize(&attributes, bytes)
    let context = Unmanaged.passRetained(job).toOpaque()
    #if canImport(Darwin)
      var thread: pthread_t?
      let started = pthread_create(
        &thread, &attributes,
        { raw in
          Unmanaged<StackJob>.fromOpaque(raw).takeRetainedValue().run()
          return nil
        }, context)
      guard started == 0, let thread else {
        Unmanaged<StackJob>.fromOpaque(context).release()
        return escapableBody()
      }
      pthread_join(thread, nil)
    #else
      var thread = pthread_t()
      let started = pthread_create(
        &thread, &attributes,
        { raw in
          guard let raw else { return nil }
          Unmanaged<StackJob>.fromOpaque(raw).takeRetainedValue().run()
          return nil
        }, context)
      guard started == 0 else {
        Unmanaged<StackJob>.fromOpaque(context).release()
        return escapableBody()
      }
      pthread_join(thread, nil)
    #endif
    return result ?? escapableBody()
  }
}
