import QPUBackend
import V3DRuntime
import VCKIR

/// A compiled kernel uploaded to a device, ready to launch.
///
/// Make one with ``V3DRuntime/Device/compile(source:kernel:options:path:)`` (just in
/// time) or ``V3DRuntime/Device/makeKernel(_:)`` (from a loaded `.vckb` artifact). A
/// launch takes the arguments in the order of the kernel's parameters and checks them
/// against the parameters' types before anything runs:
///
/// ```swift
/// let saxpy = try device.compile(source: source, kernel: "saxpy")
/// let x = try device.makeBuffer([Float](repeating: 1, count: 64))
/// let y = try device.makeBuffer([Float](repeating: 2, count: 64))
/// try saxpy.launch(UInt32(64), Float(3), x, y)
/// ```
public final class Kernel: @unchecked Sendable {
  /// The QPU code and its launch metadata (parameters, uniform layout, statistics).
  public let compiled: CompiledKernel
  /// The device the code is uploaded to.
  public let device: Device
  let program: Program

  init(compiled: CompiledKernel, device: Device) throws(RuntimeError) {
    self.compiled = compiled
    self.device = device
    program = try device.makeProgram(compiled.words)
  }

  /// The kernel's name.
  public var name: String { compiled.name }

  /// The parameters, in order.
  public var parameters: [KernelParameter] { compiled.parameters }

  /// The most batches a launch of this kernel may have: 16 when it calls `barrier()` (a
  /// barrier synchronises one supergroup, at most 16 workgroups), else 65535 (the CSD's
  /// workgroup count).
  public var maximumQPUs: Int { compiled.usesBarriers ? 16 : 65_535 }

  /// Whether the kernel reads `qpus()` or `gsize()`, and so adapts to any launch size
  /// (a grid-stride loop). A kernel that does not is written one element per lane, and
  /// is launched with as many lanes as its problem has elements: ``launch(_:lanes:timeout:)``.
  public var readsLaunchSize: Bool { compiled.uniforms.contains(.qpuCount) }

  /// The batches a launch has when it does not say: for a kernel that reads its launch
  /// size (``readsLaunchSize``), 8 per thread slot when its loads switch threads
  /// (`CompiledKernel.defaultBatches`: 16, or 32 with four threads per QPU), so that
  /// another batch runs while one waits for memory; else 8, one per QPU of the Pi 4.
  public var defaultQPUs: Int { readsLaunchSize ? compiled.defaultBatches : 8 }

  /// The batches of 16 lanes a launch needs to give each of `lanes` elements its own
  /// lane (at least one batch, so that `lanes` = 0 runs the kernel once).
  public static func batches(forLanes lanes: Int) -> Int {
    max(1, lanes / 16 + (lanes % 16 == 0 ? 0 : 1))
  }

  /// Runs the kernel on `qpus` batches of 16 lanes (1…``maximumQPUs``) and waits.
  ///
  /// Batch `i` is `qpu()` = `i`; with 8 batches or fewer on a Pi 4 each runs on its own QPU,
  /// more are spread over the QPUs' thread slots as they free up.
  ///
  /// - Parameters:
  ///   - arguments: One value per kernel parameter, in order: a `UInt32`, `Int32`
  ///     or `Float` for a `u32`, `i32` or `f32` scalar, a `Buffer` of `UInt32`,
  ///     `Int32` or `Float` for a `*u32`, `*i32` or `*f32` pointer.
  ///   - qpus: How many batches run the kernel; `qpus()` and `gsize()` in the kernel
  ///     follow it. Default: ``defaultQPUs``.
  ///   - timeout: Seconds to wait before the launch counts as hung.
  /// - Returns: The time the launch took and, on the emulator, its counters.
  /// - Throws: ``KernelLaunchError`` when the arguments do not match the parameters
  ///   (nothing runs then), the QPU count is out of range or the device fails.
  @discardableResult
  public func launch(_ arguments: any KernelArgument..., qpus: Int? = nil, timeout: Double = 60)
    throws(KernelLaunchError) -> LaunchResult
  {
    try launch(arguments: arguments.map(\.kernelArgumentValue), qpus: qpus, timeout: timeout)
  }

