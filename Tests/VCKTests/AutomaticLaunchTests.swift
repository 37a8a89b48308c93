import Foundation
import QPUBackend
import Testing
import V3DRuntime

@testable import VCK

/// The launch follows the compiler's thread choice (docs/backend.md §7b): a grid-stride
/// kernel whose loads switch threads runs 8 batches per thread slot unless the launch
/// says otherwise, artifacts keep the choice, and the results are right.
@Suite struct AutomaticLaunchTests {
  /// `examples/chase.vck`: pointer chasing, whose loads switch threads.
  static var chase: String {
    get throws {
      try String(
        contentsOf: ExampleKernelTests.examples.appendingPathComponent("chase.vck"),
        encoding: .utf8)
    }
  }

  @Test func aSwitchingKernelLaunchesOneBatchPerThreadSlot() throws {
    let device = Device.emulator()
    let kernel = try device.compile(source: try Self.chase, kernel: "chase")
    #expect(kernel.compiled.switchesThreadsOnLoads && kernel.compiled.threadsPerQPU == 4)
    #expect(kernel.defaultQPUs == 32)
    let next = (0..<600).map { UInt32(($0 * 37 + 11) % 600) }
    let (nextBuffer, out) = (
      try device.makeBuffer(next), try device.makeBuffer(of: UInt32.self, count: 600)
    )
    let result = try kernel.launch(UInt32(600), UInt32(5), nextBuffer, out)
    #expect(result.counters["batches"] == 32)
    for list in 0..<600 {
      var p = list
      for _ in 0..<5 { p = Int(next[p]) }
      #expect(out[list] == UInt32(p), "list \(list)")
      if out[list] != UInt32(p) { break }
    }
    // Forced off: 2 threads, 8 batches.
    let off = try device.compile(
      source: try Self.chase, kernel: "chase", options: CompileOptions(threadSwitching: .never))
    #expect(!off.compiled.switchesThreadsOnLoads && off.defaultQPUs == 8)
  }

  @Test func artifactsKeepTheChoice() throws {
    let compiled = try Compiler.compile(source: try Self.chase, kernel: "chase")
    let loaded = try KernelArtifact.decodeKernel(KernelArtifact.encode(compiled))
    #expect(loaded.switchesThreadsOnLoads && loaded.threadsPerQPU == 4)
    #expect(loaded.defaultBatches == 32)
    let saxpy = try KernelArtifact.decodeKernel(
      KernelArtifact.encode(try Compiler.compile(source: saxpySource)))
    #expect(!saxpy.switchesThreadsOnLoads && saxpy.defaultBatches == 8)
  }
}
