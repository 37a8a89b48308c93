import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A regular file mapped copy-on-write into the process: `vck emulate` runs the job on
/// the file's pages themselves instead of reading the file and copying it into a buffer.
/// Stores go to private copies of the pages they touch; the file never changes (the
/// result is written out afterwards, by a new file replacing the path).
final class MappedMemoryFile {
  /// The mapped bytes, as many as the file held when it was mapped.
  let bytes: UnsafeMutableRawBufferPointer

  /// Maps the file at `path`, or returns nil when it cannot be mapped (not a regular file,
  /// empty, unreadable): the caller then reads it the ordinary way.
  init?(path: String) {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
      status.st_size > 0, let size = Int(exactly: status.st_size)
    else { return nil }
    guard
      let address = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, descriptor, 0),
      address != MAP_FAILED
    else { return nil }
    bytes = UnsafeMutableRawBufferPointer(start: address, count: size)
  }

  deinit { munmap(bytes.baseAddress, bytes.count) }
}
