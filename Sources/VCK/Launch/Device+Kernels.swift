import Foundation
import QPUBackend
import V3DRuntime

extension Device {
  /// Compiles `source` (just in time, through ``KernelCache/shared``) and
  /// uploads the kernel named `kernel` (or the file's only kernel).
  ///
  /// - Parameters:
  ///   - source: The `.vck` source text.
  ///   - kernel: The kernel to compile; `nil` when the source holds one kernel.
  ///   - options: The optimisation level and scheduler.
  ///   - path: The name diagnostics give the source.
  /// - Throws: ``CompileError`` when the source does not compile, or the
  ///   runtime's `RuntimeError` when the code cannot be uploaded.
  public func compile(
    source: String, kernel: String? = nil, options: CompileOptions = CompileOptions(),
    path: String = "<source>"
  ) throws -> Kernel {
    let compiled = try KernelCache.shared.kernel(
      source: source, path: path, kernel: kernel, options: options)
    return try Kernel(compiled: compiled, device: self)
  }

  /// Uploads an already compiled kernel (e.g. loaded from a `.vckb` file with
  /// ``QPUBackend/CompiledKernel/init(contentsOf:)``).
  public func makeKernel(_ compiled: CompiledKernel) throws -> Kernel {
    try Kernel(compiled: compiled, device: self)
  }
}

extension CompiledKernel {
  /// Loads a `.vckb` artifact written by `vckc -o` or ``write(to:)``.
  ///
  /// - Throws: `ArtifactError` when the file cannot be read, is not an
  ///   artifact, was written by another format version or for another target, or
  ///   is truncated or corrupt.
  public init(contentsOf url: URL) throws(ArtifactError) {
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw .unreadable(url.path)
    }
    self = try KernelArtifact.decodeKernel([UInt8](data))
  }

  /// Writes the kernel as a `.vckb` artifact (what `vckc FILE.vck -o FILE.vckb`
  /// writes).
  public func write(to url: URL) throws {
    try Data(KernelArtifact.encode(self)).write(to: url)
  }
}
