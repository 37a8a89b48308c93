import QPUBackend
import V3DRuntime
import VCKIR

/// A compiled kernel uploaded to a device, ready to launch.
///
/// ```swift
/// let saxpy = try device.compile(source: source, kernel: "saxpy")
/// try saxpy.launch(UInt32(n), Float(2), x, y)          // arguments in parameter order
/// ```
public final class Kernel: @unchecked Sendable {
  /// The code and its launch metadata.
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
  @discardableResult
  public func launch(_ arguments: any KernelArgument..., qpus: Int = 8, timeout: Double = 60)
    throws(KernelLaunchError) -> LaunchResult
  {
    try launch(arguments: arguments.map(\.kernelArgumentValue), qpus: qpus, timeout: timeout)
  }

  /// Runs the kernel with already-converted arguments and waits.
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
    do {
      return try device.launchAsync(program, uniforms: stream, configuration: configuration)
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
  case argumentCount(expected: Int, got: Int)
  case argumentType(index: Int, name: String, expected: String, got: String)
  case invalidQPUCount(Int)
  case runtime(RuntimeError)

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
