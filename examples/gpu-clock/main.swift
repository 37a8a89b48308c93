// gpu-clock: measure the QPU clock. One QPU runs a counted loop of known length; on
// hardware the V3D cycle counter (perfmon) over the wall time gives the clock, and the
// loop's own cycle count (4 per instruction) checks it.
import ExampleSupport
import HandKernels
import V3DRuntime

runExample {
  let iterations = integerOption("iterations", default: 10_000_000)
  let device = try Device.default()
  _ = ExampleReport(name: "gpu-clock", device: device)
  let program = try device.makeProgram(try GPUClock.program())
  let counters: [PerformanceCounter] = device.info.supportsPerfmon ? [.cycleCount] : []
  let result = try device.launch(
    program, uniforms: [UInt32(iterations)], configuration: LaunchConfiguration(batches: 1),
    counters: counters, timeout: 600)
  let loopCycles = Double(iterations * GPUClock.cyclesPerIteration)
  print(
    "gpu-clock: \(iterations) iterations × \(GPUClock.instructionsPerIteration) instructions "
      + "(\(Int(loopCycles)) QPU cycles) in \(String(format: "%.3f", result.seconds)) s")
  switch device.info.kind {
  case .hardware:
    print("loop: \(String(format: "%.1f", loopCycles / result.seconds / 1e6)) MHz")
    if let cycles = result.counters[PerformanceCounter.cycleCount.key] {
      print(
        "cycle counter: \(cycles) cycles, \(String(format: "%.1f", Double(cycles) / result.seconds / 1e6)) MHz"
      )
    }
  case .emulator:
    let estimate = result.counters["cycles"] ?? 0
    print(
      "emulator: \(estimate) estimated cycles (the loop alone: \(Int(loopCycles))); "
        + "\(String(format: "%.1f", Double(iterations * GPUClock.instructionsPerIteration) / result.seconds / 1e6)) "
        + "M emulated instructions/s — no GPU clock to measure here")
  }
}
