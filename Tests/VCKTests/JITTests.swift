import Foundation
import QPUBackend
import Testing
import V3DRuntime

@testable import VCK

let saxpySource = """
  kernel saxpy(n: u32, a: f32, x: *f32, y: *f32) {
      for i in gid() ..< n step gsize() {
          y[i] = a * x[i] + y[i]
      }
  }
  """

@Suite struct JITTests {
  @Test func compileAndLaunchOnBothDevices() throws {
    for device in [Device.emulator(), try Device.hardware(kernel: EmulatedKernel())] {
      let saxpy = try device.compile(source: saxpySource, kernel: "saxpy")
      let n = 300
      let x = try device.makeBuffer((0..<n).map { Float($0) })
      let y = try device.makeBuffer((0..<n).map { Float($0) * 0.5 })
      try saxpy.launch(UInt32(n), Float(2), x, y, qpus: 8)
      let expected = (0..<n).map { Float(2) * Float($0) + Float($0) * 0.5 }
      #expect(y.array == expected, "\(device.info.kind)")
    }
  }

  @Test func fewerQPUsGiveTheSameResult() throws {
    let device = Device.emulator()
    let saxpy = try device.compile(source: saxpySource)
    for qpus in [1, 3, 8, 16] {
      let x = try device.makeBuffer([Float](repeating: 1, count: 100))
      let y = try device.makeBuffer([Float](repeating: 2, count: 100))
      try saxpy.launch(UInt32(100), Float(3), x, y, qpus: qpus)
      #expect(y.allSatisfy { $0 == 5 }, "qpus \(qpus)")
    }
  }

  @Test func argumentsAreCheckedAgainstTheSignature() throws {
    let device = Device.emulator()
    let saxpy = try device.compile(source: saxpySource)
    let x = try device.makeBuffer([Float](repeating: 1, count: 16))
    let ints = try device.makeBuffer([UInt32](repeating: 1, count: 16))
    func message(_ body: () throws -> Void) -> String {
      do {
        try body()
        return ""
      } catch {
        return "\(error)"
      }
    }
    #expect(
      message { try saxpy.launch(UInt32(16), Float(2), x) }
        == "the kernel takes 4 argument(s), got 3")
    #expect(
      message { try saxpy.launch(Float(16), Float(2), x, x) }
        == "argument 1 ('n') must be u32, got f32")
    #expect(
      message { try saxpy.launch(UInt32(16), Float(2), x, ints) }
        == "argument 4 ('y') must be *f32, got *u32")
    #expect(
      message { try saxpy.launch(UInt32(16), Float(2), x, x, qpus: 0) }
        == "a launch runs 1…65535 batches of 16 lanes, not 0")
  }

  /// Distinct pointer parameters must not alias where one is written (lang/spec.md §9):
  /// the launch refuses the same buffer for `x` and the written `y`, and accepts one
  /// buffer for two parameters that are only read.
  @Test func aliasedWrittenBuffersAreRefused() throws {
    let device = Device.emulator()
    let saxpy = try device.compile(source: saxpySource)
    let x = try device.makeBuffer([Float](repeating: 1, count: 16))
    do {
      try saxpy.launch(UInt32(16), Float(2), x, x)
      Issue.record("the aliased launch ran")
    } catch {
      #expect(
        "\(error)"
          == "'x' and 'y' get overlapping buffers and the kernel writes one of them: distinct "
          + "pointer parameters must not alias")
    }
    let sum = try device.compile(
      source: """
        kernel sum(n: u32, a: *f32, b: *f32, c: *f32) {
            for i in gid() ..< n step gsize() { c[i] = a[i] + b[i] }
        }
        """)
    let c = try device.makeBuffer([Float](repeating: 0, count: 16))
    try sum.launch(UInt32(16), x, x, c, qpus: 1)
    #expect(c.allSatisfy { $0 == 2 })
  }

  @Test func compileErrorsCarryDiagnostics() {
    do {
      _ = try Device.emulator().compile(
        source: "kernel k(n: u32) {\n  let x: f32 = n\n}\n", path: "bad.vck")
      Issue.record("expected a compile error")
    } catch let error as CompileError {
      #expect(error.message.contains("bad.vck:2:"))
      #expect(error.message.contains("error:"))
      #expect(!error.diagnostics.isEmpty)
    } catch {
      Issue.record("unexpected \(error)")
    }
    do {
      _ = try Device.emulator().compile(source: saxpySource, kernel: "nope")
      Issue.record("expected a compile error")
    } catch {
      #expect("\(error)".contains("no kernel named 'nope' (kernels: saxpy)"))
    }
  }

  @Test func theCacheCompilesOnce() throws {
    let cache = KernelCache()
    let source = saxpySource + "\n// cache test"
    _ = try cache.kernel(source: source, path: "a", kernel: nil, options: CompileOptions())
    _ = try cache.kernel(source: source, path: "a", kernel: nil, options: CompileOptions())
    _ = try cache.kernel(
      source: source, path: "a", kernel: nil, options: CompileOptions(optimization: .none))
    #expect(cache.hits == 1 && cache.misses == 2)
  }
}
