/// Why bytes are not a loadable `.vckb` artifact.
public enum ArtifactError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The file does not start with the `VCKB` magic number.
  case notAnArtifact
  /// A format version this compiler does not read.
  case unsupportedVersion(UInt16)
  /// Built for another GPU.
  case wrongTarget(String)
  /// The data ends in the middle of a field.
  case truncated(offset: Int, reading: String)
  /// The stored checksum does not match the contents.
  case checksumMismatch(stored: UInt64, computed: UInt64)
  /// A field holds a value that cannot be right.
  case corrupt(String)
  /// The file could not be read.
  case unreadable(String)

  public var description: String {
    switch self {
    case .notAnArtifact:
      return "not a VCK kernel artifact (.vckb): the magic number 'VCKB' is missing"
    case .unsupportedVersion(let version):
      return "artifact format version \(version) is not supported (this compiler reads version "
        + "\(KernelArtifact.formatVersion)); recompile the kernel with vckc"
    case .wrongTarget(let target):
      return "the artifact was built for \(target), not \(KernelArtifact.target)"
    case .truncated(let offset, let what):
      return "the artifact is truncated: it ends at byte \(offset) while reading \(what)"
    case .checksumMismatch(let stored, let computed):
      return
        "the artifact is corrupt or truncated: checksum 0x\(String(stored, radix: 16)) stored, "
        + "0x\(String(computed, radix: 16)) computed"
    case .corrupt(let detail): return "the artifact is corrupt: \(detail)"
    case .unreadable(let detail): return "cannot read the artifact: \(detail)"
    }
  }
}
