import Dispatch
import Foundation
import QPUISA

/// A place to run QPU programs: the Raspberry Pi 4's V3D GPU, or the QPU
/// emulator. Everything above the device — buffers, programs, uniform streams,
/// launches — is the same on both.
///
/// ```swift
/// let device = try Device.default()          // V3D if present, else the emulator
/// let data = try device.makeBuffer(of: UInt32.self, count: 16 * 8)
/// let program = try device.makeProgram(words)
/// let result = try device.launch(program, uniforms: [data.gpuAddress], batches: 8)
/// ```
public final class Device: @unchecked Sendable {
  /// What the device is.
  public var info: DeviceInfo { backend.info }
  let backend: any DeviceBackend
  private let lock = Lock()
  private var liveObjects: [ObjectIdentifier: WeakObject] = [:]

  init(backend: any DeviceBackend) {
    self.backend = backend
  }

  /// The V3D GPU when one can be opened, else the emulator. The environment
  /// variable `VCK_DEVICE` (`emulator` or `v3d`) forces one.
  public static func `default`(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    kernel: any KernelInterface = LinuxKernel()
  ) throws(RuntimeError) -> Device {
    switch environment["VCK_DEVICE"] {
    case "emulator"?: return emulator()
    case "v3d"?, "hardware"?: return try hardware(kernel: kernel)
    case let name? where !name.isEmpty: throw .unknownDeviceName(name)
    default:
      do {
        return try hardware(kernel: kernel)
      } catch .permissionDenied(let path) {
        throw .permissionDenied(path: path)
      } catch {
        return emulator()
      }
    }
  }

  /// The QPU emulator.
  public static func emulator(options: EmulatorOptions = EmulatorOptions()) -> Device {
    Device(backend: EmulatorBackend(options: options))
  }

  /// The V3D GPU, found by asking each DRM node for its driver name.
  public static func hardware(kernel: any KernelInterface = LinuxKernel()) throws(RuntimeError)
    -> Device
  {
    Device(backend: try HardwareBackend(kernel: kernel))
  }

  /// A zeroed buffer object of at least `size` bytes.
  public func makeBufferObject(size: Int) throws(RuntimeError) -> BufferObject {
    let object = try backend.allocate(size: size)
    lock.withLock {
      liveObjects = liveObjects.filter { $0.value.object != nil }
      liveObjects[ObjectIdentifier(object)] = WeakObject(object: object)
    }
    return object
  }

  /// A zeroed buffer of `count` elements (0 or more: an empty buffer is a valid argument
  /// for a kernel that reads none of it, such as one launched with n = 0).
  public func makeBuffer<Element: BufferElement>(of type: Element.Type = Element.self, count: Int)
    throws(RuntimeError) -> Buffer<Element>
  {
    let stride = MemoryLayout<Element>.stride
    guard count >= 0, count <= Int(UInt32.max) / stride else {
      throw .allocationFailed(
        size: count.multipliedReportingOverflow(by: stride).partialValue,
        reason: "element count must be 0 or more and fit in 4 GiB")
    }
    // An empty buffer still gets a (smallest) buffer object, so that it has a GPU address.
    return Buffer(storage: try makeBufferObject(size: max(count * stride, 1)), count: count)
  }

  /// A buffer holding `elements` (which may be empty).
  public func makeBuffer<Element: BufferElement>(_ elements: [Element]) throws(RuntimeError)
    -> Buffer<Element>
  {
    let buffer: Buffer<Element> = try makeBuffer(count: elements.count)
    buffer.copy(from: elements)
    return buffer
  }

  /// Uploads QPU code.
  public func makeProgram(_ words: [UInt64]) throws(RuntimeError) -> Program {
    guard !words.isEmpty else {
      throw .invalidConfiguration("a program needs at least one instruction")
    }
    let storage = try makeBufferObject(size: words.count * 8)
    for (index, word) in words.enumerated() {
      storage.hostAddress.storeBytes(
        of: word.littleEndian, toByteOffset: index * 8, as: UInt64.self)
    }
    return Program(words: words, storage: storage)
  }

