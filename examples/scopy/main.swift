// scopy: copy 16 Mi floats on all 8 QPUs (hand-written QPU code).
import ExampleSupport
import HandKernels
import V3DRuntime

runExample {
  let count =
    integerOption("count", default: 16 << 20) / Scopy.wordsPerIteration * Scopy.wordsPerIteration
  guard count > 0 else { throw RuntimeError.invalidConfiguration("--count must be at least 128") }
  let device = try Device.default()
  let report = ExampleReport(name: "scopy", device: device)
  let source = try device.makeBuffer(of: Float.self, count: count)
  source.withUnsafeMutableBufferPointer { values in
    for index in values.indices { values[index] = Float(index % 65_536) * 0.25 }
  }
  let destination = try device.makeBuffer(of: Float.self, count: count)
  let program = try device.makeProgram(try Scopy.program())
  let result = try device.launch(
    program,
    uniforms: [source.gpuAddress, destination.gpuAddress, UInt32(count / Scopy.wordsPerIteration)],
    batches: 8)
  report.report(result, amount: Double(count * 8), unit: "B", label: "read + written")
  let same = source.withUnsafeMutableBufferPointer { s in
    destination.withUnsafeMutableBufferPointer { d in s.elementsEqual(d) }
  }
  report.verify(same, "\(count) floats")
}