  /// Runs the kernel with one lane per element: `lanes` rounded up to whole batches of 16
  /// (`gid()` covers `0 ..< lanes`, and the last batch's extra lanes run too), and waits.
  ///
  /// This is the launch for a kernel written one element per lane (`if gid() < n { … }`);
  /// ``readsLaunchSize`` tells such kernels apart. `lanes` may be 0 (one batch runs).
  @discardableResult
  public func launch(_ arguments: any KernelArgument..., lanes: Int, timeout: Double = 60)
    throws(KernelLaunchError) -> LaunchResult
  {
    guard lanes >= 0 else { throw .invalidLaneCount(lanes, maximum: maximumQPUs * 16) }
    let batches = Kernel.batches(forLanes: lanes)
    guard batches <= maximumQPUs else {
      throw .invalidLaneCount(lanes, maximum: maximumQPUs * 16)
    }
    return try launch(
      arguments: arguments.map(\.kernelArgumentValue), qpus: batches, timeout: timeout)
  }

  /// Runs a kernel declared `grid N` once per point of `grid` (N extents, e.g. `[640, 480]`)
  /// and waits.
  ///
  /// `gid_x()`, `gid_y()`, `gid_z()` are the point's coordinates and `grid_x()`… the
  /// extents. The CSD gets workgroup counts `⌈x/16⌉ × y × z` (cfg[0…2]) of 16 × 1 × 1 points,
  /// one 16-lane batch each; lanes past the grid's x extent do nothing.
  /// For example `try blur.launch(src, dst, grid: [317, 211])`.
  @discardableResult
  public func launch(_ arguments: any KernelArgument..., grid: [Int], timeout: Double = 60)
    throws(KernelLaunchError) -> LaunchResult
  {
    try launch(arguments: arguments.map(\.kernelArgumentValue), grid: grid, timeout: timeout)
  }

  /// The grid launch of ``launch(_:grid:timeout:)`` with already-converted arguments.
  @discardableResult
  public func launch(arguments: [KernelArgumentValue], grid: [Int], timeout: Double = 60)
    throws(KernelLaunchError) -> LaunchResult
  {
    let values = try check(arguments)
    let dispatch: GridLaunch
    do {
      dispatch = try compiled.gridLaunch(grid)
    } catch {
      throw .invalidGrid(error.message)
    }
    try checkAliasing(arguments)
    let scratch = try makeScratch()
    let stream: [UInt32]
    do {
      stream = try compiled.uniformStream(
        arguments: values, qpuCount: dispatch.batches, grid: dispatch.extents,
        scratchAddress: scratch?.gpuAddress)
    } catch {
      throw .argumentCount(expected: parameters.count, got: arguments.count)
    }
    let configuration = LaunchConfiguration(
      batches: dispatch.batches, workgroupCount: dispatch.workgroupCounts, workgroupSize: 16,
      workgroupsPerSupergroup: 1, fourThreads: compiled.threadsPerQPU == 4,
      singleSegment: compiled.singleSegment, propagateNaNs: true)
    do {
      return try device.launchAsync(
        program, uniforms: stream, configuration: configuration,
        bufferNames: bufferNames(arguments), keepAlive: scratch.map { [$0] } ?? []
      ).wait(timeout: timeout)
    } catch let error as RuntimeError {
      throw .runtime(error)
    } catch {
      throw .runtime(.jobFailed("\(error)"))
    }
  }

  /// Runs the kernel with already-converted arguments and waits.
  ///
  /// The same as ``launch(_:qpus:timeout:)``, for arguments collected at run time.
  @discardableResult
  public func launch(arguments: [KernelArgumentValue], qpus: Int? = nil, timeout: Double = 60)
    throws(KernelLaunchError) -> LaunchResult
  {
    do {
      return try launchAsync(arguments: arguments, qpus: qpus).wait(timeout: timeout)
    } catch let error as RuntimeError {
      throw .runtime(error)
    } catch {
      throw .runtime(.jobFailed("\(error)"))
    }
  }

