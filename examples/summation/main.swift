// summation: sum 32 Mi unsigned 32-bit words on all 8 QPUs. Runs the kernel compiled from
// VCK (KernelSources.summation); --hand runs the hand-written QPU assembly instead.
import ExampleSupport
import HandKernels
import V3DRuntime
import VCK

runExample {
  let hand = flag("hand")
  let count =
    integerOption("count", default: 32 << 20) / Summation.wordsPerIteration
    * Summation.wordsPerIteration
  guard count > 0 else { throw RuntimeError.invalidConfiguration("--count must be at least 256") }
  let device = try Device.default()
  let report = ExampleReport(name: "summation", device: device)
  report.announce(hand: hand)
  let source = try device.makeBuffer(of: UInt32.self, count: count)
  var expected: UInt32 = 0
  source.withUnsafeMutableBufferPointer { values in
    var state: UInt32 = 12345
    for index in values.indices {
      state = state &* 1_664_525 &+ 1_013_904_223
      values[index] = state
      expected &+= state
    }
  }
  let partials = try device.makeBuffer(of: UInt32.self, count: 128)
  let result: LaunchResult
  if hand {
    let program = try device.makeProgram(try Summation.program())
    result = try device.launch(
      program,
      uniforms: [
        source.gpuAddress, partials.gpuAddress, UInt32(count / Summation.wordsPerIteration),
      ],
      batches: 8)
  } else {
    let kernel = try report.compile(KernelSources.summation, kernel: "summation")
    result = try kernel.launch(UInt32(count), source, partials, qpus: 8, timeout: 3600)
  }
  report.report(result, amount: Double(count * 4), unit: "B")
  let sum = partials.reduce(UInt32(0), &+)
  report.verify(sum == expected, "sum \(sum), expected \(expected) (mod 2^32)")
}
