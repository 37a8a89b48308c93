import QPUBackend
import VCKArtifact
import VCKIR

/// The compiler version every artifact and cache key records.
public let vckCompilerVersion = "vck 0.1"

extension ArtifactContents {
  /// The artifact contents of a compiled kernel.
  public init(_ kernel: CompiledKernel) {
    let s = kernel.statistics
    self.init(
      name: kernel.name, words: kernel.words,
      parameters: kernel.parameters.map { parameter in
        switch parameter.kind {
        case .scalar(let type):
          return Parameter(
            name: parameter.name, isBuffer: false, type: type.rawValue,
            uniformSlot: parameter.uniformSlot)
        case .buffer(let element):
          return Parameter(
            name: parameter.name, isBuffer: true, type: element.rawValue,
            uniformSlot: parameter.uniformSlot)
        }
      },
      uniforms: kernel.uniforms.map { slot in
        switch slot {
        case .parameter(let index): return .parameter(index)
        case .qpuCount: return .qpuCount
        case .constant(let bits): return .constant(bits)
        case .gridExtent(let axis): return .gridExtent(axis)
        case .scratch(let bytes): return .scratch(bytesPerThread: bytes)
        }
      },
      threadsPerQPU: kernel.threadsPerQPU, singleSegment: kernel.singleSegment,
      usesBarriers: kernel.usesBarriers,
      statistics: [
        s.instructions, s.dualIssued, s.nops, s.branches, s.threadSwitches, s.uniforms,
        s.accumulatorsUsed, s.registersUsed, s.maxLiveValues, s.spills, 0,
      ],
      labels: kernel.labels)
    gridDimensions = kernel.gridDimensions
    switchesThreadsOnLoads = kernel.switchesThreadsOnLoads
  }

  /// The compiled kernel these contents describe.
  public var compiledKernel: CompiledKernel {
    let types: [String: ScalarType] = ["i32": .i32, "u32": .u32, "f32": .f32, "bool": .bool]
    var statistics = KernelStatistics.zero
    let s = self.statistics
    (statistics.instructions, statistics.dualIssued, statistics.nops, statistics.branches) =
      (s[0], s[1], s[2], s[3])
    (statistics.threadSwitches, statistics.uniforms, statistics.accumulatorsUsed) = (
      s[4], s[5], s[6]
    )
    (statistics.registersUsed, statistics.maxLiveValues, statistics.spills) = (s[7], s[8], s[9])
    return CompiledKernel.restored(
      name: name, words: words,
      parameters: parameters.map { parameter in
        let type = types[parameter.type] ?? .u32
        return KernelParameter.restored(
          name: parameter.name,
          kind: parameter.isBuffer ? .buffer(element: type) : .scalar(type),
          uniformSlot: parameter.uniformSlot)
      },
      uniforms: uniforms.map { uniform in
        switch uniform {
        case .parameter(let index): return .parameter(index)
        case .qpuCount: return .qpuCount
        case .constant(let bits): return .constant(bits)
        case .gridExtent(let axis): return .gridExtent(axis)
        case .scratch(let bytes): return .scratch(bytesPerThread: bytes)
        }
      },
      threadsPerQPU: threadsPerQPU, singleSegment: singleSegment,
      usesBarriers: usesBarriers, statistics: statistics, comments: [],
      labels: labels, gridDimensions: gridDimensions,
      switchesThreadsOnLoads: switchesThreadsOnLoads)
  }
}