  /// Starts the kernel and returns a handle to wait on.
  ///
  /// The arguments are checked as in ``launch(_:qpus:timeout:)`` before the job
  /// starts. Call `wait(timeout:)` on the handle for the `LaunchResult`; the
  /// buffers hold the results once it returns.
  public func launchAsync(arguments: [KernelArgumentValue], qpus: Int? = nil)
    throws(KernelLaunchError) -> LaunchHandle
  {
    let qpus = qpus ?? defaultQPUs
    let values = try check(arguments)
    if compiled.gridDimensions > 0 {
      throw .invalidGrid(
        "kernel \(name) is declared 'grid \(compiled.gridDimensions)': launch it with grid: "
          + "and \(compiled.gridDimensions) extent(s)")
    }
    guard (1...maximumQPUs).contains(qpus) else {
      throw .invalidQPUCount(qpus, maximum: maximumQPUs)
    }
    try checkAliasing(arguments)
    let scratch = try makeScratch()
    let stream: [UInt32]
    do {
      stream = try compiled.uniformStream(
        arguments: values, qpuCount: qpus, scratchAddress: scratch?.gpuAddress)
    } catch {
      throw .argumentCount(expected: parameters.count, got: arguments.count)
    }
    let configuration = LaunchConfiguration(
      batches: qpus, workgroupCount: [qpus, 1, 1], workgroupSize: 16,
      workgroupsPerSupergroup: min(qpus, 16), fourThreads: compiled.threadsPerQPU == 4,
      singleSegment: compiled.singleSegment, propagateNaNs: true)
    do {
      return try device.launchAsync(
        program, uniforms: stream, configuration: configuration,
        bufferNames: bufferNames(arguments), keepAlive: scratch.map { [$0] } ?? [])
    } catch {
      throw .runtime(error)
    }
  }

  /// A fresh scratch buffer for a kernel that spills values (nil when it spills nothing):
  /// one per launch, so that launches in flight do not share it.
  func makeScratch() throws(KernelLaunchError) -> BufferObject? {
    guard compiled.scratchBytes > 0 else { return nil }
    do {
      return try device.makeBufferObject(size: compiled.scratchBytes)
    } catch {
      throw .runtime(error)
    }
  }

  /// Out-of-bounds errors name buffers by the parameters they are passed as.
  func bufferNames(_ arguments: [KernelArgumentValue]) -> [UInt32: String] {
    var names: [UInt32: String] = [:]
    for (argument, parameter) in zip(arguments, parameters) {
      if case .buffer(let object, _) = argument {
        names[object.gpuAddress] =
          names[object.gpuAddress].map { "\($0)/\(parameter.name)" }
          ?? parameter.name
      }
    }
    return names
  }

  /// The 32-bit values of the arguments, after checking them against the
  /// parameters: count, scalar or buffer, types.
  func check(_ arguments: [KernelArgumentValue]) throws(KernelLaunchError) -> [UInt32] {
    guard arguments.count == parameters.count else {
      throw .argumentCount(expected: parameters.count, got: arguments.count)
    }
    var values: [UInt32] = []
    for (index, (argument, parameter)) in zip(arguments, parameters).enumerated() {
      switch (parameter.kind, argument) {
      case (.scalar(let type), .scalar(let bits, let given)) where type == given:
        values.append(bits)
      case (.buffer(let element), .buffer(let object, let given)) where element == given:
        try Self.checkAlignment(object.gpuAddress, index: index, name: parameter.name)
        values.append(object.gpuAddress)
      default:
        throw .argumentType(
          index: index, name: parameter.name, expected: parameter.kind.description,
          got: argument.typeDescription)
      }
    }
    return values
  }

  /// The alignment every buffer a kernel receives must have: 16 bytes, so that a vector
  /// access (`vload4`, `vstore4`: one TMU lookup of an aligned 16-byte block) at any vector
  /// index never straddles two blocks, where the TMU would wrap its elements around
  /// (semantics.md §11.3) and move the wrong words. Every buffer V3DRuntime allocates is
  /// page-aligned; the check keeps a future offset or sub-buffer from breaking this
  /// silently.
  public static let bufferAlignment: UInt32 = 16

  /// Refuses a buffer address that is not ``bufferAlignment``-aligned.
  static func checkAlignment(_ address: UInt32, index: Int, name: String)
    throws(KernelLaunchError)
  {
    guard address % bufferAlignment == 0 else {
      throw .misalignedBuffer(
        index: index, name: name, address: address, alignment: bufferAlignment)
    }
  }

