import Testing

@testable import V3DRuntime

@Suite struct LaunchConfigurationTests {
  @Test func pyVideoCore6StyleWords() throws {
    let words = try LaunchConfiguration(batches: 8).configurationWords(
      codeAddress: 0x1_0000, uniformsAddress: 0x2_0000)
    // 1x1x1 grid, 16 workgroups of 16 per supergroup (16 batches, 16 encoded as 0),
    // 8 batches, NaN propagation on.
    let expected: [UInt32] = [0x1_0000, 0x1_0000, 0x1_0000, 0xF010, 7, 0x1_0004, 0x2_0000]
    #expect(words == expected)
  }

  @Test func flagsAndWorkgroups() throws {
    let configuration = LaunchConfiguration(
      batches: 16, workgroupCount: [4, 2, 1], workgroupSize: 64, workgroupsPerSupergroup: 2,
      fourThreads: true, singleSegment: true, propagateNaNs: false)
    let words = try configuration.configurationWords(codeAddress: 0x8000, uniformsAddress: 0x9000)
    let grid: [UInt32] = [0x4_0000, 0x2_0000, 0x1_0000]
    #expect(Array(words[0..<3]) == grid)
    let cfg3: UInt32 = 0x7240
    #expect(words[3] == cfg3)
    #expect(words[4] == 15)
    #expect(words[5] == 0x8000 | 3)
  }

  @Test func outOfRangeSettingsAreRefused() {
    func message(
      _ configuration: LaunchConfiguration, code: UInt32 = 0x1000, uniforms: UInt32 = 0x2000
    )
      -> String
    {
      do {
        _ = try configuration.configurationWords(codeAddress: code, uniformsAddress: uniforms)
        return ""
      } catch {
        return error.description
      }
    }
    #expect(message(LaunchConfiguration(batches: 0)).contains("batches must be"))
    #expect(message(LaunchConfiguration(workgroupCount: [1, 0, 1])).contains("workgroup counts"))
    #expect(message(LaunchConfiguration(workgroupSize: 257)).contains("workgroup size"))
    #expect(message(LaunchConfiguration(workgroupsPerSupergroup: 17)).contains("per supergroup"))
    #expect(message(LaunchConfiguration(), code: 0x1004).contains("8-byte aligned"))
    #expect(message(LaunchConfiguration(), uniforms: 0x2002).contains("4-byte aligned"))
  }
}