  /// Starts `program` with the given uniform stream; returns a handle to wait on.
  /// Every live buffer of the device is part of the job.
  ///
  /// `counters` are hardware performance counters to collect for the job
  /// (through the kernel's perfmon interface); the emulator reports its own
  /// counts instead, with `cycleCount` as its cycle estimate.
  ///
  /// On the emulator the job may touch exactly the bytes each buffer was made
  /// with; an access one byte outside stops the job with an error that names
  /// the buffer. `bufferNames` (by GPU address, e.g. a kernel parameter's
  /// name) say what buffers are in such errors; the program's code and the
  /// uniform stream are named `code` and `uniforms`. `keepAlive` are buffer
  /// objects the job uses that nobody else holds (a scratch buffer): the
  /// handle keeps them until the job is waited for.
  public func launchAsync(
    _ program: Program, uniforms: [UInt32], configuration: LaunchConfiguration,
    counters: [PerformanceCounter] = [], bufferNames: [UInt32: String] = [:],
    keepAlive: [BufferObject] = []
  ) throws(RuntimeError) -> LaunchHandle {
    let uniformStorage = try makeBufferObject(size: max(uniforms.count, 1) * 4)
    for (index, word) in uniforms.enumerated() {
      uniformStorage.hostAddress.storeBytes(
        of: word.littleEndian, toByteOffset: index * 4, as: UInt32.self)
    }
    let words = try configuration.configurationWords(
      codeAddress: program.gpuAddress, uniformsAddress: uniformStorage.gpuAddress)
    let objects = lock.withLock { liveObjects.values.compactMap(\.object) }
    let start = DispatchTime.now()
    var names = bufferNames
    names[program.gpuAddress] = names[program.gpuAddress] ?? "code"
    names[uniformStorage.gpuAddress] = "uniforms"
    let job = try backend.submit(
      configuration: words, buffers: objects, names: names, counters: counters)
    return LaunchHandle(
      job: job, start: start, keepAlive: [uniformStorage, program.storage] + keepAlive)
  }

  /// Runs `program` to completion (or `timeout` seconds) and reports it.
  @discardableResult
  public func launch(
    _ program: Program, uniforms: [UInt32], configuration: LaunchConfiguration,
    counters: [PerformanceCounter] = [], timeout: Double = 60
  ) throws(RuntimeError) -> LaunchResult {
    try launchAsync(program, uniforms: uniforms, configuration: configuration, counters: counters)
      .wait(timeout: timeout)
  }

  /// Uploads QPU code written in text assembly.
  public func makeProgram(assembly: String) throws -> Program {
    try makeProgram(try Assembler.assemble(assembly).words)
  }

  /// Runs `program` on `batches` batches (py-videocore6's `execute`).
  @discardableResult
  public func launch(_ program: Program, uniforms: [UInt32], batches: Int, timeout: Double = 60)
    throws(RuntimeError) -> LaunchResult
  {
    try launch(
      program, uniforms: uniforms, configuration: LaunchConfiguration(batches: batches),
      timeout: timeout)
  }
}

/// A launched job.
public final class LaunchHandle: @unchecked Sendable {
  private let job: any RunningJob
  private let start: DispatchTime
  private let keepAlive: [BufferObject]

  init(job: any RunningJob, start: DispatchTime, keepAlive: [BufferObject]) {
    self.job = job
    self.start = start
    self.keepAlive = keepAlive
  }

  /// Waits for the job to finish (at most `timeout` seconds).
  public func wait(timeout: Double = 60) throws(RuntimeError) -> LaunchResult {
    let counters = try withExtendedLifetime(keepAlive) { () throws(RuntimeError) in
      try job.wait(timeoutSeconds: timeout)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    return LaunchResult(
      seconds: seconds, counters: counters, warnings: job.warnings, timing: job.timing)
  }
}

private struct WeakObject {
  weak var object: BufferObject?
}
