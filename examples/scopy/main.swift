// scopy: copy 16 Mi floats on all 8 QPUs. Runs the kernel compiled from VCK
// (KernelSources.scopy); --hand runs the hand-written QPU assembly instead.
import ArgumentParser
import ExampleSupport
import HandKernels
import V3DRuntime
import VCK

struct ScopyExample: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scopy",
    abstract: "Copy floats from one buffer to another on all 8 QPUs and check them.",
    discussion: """
      The rate counts 4 bytes per float copied (the bytes written), as py-videocore6's \
      scopy example does; the bytes moved are twice that.
      """)

  static let countRange = Scopy.wordsPerIteration...(1 << 26)

  @OptionGroup var options: ExampleOptions

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Floats to copy, \(describe(countRange)), rounded down to a multiple of "
        + "\(Scopy.wordsPerIteration) (default: 16 Mi = 16777216).", valueName: "COUNT"),
    transform: wholeNumber(in: countRange))
  var count = 16 << 20

  func run() throws {
    let count = self.count / Scopy.wordsPerIteration * Scopy.wordsPerIteration
    let device = try Device.default()
    let report = ExampleReport(name: "scopy", device: device, options: options)
    report.announce()
    let source = try device.makeBuffer(of: Float.self, count: count)
    source.withUnsafeMutableBufferPointer { values in
      for index in values.indices { values[index] = Float(index % 65_536) * 0.25 }
    }
    let destination = try device.makeBuffer(of: Float.self, count: count)
    let result: LaunchResult
    if options.hand {
      let program = try device.makeProgram(try Scopy.program())
      result = try device.launch(
        program,
        uniforms: [
          source.gpuAddress, destination.gpuAddress, UInt32(count / Scopy.wordsPerIteration),
        ],
        batches: 8, timeout: 3600)
    } else {
      let kernel = try report.compile(KernelSources.scopy, kernel: "scopy")
      result = try kernel.launch(UInt32(count), source, destination, timeout: 3600)
    }
    report.report(result, work: .bytes(Double(count * 4)), label: "4 bytes per float copied")
    let same = source.withUnsafeMutableBufferPointer { s in
      destination.withUnsafeMutableBufferPointer { d in s.elementsEqual(d) }
    }
    try report.verify(same, "\(count) floats")
  }
}

ScopyExample.main()
