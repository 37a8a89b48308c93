import ArgumentParser
import V3DRuntime

struct InfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info",
    abstract: "Print the device VCK runs on and its parameters.",
    discussion: """
      Picks the V3D GPU when a DRM node whose driver is v3d can be opened, else the emulator; \
      VCK_DEVICE=emulator or VCK_DEVICE=v3d forces one.
      """)

  func run() throws {
    let device: Device
    do {
      device = try Device.default()
    } catch {
      throw failure("error: \(error)")
    }
    let info = device.info
    print("device:      \(info.name) (\(info.kind.rawValue))")
    print("version:     V3D \(info.versionMajor).\(info.versionMinor)")
    print("QPUs:        \(info.qpuCount) (\(info.slices) slices × \(info.qpusPerSlice))")
    print("TMUs:        \(info.tmusPerSlice) per slice")
    print("VPM:         \(info.vpmBytes / 1024) KiB")
    if let clock = info.clockHz { print("clock:       \(clock / 1_000_000) MHz") }
    print("compute:     \(info.supportsCompute ? "yes" : "no")")
    print("perfmon:     \(info.supportsPerfmon ? "yes" : "no")")
  }
}
