// blur: a 3×3 box blur of a WIDTH × HEIGHT image (default 317 × 211, an odd size) with the
// 2D grid kernel KernelSources.blur, checked bit for bit against the CPU. There is no
// hand-written version (--hand is refused).
import ArgumentParser
import ExampleSupport
import V3DRuntime
import VCK

struct BlurExample: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "blur",
    abstract: "Blur an image with a 2D grid kernel and check every pixel against the CPU.",
    discussion: "The rate counts bytes read and written (4 + 4 per pixel).")

  static let sideRange = 1...4096

  @OptionGroup var options: ExampleOptions

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Image width, \(describe(sideRange)) (default: 317).", valueName: "W"),
    transform: wholeNumber(in: sideRange))
  var width = 317

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Image height, \(describe(sideRange)) (default: 211).", valueName: "H"),
    transform: wholeNumber(in: sideRange))
  var height = 211

  func run() throws {
    // Checked here, not in validate(), so that an unknown option is reported first.
    if options.hand { throw ValidationError("blur has no hand-written version (--hand)") }
    let device = try Device.default()
    let report = ExampleReport(name: "blur", device: device, options: options)
    report.announce()
    let pixels = width * height
    let image = (0..<pixels).map { Float(($0 &* 2_654_435_761) % 1000) / 16 }
    var expected = [Float](repeating: 0, count: pixels)
    for y in 0..<height {
      for x in 0..<width {
        var sum: Float = 0
        for dy in -1...1 {
          let row = min(max(y + dy, 0), height - 1)
          for dx in -1...1 { sum += image[row * width + min(max(x + dx, 0), width - 1)] }
        }
        expected[y * width + x] = sum * Float(1.0 / 9.0)
      }
    }
    let source = try device.makeBuffer(image)
    let output = try device.makeBuffer(of: Float.self, count: pixels)
    let kernel = try report.compile(KernelSources.blur, kernel: "blur")
    let result = try kernel.launch(source, output, grid: [width, height], timeout: 3600)
    report.report(result, work: .bytes(Double(pixels * 8)), label: "\(width)x\(height)")
    let wrong = (0..<pixels).filter { output[$0] != expected[$0] }
    let detail =
      wrong.first.map {
        "\(wrong.count) pixels differ, first (\($0 % width), \($0 / width)): \(output[$0]) "
          + "instead of \(expected[$0])"
      } ?? "\(width)x\(height) pixels, all exact"
    try report.verify(wrong.isEmpty, detail)
  }
}

BlurExample.main()
