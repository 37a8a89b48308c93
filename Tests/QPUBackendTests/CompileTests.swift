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

  /// `vckc -S` shows rejected code with the offending instructions marked.
  @Test func listingMarksRejectedInstructions() throws {
    let kernel = try Backend.compile(Kernels.saxpy())
    let listing = kernel.assemblyListing(marked: [3: "accumulator-after-thrsw: uses flags"])
    let lines = listing.split(separator: "\n")
    let marked = lines.filter { $0.hasPrefix(">>") }
    #expect(marked.count == 1)
    #expect(marked.first?.contains("/* 0x0018 */") == true)
    #expect(listing.contains("// ^ rejected: accumulator-after-thrsw: uses flags"))
    #expect(!kernel.assemblyListing().contains(">>"))
  }
}
