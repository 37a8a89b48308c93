import QPUBackend
@_exported import VCKArtifact
import VCKBuild

extension KernelArtifact {
  /// The artifact bytes of a compiled kernel: what ``QPUBackend/CompiledKernel/write(to:)``
  /// writes.
  public static func encode(_ kernel: CompiledKernel) -> [UInt8] {
    encode(ArtifactContents(kernel), compiler: CompilerVersion.string)
  }

  /// The compiled kernel in artifact bytes, or why they are not one.
  ///
  /// - Throws: `ArtifactError` when the bytes are not an artifact, were written by
  ///   another format version or for another target, or are truncated or corrupt.
  public static func decodeKernel(_ bytes: [UInt8]) throws(ArtifactError) -> CompiledKernel {
    try decode(bytes).compiledKernel
  }
}
