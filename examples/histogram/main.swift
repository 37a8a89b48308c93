// histogram: count pseudo-random keys into 256 bins on all 8 QPUs with `atomic_add`
// (KernelSources.histogram), and check every bin against the CPU. There is no hand-written
// version (--hand is refused).
import ArgumentParser
import ExampleSupport
import V3DRuntime
import VCK

struct HistogramExample: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "histogram",
    abstract: "Count keys into 256 bins with atomic_add on all 8 QPUs and check every bin.",
    discussion: "The rate counts keys per second. There is no hand-written version.")

  static let countRange = 1...(1 << 26)

  @OptionGroup var options: ExampleOptions

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Keys to count, \(describe(countRange)) (default: 100000).", valueName: "COUNT"),
    transform: wholeNumber(in: countRange))
  var count = 100_000

  func run() throws {
    // Checked here, not in validate(), so that an unknown option is reported first.
    if options.hand { throw ValidationError("histogram has no hand-written version (--hand)") }
    let device = try Device.default()
    let report = ExampleReport(name: "histogram", device: device, options: options)
    report.announce()
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
    let result = try kernel.launch(UInt32(count), keys, counts, timeout: 3600)
    report.report(result, work: .none, label: "\(count) keys")
    let wrong = (0..<256).filter { counts[$0] != expected[$0] }
    let detail =
      wrong.first.map {
        "\(wrong.count) bins differ, bin \($0): \(counts[$0]) instead of \(expected[$0])"
      } ?? "\(count) keys, all 256 bins exact"
    try report.verify(wrong.isEmpty, detail)
  }
}

HistogramExample.main()
