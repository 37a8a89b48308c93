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

  /// More values live at once than there are registers: a compile error that says so.
  @Test func tooManyLiveValuesIsAClearError() {
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
    for value in values.reversed() { sum = builder.emit(.xor, [sum, value]) }
    builder.store(sum, address: Kernels.address(&builder, base, gid))
    builder.returnFromKernel()
    do {
      _ = try Backend.compile(builder.function)
      Issue.record("expected a register-pressure error")
    } catch {
      #expect(error.message.contains("registers"))
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
