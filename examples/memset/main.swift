// memset: fill 64 MiB with a 32-bit value on all 8 QPUs. Runs the kernel compiled from
// VCK (KernelSources.memset); --hand runs the hand-written QPU assembly instead.
import ExampleSupport
import HandKernels
import V3DRuntime
import VCK

runExample {
  let hand = flag("hand")
  let bytes = integerOption("bytes", default: 64 << 20)
  let words = bytes / 4 / Memset.wordsPerIteration * Memset.wordsPerIteration
  guard words > 0 else { throw RuntimeError.invalidConfiguration("--bytes must be at least 1024") }
  let device = try Device.default()
  let report = ExampleReport(name: "memset", device: device)
  report.announce(hand: hand)
  let buffer = try device.makeBuffer(of: UInt32.self, count: words)
  let value: UInt32 = 0x5A5A_1234
  let result: LaunchResult
  if hand {
    let program = try device.makeProgram(try Memset.program())
    result = try device.launch(
      program, uniforms: [buffer.gpuAddress, UInt32(words / Memset.wordsPerIteration), value],
      batches: 8)
  } else {
    let kernel = try report.compile(KernelSources.memset, kernel: "memset")
    result = try kernel.launch(UInt32(words), buffer, value, qpus: 8, timeout: 3600)
  }
  report.report(result, amount: Double(words * 4), unit: "B")
  let wrong = buffer.withUnsafeMutableBufferPointer { $0.firstIndex { $0 != value } }
  report.verify(
    wrong == nil, "\(words * 4) bytes" + (wrong.map { ", first wrong word \($0)" } ?? ""))
}
