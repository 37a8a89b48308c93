import Foundation
import QPUBackend
import Testing
import V3DRuntime

@testable import VCK

/// A kernel that spills values gets a scratch buffer from the runtime at every launch.
@Suite struct SpillingLaunchTests {
  /// 80 distinct products live at once (each constant used twice: once early, once late);
  /// the constants are re-read from the uniform stream, the products go to scratch memory.
  static func source(constants: Int) -> String {
    var lines = ["kernel wide(x: *f32, y: *f32) {", "    let v = x[gid()]", "    var a: f32 = 0.0"]
    for index in 0..<constants { lines.append("    let w\(index) = v * \(Self.constant(index))") }
    for index in 0..<constants { lines.append("    a = a + w\(index) - \(Self.constant(index))") }
    lines += ["    y[gid()] = a", "}"]
    return lines.joined(separator: "\n")
  }

  /// 70 distinct constants in a loop: they are re-read in every iteration, and the loop's
  /// branches redirect the uniform stream.
  static let loopSource: String = {
    var lines = [
      "kernel loopy(n: u32, x: *f32, y: *f32) {", "    let v = x[gid()]", "    var a: f32 = 0.0",
      "    for j in 0 ..< n {",
    ]
    for index in 0..<70 { lines.append("        a = a + v * \(Self.constant(index))") }
    lines += ["    }", "    y[gid()] = a", "}"]
    return lines.joined(separator: "\n")
  }()

  static func constant(_ index: Int) -> Float { 1.0 + Float(index) * 0.0625 + 0.001 }

  @Test func spillingKernelRunsOnBothDevices() throws {
    let count = 80
    for device in [Device.emulator(), try Device.hardware(kernel: EmulatedKernel())] {
      let kernel = try device.compile(source: Self.source(constants: count), kernel: "wide")
      #expect(kernel.compiled.statistics.spills > 0)
      #expect(kernel.compiled.statistics.rematerialised > 0)
      let lanes = 16 * 24
      for qpus in [1, 2, 24] {
        let x = try device.makeBuffer((0..<lanes).map { Float($0 % 5) * 0.5 })
        let y = try device.makeBuffer([Float](repeating: 0, count: lanes))
        try kernel.launch(x, y, qpus: qpus)
        let expected = (0..<(16 * qpus)).map { lane -> Float in
          let v = Float(lane % 5) * 0.5
          var a: Float = 0
          for index in 0..<count { a = a + v * Self.constant(index) - Self.constant(index) }
          return a
        }
        #expect(Array(y.array.prefix(16 * qpus)) == expected, "\(device.info.kind) qpus \(qpus)")
      }
    }
  }

  @Test func constantsReReadInALoopRunOnBothDevicesAndFromTheArtifact() throws {
    let lanes = 16 * 2
    let x = (0..<lanes).map { Float($0 % 5) * 0.5 }
    let n = 3
    let expected = x.map { v -> Float in
      var a: Float = 0
      for _ in 0..<n {
        for index in 0..<70 { a = a + v * Self.constant(index) }
      }
      return a
    }
    for device in [Device.emulator(), try Device.hardware(kernel: EmulatedKernel())] {
      let kernel = try device.compile(source: Self.loopSource, kernel: "loopy")
      #expect(kernel.compiled.statistics.rematerialised > 0)
      let restored = try KernelArtifact.decodeKernel(KernelArtifact.encode(kernel.compiled))
      #expect(restored.uniforms == kernel.compiled.uniforms)
      #expect(restored.words == kernel.compiled.words)
      for compiled in [kernel.compiled, restored] {
        let loaded = try device.makeKernel(compiled)
        let xs = try device.makeBuffer(x)
        let y = try device.makeBuffer([Float](repeating: 0, count: lanes))
        try loaded.launch(UInt32(n), xs, y, qpus: 2)
        #expect(y.array == expected, "\(device.info.kind)")
      }
    }
  }

  @Test func scratchSlotSurvivesTheArtifact() throws {
    let device = Device.emulator()
    let kernel = try device.compile(source: Self.source(constants: 80), kernel: "wide")
    let bytes = KernelArtifact.encode(kernel.compiled)
    let restored = try KernelArtifact.decodeKernel(bytes)
    #expect(restored.uniforms == kernel.compiled.uniforms)
    #expect(restored.scratchBytes == kernel.compiled.scratchBytes)
    #expect(restored.scratchBytes > 0)
  }
}