  /// Refuses a buffer argument the kernel writes that overlaps another buffer argument
  /// (the aliasing rule, lang/spec.md §9: the compiler reorders accesses through
  /// different parameters).
  func checkAliasing(_ arguments: [KernelArgumentValue]) throws(KernelLaunchError) {
    var buffers: [(index: Int, object: BufferObject)] = []
    for (index, argument) in arguments.enumerated() {
      if case .buffer(let object, _) = argument { buffers.append((index, object)) }
    }
    for (position, first) in buffers.enumerated() {
      for second in buffers[(position + 1)...] {
        guard let writtenParameters = compiled.writtenParameters else { return }
        let written =
          writtenParameters.contains(first.index) || writtenParameters.contains(second.index)
        let firstEnd = UInt64(first.object.gpuAddress) + UInt64(first.object.size)
        let secondEnd = UInt64(second.object.gpuAddress) + UInt64(second.object.size)
        let overlap =
          UInt64(first.object.gpuAddress) < secondEnd
          && UInt64(second.object.gpuAddress) < firstEnd
        if written && overlap {
          throw .aliasedBuffers(
            first: parameters[first.index].name, second: parameters[second.index].name)
        }
      }
    }
  }
}

/// Why a kernel launch was refused or failed.
public enum KernelLaunchError: Error, Sendable, CustomStringConvertible {
  /// The kernel takes `expected` arguments, not `got`.
  case argumentCount(expected: Int, got: Int)
  /// Argument `index` (0-based), for parameter `name`, has the wrong type: the
  /// parameter is `expected` (`u32`, `*f32`, …), the argument `got`.
  case argumentType(index: Int, name: String, expected: String, got: String)
  /// The buffer passed as argument `index` (0-based), for parameter `name`, starts at a
  /// GPU address that is not a multiple of `alignment` bytes (see
  /// ``Kernel/bufferAlignment``).
  case misalignedBuffer(index: Int, name: String, address: UInt32, alignment: UInt32)
  /// A launch runs 1…`maximum` batches (16 for a kernel with barriers, else 65535).
  case invalidQPUCount(Int, maximum: Int)
  /// A one-lane-per-element launch covers 0…`maximum` lanes.
  case invalidLaneCount(Int, maximum: Int)
  /// A grid launch of a kernel without a grid, a flat launch of a grid kernel, or a grid
  /// of the wrong dimensions or size (the message says which).
  case invalidGrid(String)
  /// The same memory was passed for buffer parameters `first` and `second`, and the
  /// kernel writes one of them (distinct pointer parameters must not alias,
  /// lang/spec.md §9).
  case aliasedBuffers(first: String, second: String)
  /// The device could not run the launch: a timeout, a fault, an allocation failure.
  case runtime(RuntimeError)

  /// The error as one sentence (arguments are counted from 1).
  public var description: String {
    switch self {
    case .argumentCount(let expected, let got):
      return "the kernel takes \(expected) argument(s), got \(got)"
    case .argumentType(let index, let name, let expected, let got):
      return "argument \(index + 1) ('\(name)') must be \(expected), got \(got)"
    case .misalignedBuffer(let index, let name, let address, let alignment):
      return "argument \(index + 1) ('\(name)'): the buffer's GPU address 0x"
        + String(address, radix: 16) + " is not a multiple of \(alignment) bytes, which "
        + "vector memory access (vload4/vstore4) needs; pass a whole buffer from makeBuffer"
    case .invalidQPUCount(let count, let maximum):
      return "a launch runs 1…\(maximum) batches of 16 lanes"
        + (maximum == 16 ? " (the kernel uses barrier())" : "") + ", not \(count)"
    case .invalidLaneCount(let count, let maximum):
      return "a launch covers 0…\(maximum) lanes"
        + (maximum == 16 * 16 ? " (the kernel uses barrier())" : "") + ", not \(count)"
    case .invalidGrid(let message):
      return message
    case .aliasedBuffers(let first, let second):
      return "'\(first)' and '\(second)' get overlapping buffers and the kernel writes one of "
        + "them: distinct pointer parameters must not alias"
    case .runtime(let error):
      return error.description
    }
  }
}
