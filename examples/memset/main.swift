// memset: fill 64 MiB with a 32-bit value on all 8 QPUs (hand-written QPU code).
import ExampleSupport
import HandKernels
import V3DRuntime

runExample {
  let bytes = integerOption("bytes", default: 64 << 20)
  let words = bytes / 4 / Memset.wordsPerIteration * Memset.wordsPerIteration
  guard words > 0 else { throw RuntimeError.invalidConfiguration("--bytes must be at least 1024") }
  let device = try Device.default()
  let report = ExampleReport(name: "memset", device: device)
  let buffer = try device.makeBuffer(of: UInt32.self, count: words)
  let program = try device.makeProgram(try Memset.program())
  let value: UInt32 = 0x5A5A_1234
  let result = try device.launch(
    program, uniforms: [buffer.gpuAddress, UInt32(words / Memset.wordsPerIteration), value],
    batches: 8)
  report.report(result, amount: Double(words * 4), unit: "B")
  let wrong = buffer.withUnsafeMutableBufferPointer { $0.firstIndex { $0 != value } }
  report.verify(
    wrong == nil, "\(words * 4) bytes" + (wrong.map { ", first wrong word \($0)" } ?? ""))
}
