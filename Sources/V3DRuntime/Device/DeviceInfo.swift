/// What a device is and what it has.
public struct DeviceInfo: Hashable, Sendable, CustomStringConvertible {
  /// Which implementation runs jobs.
  public enum Kind: String, Hashable, Sendable {
    /// The V3D GPU through the kernel's DRM driver.
    case hardware
    /// The QPU emulator.
    case emulator
  }

  public var kind: Kind
  /// A human-readable name, e.g. `V3D 4.2 at /dev/dri/renderD128`.
  public var name: String
  /// The V3D version, e.g. 4.2.
  public var version: (major: Int, minor: Int) {
    get { (versionMajor, versionMinor) }
    set { (versionMajor, versionMinor) = newValue }
  }
  public var versionMajor: Int
  public var versionMinor: Int
  public var slices: Int
  public var qpusPerSlice: Int
  public var tmusPerSlice: Int
  /// VPM size in bytes.
  public var vpmBytes: Int
  /// QPU clock in Hz, where known.
  public var clockHz: Int?
  public var supportsCompute: Bool
  public var supportsPerfmon: Bool

  /// The number of QPUs (slices × QPUs per slice).
  public var qpuCount: Int { slices * qpusPerSlice }

  /// Fills the fields from the identification registers (IDENT0/1 of core 0,
  /// IDENT1 of the hub); driver.md §8.
  init(kind: Kind, name: String, core0Ident0: UInt32, core0Ident1: UInt32) {
    self.kind = kind
    self.name = name
    versionMajor = Int(core0Ident0 >> 24)
    versionMinor = Int(core0Ident1 & 0xF)
    slices = Int(core0Ident1 >> 4 & 0xF)
    qpusPerSlice = Int(core0Ident1 >> 8 & 0xF)
    tmusPerSlice = Int(core0Ident1 >> 12 & 0xF)
    vpmBytes = Int(core0Ident1 >> 28 & 0xF) * 8192
    clockHz = nil
    supportsCompute = true
    supportsPerfmon = false
  }

  public static func == (lhs: DeviceInfo, rhs: DeviceInfo) -> Bool {
    lhs.description == rhs.description
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(description) }

  public var description: String {
    var text =
      "\(name): V3D \(versionMajor).\(versionMinor), \(slices) slices × \(qpusPerSlice) QPUs "
    text += "= \(qpuCount) QPUs, \(tmusPerSlice) TMU(s) per slice, VPM \(vpmBytes / 1024) KiB"
    if let clockHz { text += ", \(clockHz / 1_000_000) MHz" }
    return text
  }
}
