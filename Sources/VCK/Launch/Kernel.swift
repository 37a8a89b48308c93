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

  /// Runs the kernel on `qpus` QPUs (1…16 batches of 16 lanes) and waits.
  ///
  /// - Parameters:
  ///   - arguments: One value per kernel parameter, in order: a `UInt32`, `Int32`
  ///     or `Float` for a `u32`, `i32` or `f32` scalar, a `Buffer` of `UInt32`,
  ///     `Int32` or `Float` for a `*u32`, `*i32` or `*f32` pointer.
  ///   - qpus: How many QPUs run the kernel; `qpus()` and `gsize()` in the kernel
  ///     follow it.
  ///   - timeout: Seconds to wait before the launch counts as hung.
  /// - Returns: The time the launch took and, on the emulator, its counters.
  /// - Throws: ``KernelLaunchError`` when the arguments do not match the parameters
  ///   (nothing runs then), the QPU count is out of range or the device fails.
  @discardableResult
  public func launch(_ arguments: any KernelArgument..., qpus: Int = 8, timeout: Double = 60)
    throws(KernelLaunchError) -> LaunchResult
  {
    try launch(arguments: arguments.map(\.kernelArgumentValue), qpus: qpus, timeout: timeout)
  }

  /// Runs the kernel with already-converted arguments and waits.
  ///
  /// The same as ``launch(_:qpus:timeout:)``, for arguments collected at run time.
  @discardableResult
  public func launch(arguments: [KernelArgumentValue], qpus: Int = 8, timeout: Double = 60)
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
  public func launchAsync(arguments: [KernelArgumentValue], qpus: Int = 8) throws(KernelLaunchError)
    -> LaunchHandle
  {
    let values = try check(arguments)
    guard (1...16).contains(qpus) else {
      throw .invalidQPUCount(qpus)
    }
    let stream: [UInt32]
    do {
      stream = try compiled.uniformStream(arguments: values, qpuCount: qpus)
    } catch {
      throw .argumentCount(expected: parameters.count, got: arguments.count)
    }
    let configuration = LaunchConfiguration(
      batches: qpus, workgroupCount: [qpus, 1, 1], workgroupSize: 16,
      workgroupsPerSupergroup: qpus, fourThreads: compiled.threadsPerQPU == 4,
      singleSegment: compiled.singleSegment, propagateNaNs: true)
    // Out-of-bounds errors name buffers by the parameters they are passed as.
    var names: [UInt32: String] = [:]
    for (argument, parameter) in zip(arguments, parameters) {
      if case .buffer(let object, _) = argument {
        names[object.gpuAddress] =
          names[object.gpuAddress].map { "\($0)/\(parameter.name)" }
          ?? parameter.name
      }
    }
    do {
      return try device.launchAsync(
        program, uniforms: stream, configuration: configuration, bufferNames: names)
    } catch {
      throw .runtime(error)
    }
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
        values.append(object.gpuAddress)
      default:
        throw .argumentType(
          index: index, name: parameter.name, expected: parameter.kind.description,
          got: argument.typeDescription)
      }
    }
    return values
  }
}

extension Parameter.Kind {
  /// The `.vck` spelling of the type: `f32`, `*f32`, ….
  var description: String {
    switch self {
    case .scalar(let type): return type.rawValue
    case .buffer(let element): return "*\(element.rawValue)"
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
  /// A launch runs on 1…16 QPUs.
  case invalidQPUCount(Int)
  /// The device could not run the launch: a timeout, a fault, an allocation failure.
  case runtime(RuntimeError)

  /// The error as one sentence (arguments are counted from 1).
  public var description: String {
    switch self {
    case .argumentCount(let expected, let got):
      return "the kernel takes \(expected) argument(s), got \(got)"
    case .argumentType(let index, let name, let expected, let got):
      return "argument \(index + 1) ('\(name)') must be \(expected), got \(got)"
    case .invalidQPUCount(let count):
      return "a launch runs on 1…16 QPU batches, not \(count)"
    case .runtime(let error):
      return error.description
    }
  }
}
