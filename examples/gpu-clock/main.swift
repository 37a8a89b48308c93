// gpu-clock: measure the QPU clock. One QPU runs a counted loop of known length; on
// hardware the V3D cycle counter (perfmon) over the wall time gives the clock, and the
// loop's own cycle count (4 per instruction) checks it.
import ArgumentParser
import ExampleSupport
import HandKernels
import V3DRuntime

struct GPUClockExample: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gpu-clock",
    abstract: "Measure the QPU clock with a counted loop on one QPU.",
    discussion: """
      The kernel is hand-written (there is no VCK version, so --hand changes nothing). \
      On the emulator there is no clock to measure; the run checks that the loop ran \
      its instructions.
      """)

  static let iterationRange = 1...Int(UInt32.max)

  @OptionGroup var options: ExampleOptions

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Loop iterations, \(describe(iterationRange)) (\(GPUClock.instructionsPerIteration) "
        + "instructions each; default: 10000000).", valueName: "N"),
    transform: wholeNumber(in: iterationRange))
  var iterations = 10_000_000

  func run() throws {
    let device = try Device.default()
    var options = self.options
    options.hand = true  // the only kernel there is
    let report = ExampleReport(name: "gpu-clock", device: device, options: options)
    let program = try device.makeProgram(try GPUClock.program())
    let counters: [PerformanceCounter] = device.info.supportsPerfmon ? [.cycleCount] : []
    let result = try device.launch(
      program, uniforms: [UInt32(iterations)], configuration: LaunchConfiguration(batches: 1),
      counters: counters, timeout: 3600)
    let loopInstructions = Double(iterations) * Double(GPUClock.instructionsPerIteration)
    let loopCycles = Double(iterations) * Double(GPUClock.cyclesPerIteration)
    print(
      "gpu-clock: \(iterations) iterations × \(GPUClock.instructionsPerIteration) instructions "
        + "(\(String(format: "%.0f", loopCycles)) QPU cycles) in "
        + "\(String(format: "%.3f", result.seconds)) s")
    report.report(result, work: .none)
    var extra = JSONLine()
    extra.add("iterations", iterations)
    switch device.info.kind {
    case .hardware:
      let loopHz = loopCycles / max(result.seconds, 1e-9)
      print("loop: \(String(format: "%.1f", loopHz / 1e6)) MHz")
      extra.add("loop_mhz", loopHz / 1e6)
      var counterHz: Double?
      if let cycles = result.counters[PerformanceCounter.cycleCount.key] {
        counterHz = Double(cycles) / max(result.seconds, 1e-9)
        print("cycle counter: \(cycles) cycles, \(String(format: "%.1f", counterHz! / 1e6)) MHz")
      }
      extra.add("cycle_counter_mhz", counterHz.map { $0 / 1e6 })
      try report.verify(true, "the loop ran on the GPU", extra: extra)
    case .emulator:
      let executed = Double(result.counters["instructions"] ?? 0)
      print(
        "emulator: \(String(format: "%.1f", executed / max(result.seconds, 1e-9) / 1e6)) "
          + "M emulated instructions/s — no GPU clock to measure here")
      try report.verify(
        executed >= loopInstructions,
        "\(String(format: "%.0f", executed)) instructions executed, the loop alone has "
          + "\(String(format: "%.0f", loopInstructions))", extra: extra)
    }
  }
}

GPUClockExample.main()
