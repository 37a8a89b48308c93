// gpu-clock: measure the QPU clock with a loop of known length.
import ExampleSupport
import HandKernels
import V3DRuntime

runExample {
  let iterations = integerOption("iterations", default: 10_000_000)
  let device = try Device.default()
  _ = ExampleReport(name: "gpu-clock", device: device)
  let program = try device.makeProgram(try GPUClock.program())
  let result = try device.launch(program, uniforms: [UInt32(iterations)], batches: 1, timeout: 600)
  let cycles = Double(iterations * GPUClock.cyclesPerIteration)
  print(
    "gpu-clock: \(iterations) iterations of \(GPUClock.instructionsPerIteration) instructions in "
      + "\(String(format: "%.3f", result.seconds)) s: "
      + "\(String(format: "%.1f", cycles / result.seconds / 1e6)) MHz"
      + (device.info.kind == .emulator ? " (emulated instruction rate, not a GPU clock)" : ""))
  if let estimate = result.counters["cycles"] {
    print("emulator: \(estimate) estimated cycles; the loop alone takes \(Int(cycles))")
  }
}
