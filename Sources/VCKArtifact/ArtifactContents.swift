/// Everything a `.vckb` artifact holds, in plain values: the kernel's code
/// and what a launch needs to know. (The VCK target converts it to and from
/// the backend's `CompiledKernel`; this module depends on nothing, so the
/// loader can be fuzzed on its own.)
public struct ArtifactContents: Hashable, Sendable {
  /// A kernel parameter.
  public struct Parameter: Hashable, Sendable {
    public var name: String
    /// A buffer (its GPU address is passed) or a scalar.
    public var isBuffer: Bool
    /// The scalar or element type: `i32`, `u32`, `f32` or `bool`.
    public var type: String
    /// Its word in the uniform stream, if the kernel reads it.
    public var uniformSlot: Int?

    public init(name: String, isBuffer: Bool, type: String, uniformSlot: Int?) {
      self.name = name
      self.isBuffer = isBuffer
      self.type = type
      self.uniformSlot = uniformSlot
    }
  }

  /// One word of the uniform stream.
  public enum Uniform: Hashable, Sendable {
    case parameter(Int)
    case qpuCount
    case constant(UInt32)
    /// The launch grid's extent along an axis (0 x, 1 y, 2 z).
    case gridExtent(Int)
    /// The address of a scratch buffer of this many bytes per thread (spilled values).
    case scratch(bytesPerThread: UInt32)
  }

  /// The scalar types an artifact may name, in their encoded order.
  public static let scalarTypes = ["i32", "u32", "f32", "bool"]

  public var name: String
  public var words: [UInt64]
  public var parameters: [Parameter]
  public var uniforms: [Uniform]
  public var threadsPerQPU: Int
  public var singleSegment: Bool
  public var usesBarriers: Bool
  /// 0 for a flat launch; N = 1…3 for a kernel launched over an N-dimensional grid.
  public var gridDimensions = 0
  /// Whether loads switch threads, so that a launch puts `threadsPerQPU` batches on each
  /// QPU (format version 3).
  public var switchesThreadsOnLoads = false
  /// The statistics figures, in the order the VCK target defines.
  public var statistics: [Int]
  /// Label names by instruction index.
  public var labels: [Int: String]

  public init(
    name: String, words: [UInt64], parameters: [Parameter], uniforms: [Uniform],
    threadsPerQPU: Int, singleSegment: Bool, usesBarriers: Bool, statistics: [Int],
    labels: [Int: String]
  ) {
    self.name = name
    self.words = words
    self.parameters = parameters
    self.uniforms = uniforms
    self.threadsPerQPU = threadsPerQPU
    self.singleSegment = singleSegment
    self.usesBarriers = usesBarriers
    self.statistics = statistics
    self.labels = labels
  }
}
