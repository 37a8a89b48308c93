import Foundation
import QPUBackend
import VCKIR
import VCKLang
import VCKLower

/// The cost of compiling one kernel, stage by stage and pass by pass, as `vckc --stats`
/// prints it: where the time goes, and after which pass the IR grows or holds more
/// values live at once (the register pressure the backend must meet).
struct CompileCost {
  /// One row: a stage (lowering, the backend) or an IR pass.
  struct Row {
    var name: String
    var seconds: Double
    /// The IR's size and peak live values after the row's stage (nil for the backend).
    var blocks: Int?
    var instructions: Int?
    var peakLive: Int?
  }

  var rows: [Row] = []
  /// The front end's time for the whole file (parsing and checking every kernel).
  var frontEndSeconds: Double

  init(frontEndSeconds: Double) { self.frontEndSeconds = frontEndSeconds }

  /// Adds a row for `function` as it is after a stage that took `duration`.
  mutating func record(_ name: String, _ duration: Duration, after function: Function?) {
    rows.append(
      Row(
        name: name, seconds: duration.seconds, blocks: function?.blocks.count,
        instructions: function?.instructionCount,
        peakLive: function.map { LiveValues.peak(in: $0) }))
  }

  /// Lowers, optimises and compiles `kernel`, recording each stage; returns the compiled
  /// kernel or the error that stopped it (the rows up to that point stay recorded).
  mutating func compile(
    _ program: CheckedProgram, kernel: FunctionID, optimization: OptimizationLevel,
    options: BackendOptions
  ) -> Result<CompiledKernel, any Error> {
    let clock = ContinuousClock()
    do {
      var start = clock.now
      var function = try Lowering.lower(program, kernel: kernel)
      record("lowering", clock.now - start, after: function)
      var manager = PassManager.pipeline(for: optimization)
      var lastPass: (name: String, duration: Duration)?
      manager.timer = { name, duration in lastPass = (name, duration) }
      var pending: [(String, Duration, Function)] = []
      manager.observer = { name, after in
        pending.append((name, lastPass?.duration ?? .zero, after))
      }
      try manager.run(on: &function)
      for (name, duration, after) in pending { record(name, duration, after: after) }
      start = clock.now
      let compiled = try Backend.compile(function, options: options)
      record("backend", clock.now - start, after: nil)
      rows[rows.count - 1].peakLive = compiled.statistics.maxLiveValues
      return .success(compiled)
    } catch {
      return .failure(error)
    }
  }

  /// The table `vckc --stats` prints under a kernel's statistics header.
  var report: String {
    let total = frontEndSeconds + rows.reduce(0) { $0 + $1.seconds }
    var lines = [
      "// compile time: \(Self.milliseconds(total)) ms (front end \(Self.milliseconds(frontEndSeconds)) ms for the file)",
      "//   " + Self.pad("stage or pass", 28) + Self.padLeft("ms", 10) + Self.padLeft("blocks", 8)
        + Self.padLeft("instrs", 9) + Self.padLeft("peak live", 11),
    ]
    for row in rows {
      lines.append(
        "//   " + Self.pad(row.name, 28) + Self.padLeft(Self.milliseconds(row.seconds), 10)
          + Self.padLeft(row.blocks.map(String.init) ?? "", 8)
          + Self.padLeft(row.instructions.map(String.init) ?? "", 9)
          + Self.padLeft(row.peakLive.map(String.init) ?? "", 11))
    }
    return lines.joined(separator: "\n")
  }

  private static func milliseconds(_ seconds: Double) -> String {
    String(format: "%.3f", seconds * 1000)
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
  }

  private static func padLeft(_ text: String, _ width: Int) -> String {
    text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double {
    let (whole, fraction) = components
    return Double(whole) + Double(fraction) * 1e-18
  }
}
