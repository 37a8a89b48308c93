import Foundation
import QPUBackend
import V3DRuntime

extension Device {
  /// Compiles `source` (just in time, through ``KernelCache/shared``) and
  /// uploads the kernel named `kernel` (or the file's only kernel).
  public func compile(
    source: String, kernel: String? = nil, options: CompileOptions = CompileOptions(),
    path: String = "<source>"
  ) throws -> Kernel {
    let compiled = try KernelCache.shared.kernel(
      source: source, path: path, kernel: kernel, options: options)
    return try Kernel(compiled: compiled, device: self)
  }

  /// Uploads an already compiled kernel (e.g. loaded from a `.vckb` file).
  public func makeKernel(_ compiled: CompiledKernel) throws -> Kernel {
    try Kernel(compiled: compiled, device: self)
  }
}

extension CompiledKernel {
  /// Loads a `.vckb` artifact written by `vckc -o` or ``write(to:)``.
  public init(contentsOf url: URL) throws(ArtifactError) {
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw .unreadable(url.path)
    }
    self = try KernelArtifact.decodeKernel([UInt8](data))
  }

  /// Writes the kernel as a `.vckb` artifact.
  public func write(to url: URL) throws {
    try Data(KernelArtifact.encode(self)).write(to: url)
  }
}
