import ArgumentParser
import Foundation
import QPUBackend
import V3DRuntime
import VCK
import VCKIR
import VCKToolSupport

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Compile (or load) a kernel and run it once.",
    discussion: """
      Scalar parameters take a number (--arg n=1024, --arg a=2.5). Buffer parameters take \
      @FILE (raw little-endian elements of the parameter's type; an empty file is an empty \
      buffer) or zeros:COUNT (0…2^28 elements). --out NAME=FILE writes a buffer's final \
      contents to FILE. The device, the wall time and on the emulator the modelled Pi 4 \
      time go to standard error; a wrong name, type or count is an error before anything \
      runs.

      Launch size: --qpus N launches N batches of 16 lanes (qpu() = 0…N-1); --lanes NAME \
      launches one lane per element of the u32 parameter NAME (NAME/16 batches, rounded \
      up). Without either, a kernel that reads qpus() or gsize() (a grid-stride loop) runs \
      8 batches, or 8 per thread slot when its loads switch threads (16, or 32 with 4 \
      threads: the compiler chooses, as the listing's launch line says), \
      and a kernel that does not (written one element per lane) is sized from \
      its first u32 parameter, as with --lanes. A launch has at most 65535 batches, 16 \
      when the kernel calls barrier(). A kernel declared 'grid N' runs once per point of \
      --grid (N extents: --grid 640x480), in workgroups of 16x1x1 points.
      """)

  @Argument(help: "A .vck source file or a .vckb artifact.")
  var file: String

  @Option(help: "The kernel to run (required when the file has several).")
  var kernel: String?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Batches of 16 lanes to launch, 1…65535 (1…16 for kernels with barrier()).",
      valueName: "N"),
    transform: { text in
      guard let value = Int(text), (1...65_535).contains(value) else {
        throw ValidationError("it takes a whole number in 1…65535")
      }
      return value
    })
  var qpus: Int?

  @Option(
    help: ArgumentHelp(
      "Launch one lane per element of this u32 parameter (its value, rounded up to batches "
        + "of 16).", valueName: "NAME"))
  var lanes: String?

  @Option(
    help: ArgumentHelp(
      "The launch grid of a kernel declared 'grid N': N extents 1…65535, e.g. 640x480.",
      valueName: "WxH"),
    transform: { text in
      let extents = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
      guard (1...3).contains(extents.count),
        extents.allSatisfy({ $0.map { (1...65_535).contains($0) } ?? false })
      else {
        throw ValidationError("it takes 1 to 3 extents 1…65535 joined by 'x', e.g. 640x480")
      }
      return extents.compactMap { $0 }
    })
  var grid: [Int]?

  @OptionGroup var threading: ThreadOptions

  @Option(name: .customLong("arg"), help: "A parameter value: NAME=VALUE.")
  var arguments: [String] = []

  @Option(name: .customLong("out"), help: "Write a buffer parameter to a file: NAME=FILE.")
  var outputs: [String] = []

  @Flag(
    help: """
      Also print one JSON object on standard output: kernel, device, batches, seconds, \
      instructions and modelled_seconds (null on hardware).
      """)
  var json = false

  func validate() throws {
    if qpus != nil && lanes != nil {
      throw ValidationError("give --qpus or --lanes, not both")
    }
    if grid != nil && (qpus != nil || lanes != nil) {
      throw ValidationError("--grid sizes the launch by itself: give it without --qpus or --lanes")
    }
  }

  func run() throws {
    do {
      try execute()
    } catch let error as ExitCode {
      throw error
    } catch let error as CompileError {
      // The compiler's messages carry their own `path:line:col: error:` prefix.
      let message = error.message.hasSuffix("\n") ? String(error.message.dropLast()) : error.message
      throw failure(message)
    } catch {
      throw failure("error: \(error)")
    }
  }

  /// Compiles or loads the kernel, launches it once (on `device`, or the
  /// default device) and writes the --out files.
  @discardableResult
  func execute(on chosenDevice: Device? = nil) throws -> (CompiledKernel, LaunchResult) {
    let compiled: CompiledKernel
    if file.hasSuffix(".vckb") {
      guard threading.threads == nil, threading.threadSwitches == nil else {
        throw RunError(
          "--threads and --(no-)thread-switches choose how a source file is compiled; an "
            + "artifact keeps what vckc compiled it with")
      }
      compiled = try CompiledKernel(contentsOf: URL(fileURLWithPath: file))
      if let kernel, kernel != compiled.name {
        throw RunError("\(file) holds kernel '\(compiled.name)', not '\(kernel)'")
      }
    } else {
      guard let data = FileManager.default.contents(atPath: file) else {
        throw RunError("cannot read '\(file)'")
      }
      compiled = try Compiler.compile(
        source: String(decoding: data, as: UTF8.self), path: file, kernel: kernel,
        options: CompileOptions(
          threadSwitching: threading.threadSwitching, threadsPerQPU: threading.threads))
    }
    let given = try RunArguments.pairs(arguments, what: "--arg")
    let outs = try RunArguments.pairs(outputs, what: "--out")
    let names = Set(compiled.parameters.map(\.name))
    for name in given.keys.sorted() where !names.contains(name) {
      throw RunError("kernel \(compiled.name) has no parameter '\(name)'")
    }
    for parameter in compiled.parameters where given[parameter.name] == nil {
      throw RunError("missing --arg \(parameter.name)=… (\(parameter.name) is \(parameter.kind))")
    }
    var scalars: [String: UInt32] = [:]
    for parameter in compiled.parameters {
      if case .scalar(let type) = parameter.kind {
        scalars[parameter.name] = try RunArguments.scalarBits(
          given[parameter.name]!, type: type, name: parameter.name)
      }
    }
    for name in outs.keys.sorted() {
      guard let parameter = compiled.parameters.first(where: { $0.name == name }),
        case .buffer = parameter.kind
      else { throw RunError("--out \(name): not a buffer parameter of \(compiled.name)") }
    }
    var gridLaunch: GridLaunch?
    if compiled.gridDimensions > 0 {
      guard let grid else {
        throw RunError(
          "kernel \(compiled.name) is declared 'grid \(compiled.gridDimensions)': give --grid "
            + ["WIDTH", "WIDTHxHEIGHT", "WIDTHxHEIGHTxDEPTH"][compiled.gridDimensions - 1])
      }
      do {
        gridLaunch = try compiled.gridLaunch(grid)
      } catch {
        throw RunError("--grid: \(error.message)")
      }
    } else if grid != nil {
      throw RunError(
        "--grid: kernel \(compiled.name) has no grid (declare it 'grid N' to launch it over one)")
    }
    let launch =
      try gridLaunch.map { (batches: $0.batches, reason: "--grid") }
      ?? launchSize(compiled, scalars: scalars)
    let device = try chosenDevice ?? Device.default()
    var values: [KernelArgumentValue] = []
    var buffers: [String: (object: BufferObject, bytes: Int)] = [:]
    for parameter in compiled.parameters {
      switch parameter.kind {
      case .scalar(let type):
        values.append(.scalar(bits: scalars[parameter.name]!, type: type))
      case .buffer(let element):
        let buffer = try RunArguments.bufferObject(
          given[parameter.name]!, device: device, name: parameter.name)
        buffers[parameter.name] = buffer
        values.append(.buffer(buffer.object, element: element))
      }
    }
    let kernel = try device.makeKernel(compiled)
    guard gridLaunch != nil || launch.batches <= kernel.maximumQPUs else {
      throw RunError(
        "\(launch.reason) needs \(launch.batches) batches; kernel \(compiled.name) calls "
          + "barrier(), so a launch has at most 16 (256 lanes)")
    }
    printError("device: \(device.info)")
    let result: LaunchResult
    if let gridLaunch {
      let counts = gridLaunch.workgroupCounts.map(String.init).joined(separator: "x")
      printError(
        "launch: grid \(grid!.map(String.init).joined(separator: "x")), \(counts) workgroups "
          + "of 16x1x1 points (\(gridLaunch.batches) batches of 16 lanes)")
      result = try kernel.launch(arguments: values, grid: grid!)
    } else {
      printError("launch: \(launch.batches) batch(es) of 16 lanes (\(launch.reason))")
      result = try kernel.launch(arguments: values, qpus: launch.batches)
    }
    printError("time: \(String(format: "%.6f", result.seconds)) s")
    if let instructions = result.counters["instructions"], let modelled = result.modelledSeconds {
      printError(
        "emulator: \(instructions) QPU instructions; modelled Pi 4 time "
          + "\(String(format: "%.9f", modelled)) s")
    }
    if json {
      let fields: [(String, String)] = [
        ("kernel", RunCommand.quoted(compiled.name)),
        ("device", RunCommand.quoted(device.info.kind.rawValue)),
        ("batches", "\(launch.batches)"), ("seconds", "\(result.seconds)"),
        ("instructions", result.counters["instructions"].map { "\($0)" } ?? "null"),
        ("modelled_seconds", result.modelledSeconds.map { "\($0)" } ?? "null"),
      ]
      print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
    }
    for (name, path) in outs.sorted(by: { $0.key < $1.key }) {
      let buffer = buffers[name]!
      let data = Data(bytes: buffer.object.hostAddress, count: buffer.bytes)
      guard FileManager.default.createFile(atPath: path, contents: data) else {
        throw RunError("cannot write '\(path)'")
      }
    }
    return (compiled, result)
  }

  /// The number of batches, and why: --qpus, --lanes, or the default described in the
  /// command's discussion.
  private func launchSize(_ compiled: CompiledKernel, scalars: [String: UInt32]) throws
    -> (batches: Int, reason: String)
  {
    if let qpus { return (qpus, "--qpus \(qpus)") }
    let sizeName: String
    if let lanes {
      guard
        let parameter = compiled.parameters.first(where: { $0.name == lanes }),
        case .scalar(.u32) = parameter.kind
      else {
        throw RunError("--lanes \(lanes): kernel \(compiled.name) has no u32 parameter '\(lanes)'")
      }
      sizeName = lanes
    } else if compiled.uniforms.contains(.qpuCount) {
      if compiled.defaultBatches > 8 {
        return (
          compiled.defaultBatches,
          "the default for a kernel that reads qpus() or gsize(): 8 QPUs × "
            + "\(compiled.batchesPerQPU) threads, as its loads switch threads"
        )
      }
      return (8, "the default for a kernel that reads qpus() or gsize()")
    } else if let first = compiled.parameters.first(where: { $0.kind == .scalar(.u32) }) {
      sizeName = first.name
    } else {
      return (8, "the default: the kernel has no u32 parameter to size the launch from")
    }
    let count = Int(scalars[sizeName]!)
    let batches = Kernel.batches(forLanes: count)
    guard batches <= 65_535 else {
      throw RunError(
        "one lane per element of \(sizeName) = \(count) needs \(batches) batches; a launch "
          + "has at most 65535 (1048560 lanes): use a grid-stride loop and --qpus")
    }
    return (batches, "one lane per element of \(sizeName) = \(count)")
  }
}

extension RunCommand {
  /// `text` as a JSON string (kernel names are identifiers; quotes and backslashes escaped
  /// all the same).
  static func quoted(_ text: String) -> String {
    "\""
      + text.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}

struct RunError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
