// scopy: copy 16 Mi floats on all 8 QPUs. Runs the kernel compiled from VCK
// (KernelSources.scopy); --hand runs the hand-written QPU assembly instead.
import ExampleSupport
import HandKernels
import V3DRuntime
import VCK

runExample {
  let hand = flag("hand")
  let count =
    integerOption("count", default: 16 << 20) / Scopy.wordsPerIteration * Scopy.wordsPerIteration
  guard count > 0 else { throw RuntimeError.invalidConfiguration("--count must be at least 128") }
  let device = try Device.default()
  let report = ExampleReport(name: "scopy", device: device)
  report.announce(hand: hand)
  let source = try device.makeBuffer(of: Float.self, count: count)
  source.withUnsafeMutableBufferPointer { values in
    for index in values.indices { values[index] = Float(index % 65_536) * 0.25 }
  }
  let destination = try device.makeBuffer(of: Float.self, count: count)
  let result: LaunchResult
  if hand {
    let program = try device.makeProgram(try Scopy.program())
    result = try device.launch(
      program,
      uniforms: [
        source.gpuAddress, destination.gpuAddress, UInt32(count / Scopy.wordsPerIteration),
      ],
      batches: 8)
  } else {
    let kernel = try report.compile(KernelSources.scopy, kernel: "scopy")
    result = try kernel.launch(UInt32(count), source, destination, qpus: 8, timeout: 3600)
  }
  report.report(result, amount: Double(count * 8), unit: "B", label: "read + written")
  let same = source.withUnsafeMutableBufferPointer { s in
    destination.withUnsafeMutableBufferPointer { d in s.elementsEqual(d) }
  }
  report.verify(same, "\(count) floats")
}
