/// A kernel argument as the interpreter receives it.
public enum KernelArgument: Hashable, Sendable {
  /// A scalar's 32-bit pattern.
  case scalar(UInt32)
  /// A buffer: the index into the launch's buffers.
  case buffer(Int)

  /// A `u32` scalar argument.
  public static func u32(_ value: UInt32) -> KernelArgument { .scalar(value) }
  /// An `i32` scalar argument.
  public static func i32(_ value: Int32) -> KernelArgument { .scalar(UInt32(bitPattern: value)) }
  /// An `f32` scalar argument.
  public static func f32(_ value: Float) -> KernelArgument { .scalar(value.bitPattern) }
}

/// The reference interpreter: runs a kernel for a whole launch (N QPUs × 16 lanes) on
/// host buffers. Its results define what IR programs mean.
///
/// QPUs run one at a time until they finish or reach a `barrier`; when every QPU still
/// running waits at a barrier they are all released. A QPU that finishes while others
/// wait at a barrier is an error (the launch would hang on hardware), as are memory
/// accesses outside the buffers, non-uniform branch conditions, and running past the
/// step limit.
public struct Interpreter {
  /// The number of lanes of a QPU.
  public static let laneCount = 16

  /// The kernel to run.
  public let function: Function
  /// How many QPUs the launch uses (1...8 on a Pi 4; any positive number here).
  public var qpuCount: Int
  /// Instructions (counting each QPU's) the launch may execute before it is stopped.
  public var stepLimit: Int
  /// For a kernel with a grid (``Function/gridDimensions`` > 0): the grid's extents, one
  /// per dimension. The launch then runs one 16-lane batch per workgroup of 16 × 1 × 1
  /// points (`qpuCount` is ignored), in the order x fastest, then y, then z.
  public var grid: [Int]?

  /// An interpreter for `function` on `qpuCount` QPUs, stopping after `stepLimit`
  /// executed instructions.
  public init(function: Function, qpuCount: Int = 8, stepLimit: Int = 50_000_000) {
    self.function = function
    self.qpuCount = qpuCount
    self.stepLimit = stepLimit
  }

  /// Runs the launch. `buffers` are read and written in place.
  @discardableResult
  public func run(arguments: [KernelArgument], buffers: inout [[UInt32]]) throws(InterpreterError)
    -> LaunchStatistics
  {
    guard qpuCount > 0 else { throw InterpreterError(message: "a launch needs at least one QPU") }
    guard arguments.count == function.parameters.count else {
      throw InterpreterError(
        message: "@\(function.name) takes \(function.parameters.count) arguments, "
          + "got \(arguments.count)")
    }
    var memory = try LaunchMemory(buffers: buffers)
    var initial: [UInt32] = []
    for (argument, parameter) in zip(arguments, function.parameters) {
      switch (argument, parameter.kind) {
      case (.scalar(let bits), .scalar): initial.append(bits)
      case (.buffer(let index), .buffer):
        guard buffers.indices.contains(index) else {
          throw InterpreterError(message: "argument \(parameter.name): no buffer \(index)")
        }
        initial.append(memory.baseAddress(of: index))
      default:
        throw InterpreterError(message: "argument \(parameter.name) has the wrong kind")
      }
    }
    let program = try LoadedProgram(function)
    var states: [QPUState]
    if function.gridDimensions > 0 {
      guard let grid, grid.count == function.gridDimensions, grid.allSatisfy({ $0 > 0 }) else {
        throw InterpreterError(
          message: "@\(function.name) needs a grid of \(function.gridDimensions) positive extents")
      }
      let extents = (0..<3).map { $0 < grid.count ? grid[$0] : 1 }
      let counts = [(extents[0] + 15) / 16, extents[1], extents[2]]
      guard counts[0] * counts[1] * counts[2] <= 1 << 20 else {
        throw InterpreterError(message: "grid \(grid) is too large for the interpreter")
      }
      states = []
      for z in 0..<counts[2] {
        for y in 0..<counts[1] {
          for x in 0..<counts[0] {
            var state = QPUState(
              qpu: x, valueCount: function.valueTypes.count, entryArguments: initial)
            state.group = (UInt32(y), UInt32(z))
            state.grid = extents.map { UInt32($0) }
            states.append(state)
          }
        }
      }
    } else {
      states = (0..<qpuCount).map {
        QPUState(qpu: $0, valueCount: function.valueTypes.count, entryArguments: initial)
      }
    }
    var steps = 0
    while true {
      for index in states.indices where states[index].status == .running {
        try states[index].run(
          program, qpuCount: qpuCount, memory: &memory, steps: &steps, stepLimit: stepLimit)
      }
      let waiting = states.filter { $0.status == .atBarrier }
      if waiting.isEmpty { break }
      if let finished = states.first(where: { $0.status == .finished }) {
        throw InterpreterError(
          message: "QPU \(waiting[0].qpu) waits at a barrier that QPU \(finished.qpu) "
            + "finished without reaching")
      }
      for index in states.indices { states[index].status = .running }
    }
    buffers = memory.buffers
    return LaunchStatistics(instructions: steps)
  }
}

/// What a launch executed.
public struct LaunchStatistics: Hashable, Sendable {
  /// IR instructions executed, summed over QPUs (terminators not counted).
  public var instructions: Int
}
