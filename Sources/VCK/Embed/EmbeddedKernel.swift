import Foundation
import QPUBackend
@_exported import V3DRuntime
import VCKBuild

/// A kernel embedded in the program and checked, usually compiled too, when the program
/// was built.
///
/// The `#kernel` macro and the `VCKPlugin` build tool make one per kernel and wrap it in
/// a generated type whose `launch(on:qpus:…)` takes one labelled, typed argument per
/// kernel parameter. The QPU code compiled at build time is embedded as an artifact; the
/// first launch on a device only uploads it. ``kernel(on:options:)`` compiles the source
/// again at run time for other options.
public final class EmbeddedKernel: @unchecked Sendable {
  /// The kernel's name.
  public let name: String
  /// The `.vck` source the kernel comes from (it may hold other kernels).
  public let source: String
  /// The name diagnostics give the source (`file.vck`, or the Swift file of the macro).
  public let path: String
  /// The `.vckb` artifact compiled at build time, or `nil` when the kernel is compiled
  /// at its first launch.
  public let artifact: [UInt8]?

  private let lock = NSLock()
  private var decoded: CompiledKernel?
  private var uploaded: Kernel?

  /// The embedded kernel `name` of `source`, with the artifact compiled at build time
  /// (base64), as the generated code makes it.
  ///
  /// Equal arguments give the same instance, so a kernel embedded in a function that runs
  /// many times is decoded and uploaded once.
  public static func embedded(
    name: String, source: String, path: String, artifactBase64: String?
  ) -> EmbeddedKernel {
    let key = EmbeddedKernelKey(name: name, source: source, artifact: artifactBase64)
    registryLock.lock()
    defer { registryLock.unlock() }
    if let existing = registry[key] { return existing }
    let kernel = EmbeddedKernel(
      name: name, source: source, path: path,
      artifact: artifactBase64.flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) })
    registry[key] = kernel
    return kernel
  }

  /// An embedded kernel; `artifact` is the kernel compiled at build time, if it was.
  public init(name: String, source: String, path: String, artifact: [UInt8]?) {
    self.name = name
    self.source = source
    self.path = path
    self.artifact = artifact
  }

  /// Whether the QPU code was compiled when the program was built.
  public var isCompiledAtBuildTime: Bool { artifact != nil }

  /// The QPU code and launch metadata: the build-time artifact, or compiled now (once)
  /// with the default options when there is none.
  ///
  /// - Throws: ``CompileError`` when the source does not compile (only possible without
  ///   an artifact).
  public func compiled() throws -> CompiledKernel {
    lock.lock()
    defer { lock.unlock() }
    if let decoded { return decoded }
    let kernel: CompiledKernel
    if let artifact, let restored = try? KernelArtifact.decodeKernel(artifact) {
      kernel = restored
    } else {
      kernel = try KernelCache.shared.kernel(
        source: source, path: path, kernel: name, options: CompileOptions())
    }
    decoded = kernel
    return kernel
  }

  /// The kernel uploaded to `device` (uploaded at the first call for a device, then
  /// reused).
  public func kernel(on device: Device) throws -> Kernel {
    let compiled = try compiled()
    lock.lock()
    defer { lock.unlock() }
    if let uploaded, uploaded.device === device { return uploaded }
    let kernel = try device.makeKernel(compiled)
    uploaded = kernel
    return kernel
  }

  /// The kernel compiled at run time with `options` and uploaded to `device`.
  public func kernel(on device: Device, options: CompileOptions) throws -> Kernel {
    try device.compile(source: source, kernel: name, options: options, path: path)
  }

  /// Runs the kernel on `qpus` QPUs of `device` and waits; the generated `launch`
  /// methods call this with their typed arguments.
  ///
  /// - Throws: ``KernelLaunchError`` when the arguments do not match the parameters or
  ///   the device fails, or the device's error when the code cannot be uploaded.
  @discardableResult
  public func launch(
    on device: Device, arguments: [KernelArgumentValue], qpus: Int? = nil, timeout: Double = 60
  ) throws -> LaunchResult {
    try kernel(on: device).launch(arguments: arguments, qpus: qpus, timeout: timeout)
  }

  /// Runs a grid kernel (`kernel k(…) grid N`) once per point of `grid` (N extents) and
  /// waits; the generated `launch(on:grid:…)` of a grid kernel calls this.
  @discardableResult
  public func launch(
    on device: Device, arguments: [KernelArgumentValue], grid: [Int], timeout: Double = 60
  ) throws -> LaunchResult {
    try kernel(on: device).launch(arguments: arguments, grid: grid, timeout: timeout)
  }
}

/// What makes two embedded kernels the same.
private struct EmbeddedKernelKey: Hashable {
  var name: String
  var source: String
  var artifact: String?
}

private let registryLock = NSLock()
nonisolated(unsafe) private var registry: [EmbeddedKernelKey: EmbeddedKernel] = [:]
