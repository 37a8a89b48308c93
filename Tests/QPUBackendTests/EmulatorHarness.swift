import QPUEmulator
import QPUISA
import Testing
import VCKIR
import VCKLang
import VCKLower

@testable import QPUBackend

/// Runs a kernel two ways, the IR interpreter and the compiled code on the emulator
/// (strict mode), and returns both results.
struct DifferentialRun {
  var interpreted: [[UInt32]]
  var emulated: [[UInt32]]
  var kernel: CompiledKernel
  var statistics: RunStatistics
}

enum EmulatorHarness {
  /// The first kernel of `source`, checked, lowered and optimised at `level`; a source
  /// that does not check throws with its diagnostics.
  static func function(_ source: String, path: String, level: OptimizationLevel) throws
    -> Function
  {
    let result = Frontend.check(source: source, path: path)
    guard let program = result.program, !result.hasErrors else {
      throw BackendError("does not check: \(result.renderedDiagnostics())")
    }
    var function = try Lowering.lowerKernels(program)[0]
    try PassManager.pipeline(for: level).run(on: &function)
    return function
  }

  static let codeAddress: UInt32 = 0x8000_0000
  static let uniformsAddress: UInt32 = 0x9000_0000
  static let scratchAddress: UInt32 = 0xA000_0000

  /// Interprets and emulates `function`; buffers sit at the interpreter's addresses, so
  /// even programs that compute with addresses must agree bit for bit. Accumulators,
  /// flags and rtop are poisoned at every thread switch, as generated code must not rely
  /// on them surviving one.
  static func run(
    _ function: Function, arguments: [KernelArgument], buffers: [[UInt32]], qpus: Int = 2,
    options: BackendOptions = BackendOptions(), optimise: Bool = true,
    poisonAtThreadSwitch: Bool = true, grid: [Int]? = nil
  ) throws -> DifferentialRun {
    var optimised = function
    if optimise { try PassManager.pipeline(for: .full).run(on: &optimised) }
    var interpreted = buffers
    var interpreter = Interpreter(function: optimised, qpuCount: qpus)
    interpreter.grid = grid
    try interpreter.run(arguments: arguments, buffers: &interpreted)

    let kernel = try Backend.compile(optimised, options: options)
    let layout = try LaunchMemory(buffers: buffers)
    let memory = GPUMemory()
    for (index, buffer) in buffers.enumerated() where !buffer.isEmpty {
      try memory.addBuffer(at: layout.baseAddress(of: index), contents: bytes(buffer))
    }
    let values = arguments.map { argument -> UInt32 in
      switch argument {
      case .scalar(let bits): return bits
      case .buffer(let index): return layout.baseAddress(of: index)
      }
    }
    try memory.addBuffer(at: codeAddress, contents: kernel.words.flatMap(bytes))
    let gridLaunch = try grid.map { extents throws(BackendError) in
      try kernel.gridLaunch(extents)
    }
    let scratchBytes = kernel.scratchBytes
    if scratchBytes > 0 {
      try memory.addBuffer(
        at: scratchAddress, contents: [UInt8](repeating: 0xA5, count: scratchBytes))
    }
    let stream = try kernel.uniformStream(
      arguments: values, qpuCount: gridLaunch?.batches ?? qpus, grid: gridLaunch?.extents ?? [],
      scratchAddress: scratchBytes > 0 ? scratchAddress : nil)
    try memory.addBuffer(at: uniformsAddress, contents: bytes(stream + [0]))
    let configuration = try CSDConfiguration(
      gridLaunch.map {
        kernel.dispatchConfiguration(
          grid: $0, codeAddress: codeAddress, uniformsAddress: uniformsAddress)
      }
        ?? kernel.dispatchConfiguration(
          qpuCount: qpus, codeAddress: codeAddress, uniformsAddress: uniformsAddress))
    let statistics = try Emulator(memory: memory).run(
      configuration, maxInstructions: 50_000_000, strict: true,
      poisonAtThreadSwitch: poisonAtThreadSwitch)
    var emulated: [[UInt32]] = []
    for (index, buffer) in buffers.enumerated() {
      if buffer.isEmpty {
        emulated.append([])
        continue
      }
      let contents = memory.contents(ofBufferAt: layout.baseAddress(of: index)) ?? []
      emulated.append(words(contents))
    }
    return DifferentialRun(
      interpreted: interpreted, emulated: emulated, kernel: kernel, statistics: statistics)
  }

  static func bytes(_ words: [UInt32]) -> [UInt8] {
    words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
  }

  static func bytes(_ word: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) }
  }

  static func words(_ bytes: [UInt8]) -> [UInt32] {
    stride(from: 0, to: bytes.count - 3, by: 4).map { index in
      (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[index + $1]) << (8 * $1) }
    }
  }
}
