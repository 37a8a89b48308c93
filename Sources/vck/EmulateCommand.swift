import ArgumentParser
import Foundation
import QPUEmulator

struct EmulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "emulate",
    abstract: "Run a raw V3D 4.2 compute job on the QPU emulator.",
    discussion: """
      FILE holds raw bytes: GPU address ADDR + k is byte k of FILE; code, uniforms and data \
      all live inside it. The seven --csd-cfg words are exactly cfg[0..6] of \
      DRM_IOCTL_V3D_SUBMIT_CSD (decimal or 0x-hex). After the job the whole memory is written \
      to --out (default: back to FILE). On a fault or rule violation the exit status is \
      non-zero, the error is printed on standard error and no memory is written.

      The Pi 4 timing model runs when its figures are asked for (--json, --timeline, \
      --timing-parameter, or --timing); otherwise the job runs without it, its QPUs on \
      --threads host threads in deterministic epochs: the memory written, the counts and \
      the warnings are the same either way for jobs without data races (docs/emulator.md, \
      "Host threads").
      """)

  @Option(
    name: .customLong("memory"),
    help: ArgumentHelp("The memory image (raw bytes).", valueName: "FILE"))
  var memoryPath: String

  @Option(
    help: ArgumentHelp(
      "GPU address of the first byte of the memory image (decimal or 0x-hex).", valueName: "ADDR"))
  var base: String

  @Option(
    name: .customLong("csd-cfg"),
    help: ArgumentHelp(
      "The seven CSD configuration words, comma-separated.", valueName: "W0,W1,W2,W3,W4,W5,W6"))
  var csdConfiguration: String

  @Option(
    name: .customLong("out"),
    help: ArgumentHelp(
      "Where to write the memory after the job (default: FILE).", valueName: "FILE"))
  var outputPath: String?

  @Flag(help: "Print the statistics as one JSON object on standard output.")
  var json = false

  @Flag(
    name: .customLong("no-strict"),
    help: "Do not check the pipeline rules (strict mode is on by default).")
  var noStrict = false

  @Option(
    name: .customLong("max-instructions"), parsing: .unconditional,
    help: ArgumentHelp(
      "Instruction budget, 1…2^64-1; past it the job counts as hung.", valueName: "N"),
    transform: { text in
      guard let value = UInt64(text), value > 0 else {
        throw ValidationError("the count must be a positive whole number, 1…2^64-1")
      }
      return value
    })
  var maxInstructions: UInt64 = 1_000_000_000

  @Option(
    name: .customLong("trace"),
    help: ArgumentHelp("Write one line per executed instruction to this file.", valueName: "FILE"))
  var tracePath: String?

  @Option(
    name: .customLong("timing-parameter"),
    help: ArgumentHelp(
      "Run the timing model with one parameter changed (repeatable; docs/emulator.md lists them).",
      valueName: "NAME=VALUE"))
  var timingSettings: [String] = []

  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      "Run the Pi 4 timing model (default: only when --json, --timeline or "
        + "--timing-parameter asks for its figures); --no-timing makes --json report "
        + "no modelled figures (null)."))
  var timing: Bool?

  @Option(
    name: .customLong("threads"),
    help: ArgumentHelp(
      "Host threads that run QPUs at once without the timing model, 1…8 (default: the "
        + "active processors, at most 8); the results do not depend on it.", valueName: "N"))
  var hostThreads: Int?

  @Option(
    name: .customLong("timeline"),
    help: ArgumentHelp(
      "Write a Chrome trace-event file (Perfetto, chrome://tracing) of what each QPU thread "
        + "did in modelled time.", valueName: "FILE.json"))
  var timelinePath: String?

  @Option(
    name: .customLong("timeline-limit"),
    help: ArgumentHelp("The most intervals the timeline keeps (1…10000000).", valueName: "N"))
  var timelineLimit: Int = 200_000

  func validate() throws {
    if let hostThreads, !(1...8).contains(hostThreads) {
      throw ValidationError("--threads must be in 1…8, not \(hostThreads)")
    }
    if timing == false && (timelinePath != nil || !timingSettings.isEmpty) {
      throw ValidationError(
        "--timeline and --timing-parameter need the timing model: drop --no-timing")
    }
    guard (1...10_000_000).contains(timelineLimit) else {
      throw ValidationError("--timeline-limit must be in 1…10000000, not \(timelineLimit)")
    }
    guard EmulateCommand.parseWord(base) != nil else {
      throw ValidationError(
        "--base '\(base)' is not a 32-bit address: it takes 0…2^32-1 (decimal or 0x-hex)")
    }
    guard configurationWords != nil else {
      throw ValidationError(
        "--csd-cfg '\(csdConfiguration)' is not seven 32-bit words (decimal or 0x-hex), "
          + "comma-separated")
    }
  }

  /// The seven words of --csd-cfg, or nil when it does not hold seven 32-bit words.
  private var configurationWords: [UInt32]? {
    let fields = csdConfiguration.split(separator: ",", omittingEmptySubsequences: false)
    let words = fields.compactMap { EmulateCommand.parseWord(String($0)) }
    return fields.count == 7 && words.count == 7 ? words : nil
  }

  /// Whether the timing model runs: when asked, else when its figures are printed.
  var modelsTiming: Bool {
    timing ?? (json || timelinePath != nil || !timingSettings.isEmpty)
  }

  func run() throws {
    let timing = modelsTiming ? try TimingSettings.parameters(timingSettings) : nil
    let threads = hostThreads ?? min(ProcessInfo.processInfo.activeProcessorCount, 8)
    guard let baseAddress = EmulateCommand.parseWord(base), let words = configurationWords else {
      throw ExitCode.validationFailure
    }
    // A regular file is mapped copy-on-write and the job runs on its pages (no read, no
    // copy); anything else is read into a buffer.
    let mapped = MappedMemoryFile(path: memoryPath)
    let memory = GPUMemory()
    if let mapped {
      do {
        try memory.addBuffer(at: baseAddress, mapping: mapped.bytes)
      } catch {
        throw failure("error: \(error.description)")
      }
    } else {
      guard let contents = FileManager.default.contents(atPath: memoryPath) else {
        throw failure("error: cannot read memory file '\(memoryPath)'")
      }
      guard !contents.isEmpty else {
        throw failure(
          "error: memory file '\(memoryPath)' is empty: it must hold the job's code, uniforms "
            + "and data")
      }
      do {
        // Straight from the file's bytes into the buffer: no intermediate array.
        try memory.addBuffer(at: baseAddress, size: contents.count)
        contents.withUnsafeBytes { _ = memory.write($0, at: baseAddress) }
      } catch {
        throw failure("error: \(error.description)")
      }
    }
    let trace = try tracePath.map { try TraceWriter(path: $0) }
    let statistics: RunStatistics
    do {
      let configuration = try CSDConfiguration(words)
      statistics = try Emulator(memory: memory).run(
        configuration, maxInstructions: maxInstructions, strict: !noStrict,
        trace: trace.map { writer in { writer.write($0) } }, timing: timing,
        timelineCapacity: timelinePath == nil ? nil : timelineLimit, hostThreads: threads)
      trace?.close()
    } catch {
      trace?.close()
      throw failure("error: \(error.description)")
    }
    for warning in statistics.warnings { printError(warning.description) }
    let output = outputPath ?? memoryPath
    let written = memory.withContents(ofBufferAt: baseAddress) { bytes in
      let result =
        bytes.map {
          Data(
            bytesNoCopy: UnsafeMutableRawPointer(mutating: $0.baseAddress!), count: $0.count,
            deallocator: .none)
        } ?? Data()
      // A new file replaces the path (also when it is the mapped memory file itself).
      return FileManager.default.createFile(atPath: output, contents: result)
    }
    withExtendedLifetime(mapped) {}
    guard written else {
      throw failure("error: cannot write '\(output)'")
    }
    if let timelinePath, let timeline = statistics.timing.timeline {
      try ChromeTrace.write(
        timeline, clockHz: statistics.timing.parameters.clockHz, to: timelinePath)
    }
    if json { print(EmulateCommand.json(statistics)) }
  }

  /// A 32-bit word written in decimal or 0x-hex.
  static func parseWord(_ text: String) -> UInt32? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.lowercased().hasPrefix("0x") { return UInt32(trimmed.dropFirst(2), radix: 16) }
    return UInt32(trimmed)
  }

  /// The statistics as one JSON object: the totals, `modelled_seconds` (the timing model's
  /// Pi 4 time of the job), `qpus` and `warnings`. Without the timing model every modelled
  /// figure (`cycles`, `modelled_seconds`, `timing`) is null.
  static func json(_ statistics: RunStatistics) -> String {
    let modelled = statistics.timing.isModelled
    func fields(_ s: QPUStatistics) -> String {
      [
        ("instructions", "\(s.instructions)"), ("cycles", modelled ? "\(s.cycles)" : "null"),
        ("dual_issued", "\(s.dualIssued)"), ("tmu_reads", "\(s.tmuReads)"),
        ("tmu_writes", "\(s.tmuWrites)"), ("sfu_operations", "\(s.sfuOperations)"),
        ("thread_switches", "\(s.threadSwitches)"), ("batches", "\(s.batches)"),
      ].map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ")
    }
    let qpus = statistics.qpus.enumerated().map { "{\"qpu\": \($0.offset), \(fields($0.element))}" }
    let warnings = statistics.warnings.map { warning in
      let text = warning.description.unicodeScalars.map { scalar -> String in
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        default: return scalar.value < 0x20 ? " " : String(scalar)
        }
      }.joined()
      return "\"\(text)\""
    }
    return "{\(fields(statistics.total)), \(TimingJSON.fields(statistics.timing)), "
      + "\"qpus\": [\(qpus.joined(separator: ", "))], "
      + "\"warnings\": [\(warnings.joined(separator: ", "))]}"
  }
}

/// Buffered writer of trace lines.
final class TraceWriter {
  private let handle: FileHandle
  private var buffer = Data()

  init(path: String) throws {
    guard FileManager.default.createFile(atPath: path, contents: nil),
      let handle = FileHandle(forWritingAtPath: path)
    else { throw failure("error: cannot write trace file '\(path)'") }
    self.handle = handle
  }

  func write(_ line: String) {
    buffer.append(contentsOf: line.utf8)
    buffer.append(10)
    if buffer.count > 1 << 16 { flush() }
  }

  func flush() {
    handle.write(buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  func close() {
    flush()
    try? handle.close()
  }
}
