// memset: fill 64 MiB with a 32-bit value on all 8 QPUs. Runs the kernel compiled from
// VCK (KernelSources.memset); --hand runs the hand-written QPU assembly instead.
import ArgumentParser
import ExampleSupport
import HandKernels
import V3DRuntime
import VCK

struct MemsetExample: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "memset",
    abstract: "Fill memory with a 32-bit value on all 8 QPUs and check it.",
    discussion: "The rate counts the bytes filled, as py-videocore6's memset example does.")

  static let byteRange = Memset.wordsPerIteration * 4...(1 << 28)

  @OptionGroup var options: ExampleOptions

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Bytes to fill, \(describe(byteRange)), rounded down to a multiple of "
        + "\(Memset.wordsPerIteration * 4) (default: 64 MiB = 67108864).", valueName: "BYTES"),
    transform: wholeNumber(in: byteRange))
  var bytes = 64 << 20

  func run() throws {
    let words = bytes / 4 / Memset.wordsPerIteration * Memset.wordsPerIteration
    let device = try Device.default()
    let report = ExampleReport(name: "memset", device: device, options: options)
    report.announce()
    let buffer = try device.makeBuffer(of: UInt32.self, count: words)
    let value: UInt32 = 0x5A5A_1234
    let result: LaunchResult
    if options.hand {
      let program = try device.makeProgram(try Memset.program())
      result = try device.launch(
        program, uniforms: [buffer.gpuAddress, UInt32(words / Memset.wordsPerIteration), value],
        batches: 8, timeout: 3600)
    } else {
      let kernel = try report.compile(KernelSources.memset, kernel: "memset")
      result = try kernel.launch(UInt32(words), buffer, value, timeout: 3600)
    }
    report.report(result, work: .bytes(Double(words * 4)))
    let wrong = buffer.withUnsafeMutableBufferPointer { $0.firstIndex { $0 != value } }
    try report.verify(
      wrong == nil, "\(words * 4) bytes" + (wrong.map { ", first wrong word \($0)" } ?? ""))
  }
}

MemsetExample.main()
