import Testing
import VCK

/// The wrappers VCKPlugin generated from `vector.vck`, launched on the emulator.
@Suite struct PluginKernelTests {
  @Test func saxpyFromAVCKFile() throws {
    let device = Device.emulator()
    let x = try device.makeBuffer((0..<100).map { Float($0) })
    let y = try device.makeBuffer([Float](repeating: 1, count: 100))
    let saxpy = SaxpyKernel()
    #expect(saxpy.embedded.isCompiledAtBuildTime)
    try saxpy.launch(on: device, n: 100, a: 2, x: x, y: y)
    #expect(y.array == (0..<100).map { 2 * Float($0) + 1 })
  }

  @Test func aSecondKernelOfTheSameFileOnFewerQPUs() throws {
    let device = Device.emulator()
    let out = try device.makeBuffer(of: Int32.self, count: 40)
    try CountUpKernel().launch(on: device, qpus: 2, n: 40, start: -5, out: out)
    #expect(out.array == (0..<40).map { Int32($0) - 5 })
  }
}

/// The VCKPlugin sample of the article "Kernels checked at build time".
@Suite struct PluginArticleTests {
  @Test func histogram() throws {
    let device = Device.emulator()
    let values = try device.makeBuffer((0..<500).map { UInt32($0 * 7 % 10) })
    let counts = try device.makeBuffer(of: UInt32.self, count: 10)
    try HistogramKernel().launch(on: device, n: 500, bins: 10, values: values, counts: counts)
    #expect(counts.array == [UInt32](repeating: 50, count: 10))
  }
}
