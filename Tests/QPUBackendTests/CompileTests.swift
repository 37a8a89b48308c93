import QPUISA
import Testing
import VCKIR

@testable import QPUBackend

@Suite struct CompileTests {
  static let schedulers = BackendOptions.Scheduling.allCases

  @Test(arguments: schedulers)
  func saxpyCompilesToValidCode(scheduling: BackendOptions.Scheduling) throws {
    let kernel = try Backend.compile(
      Kernels.saxpy(), options: BackendOptions(scheduling: scheduling))
    let instructions = try kernel.words.map { try QPUISA.Instruction(decoding: $0) }
    #expect(ProgramValidator().violations(in: instructions).isEmpty)
    #expect(kernel.uniforms.contains(.qpuCount))
    #expect(kernel.parameters.map(\.uniformSlot) == [0, 1, 2, 3])
  }

  @Test func listing() throws {
    let kernel = try Backend.compile(
      Kernels.summation(), options: BackendOptions(scheduling: .naive))
    print(Listing.render(kernel.words))
    print(kernel.statistics)
  }
}
