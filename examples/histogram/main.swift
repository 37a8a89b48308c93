// histogram: count 100,000 pseudo-random keys into 256 bins on all 8 QPUs with
// `atomic_add` (KernelSources.histogram), and check every bin against the CPU.
import ExampleSupport
import V3DRuntime
import VCK

runExample {
  let count = integerOption("count", default: 100_000)
  let device = try Device.default()
  let report = ExampleReport(name: "histogram", device: device)
  report.announce(hand: false)
  let keys = try device.makeBuffer(of: UInt32.self, count: count)
  var expected = [UInt32](repeating: 0, count: 256)
  keys.withUnsafeMutableBufferPointer { values in
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for index in values.indices {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      values[index] = UInt32(truncatingIfNeeded: state >> 32)
      expected[Int(values[index] & 255)] += 1
    }
  }
  let counts = try device.makeBuffer(of: UInt32.self, count: 256)
  let kernel = try report.compile(KernelSources.histogram, kernel: "histogram")
  let result = try kernel.launch(UInt32(count), keys, counts, qpus: 8, timeout: 3600)
  report.report(result, amount: Double(count), unit: "keys")
  let wrong = (0..<256).filter { counts[$0] != expected[$0] }
  report.verify(
    wrong.isEmpty,
    wrong.isEmpty
      ? "\(count) keys, all 256 bins exact"
      : "\(wrong.count) bins differ, first bin \(wrong[0]): \(counts[wrong[0]]) instead of \(expected[wrong[0]])"
  )
}
