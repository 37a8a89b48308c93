// summation: sum 32 Mi unsigned 32-bit words on all 8 QPUs. Runs the kernel compiled from
// VCK (KernelSources.summation); --hand runs the hand-written QPU assembly instead.
import ArgumentParser
import ExampleSupport
import HandKernels
import V3DRuntime
import VCK

struct SummationExample: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "summation",
    abstract: "Sum unsigned 32-bit words on all 8 QPUs and check the sum.",
    discussion:
      "The rate counts 4 bytes per word summed, as py-videocore6's summation example does.")

  static let countRange = Summation.wordsPerIteration...(1 << 26)

  @OptionGroup var options: ExampleOptions

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Words to sum, \(describe(countRange)), rounded down to a multiple of "
        + "\(Summation.wordsPerIteration) (default: 32 Mi = 33554432).", valueName: "COUNT"),
    transform: wholeNumber(in: countRange))
  var count = 32 << 20

  func run() throws {
    let count = self.count / Summation.wordsPerIteration * Summation.wordsPerIteration
    let device = try Device.default()
    let report = ExampleReport(name: "summation", device: device, options: options)
    report.announce()
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
    let partials: Buffer<UInt32>
    let result: LaunchResult
    if options.hand {
      partials = try device.makeBuffer(of: UInt32.self, count: 128)
      let program = try device.makeProgram(try Summation.program())
      result = try device.launch(
        program,
        uniforms: [
          source.gpuAddress, partials.gpuAddress, UInt32(count / Summation.wordsPerIteration),
        ],
        batches: 8, timeout: 3600)
    } else {
      let kernel = try report.compile(KernelSources.summation, kernel: "summation")
      // One partial sum per lane of the launch the compiler chose (kernel.defaultQPUs).
      partials = try device.makeBuffer(of: UInt32.self, count: 16 * kernel.defaultQPUs)
      result = try kernel.launch(UInt32(count), source, partials, timeout: 3600)
    }
    report.report(result, work: .bytes(Double(count * 4)))
    let sum = partials.reduce(UInt32(0), &+)
    try report.verify(sum == expected, "sum \(sum), expected \(expected) (mod 2^32)")
  }
}

SummationExample.main()
