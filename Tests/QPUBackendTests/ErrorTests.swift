import QPUISA
import Testing
import VCKIR

@testable import QPUBackend

/// Bad input gets a clear error, never a crash.
@Suite struct ErrorTests {
  @Test func invalidIRIsRejected() {
    var function = Function(name: "broken", parameters: [])
    // An instruction that reads a value nobody defines.
    let ghost = function.makeValue(.varying(.u32))
    let result = function.makeValue(.varying(.u32))
    function.blocks[0].instructions.append(
      VCKIR.Instruction(.add, [ghost, ghost], result: result, type: .varying(.u32)))
    #expect(throws: BackendError.self) { try Backend.compile(function) }
  }

  /// More values live at once than there are registers (80 loads kept until the end):
  /// values are spilled, the code matches the interpreter, and a launch without a scratch
  /// buffer is refused.
  @Test(arguments: BackendOptions.Scheduling.allCases)
  func tooManyLiveValuesAreSpilled(_ scheduling: BackendOptions.Scheduling) throws {
    var builder = IRBuilder(
      name: "pressure", parameters: [Parameter(name: "buffer", kind: .buffer(element: .u32))])
    let base = builder.parameterValues[0]
    let (gid, _) = Kernels.globalIndex(&builder)
    var values: [Value] = []
    for offset in 0..<80 {
      let index = builder.emit(.add, [gid, builder.constant(UInt32(offset * 32))])
      values.append(builder.load(.u32, address: Kernels.address(&builder, base, index)))
    }
    var sum = values[0]
    for value in values.reversed() {
      sum = builder.emit(.add, [builder.emit(.xor, [sum, value]), builder.constant(UInt32(3))])
    }
    builder.store(sum, address: Kernels.address(&builder, base, gid))
    builder.returnFromKernel()
    let buffer = (0..<(80 * 32 + 32)).map { UInt32(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
    let run = try EmulatorHarness.run(
      builder.function, arguments: [.buffer(0)], buffers: [buffer], qpus: 2,
      options: BackendOptions(scheduling: scheduling), optimise: false)
    #expect(run.emulated == run.interpreted)
    #expect(run.emulated != [buffer])
    #expect(run.kernel.statistics.spills > 0)
    #expect(
      run.kernel.uniforms.first
        == .scratch(bytesPerThread: UInt32(run.kernel.scratchBytes / 64)))
    #expect(throws: BackendError.self) {
      try run.kernel.uniformStream(arguments: [0x1000], qpuCount: 2)
    }
  }

  @Test func launchMetadataRejectsBadArguments() throws {
    let kernel = try Backend.compile(Kernels.saxpy())
    #expect(throws: BackendError.self) { try kernel.uniformStream(arguments: [1], qpuCount: 2) }
    #expect(throws: BackendError.self) {
      try kernel.dispatchConfiguration(qpuCount: 0, codeAddress: 0, uniformsAddress: 0)
    }
    let listing = kernel.assemblyListing()
    #expect(listing.hasPrefix("// kernel saxpy:"))
    #expect(listing.contains("thread end"))
  }
}
