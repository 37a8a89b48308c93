/// The `.vckb` file: a compiled kernel serialised, versioned and checksummed.
///
/// Layout (little-endian): magic `VCKB`; format version (u16); target and
/// compiler version (strings: u16 length + UTF-8); kernel name; threads per
/// QPU, single-segment and barrier flags, grid dimensions (u8 each: 0 = no grid, 1…3),
/// thread switches on loads (u8: 0 or 1);
/// parameters (u16 count;
/// name, kind tag, type tag, u32 uniform slot or 0xFFFFFFFF); uniform slots
/// (u32 count; tag + u32 value: 0 parameter index, 1 QPU count, 2 constant bits, 3 grid
/// extent axis, 4 scratch address with its bytes per thread); statistics (eleven u32); labels (u32 count;
/// u32 index + name); code (u32 count; u64 words); FNV-1a-64 checksum of
/// everything before it (u64).
public enum KernelArtifact {
  public static let magic: [UInt8] = Array("VCKB".utf8)
  public static let formatVersion: UInt16 = 3
  public static let target = "V3D 4.2"
  /// The number of statistics figures stored.
  public static let statisticsCount = 11
  /// Limits that keep a corrupt count from asking for absurd allocations.
  static let maxWords = 1 << 22
  static let maxItems = 1 << 16

  /// The checksum stored in the last 8 bytes: FNV-1a, 64-bit, of everything before.
  public static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 { fnv1a64(bytes) }

  /// The artifact bytes of a kernel; `compiler` names the compiler version.
  public static func encode(_ contents: ArtifactContents, compiler: String) -> [UInt8] {
    var w = ByteWriter()
    w.bytes += magic
    w.u16(formatVersion)
    w.string(target)
    w.string(compiler)
    w.string(contents.name)
    w.u8(UInt8(clamping: contents.threadsPerQPU))
    w.u8(contents.singleSegment ? 1 : 0)
    w.u8(contents.usesBarriers ? 1 : 0)
    w.u8(UInt8(clamping: contents.gridDimensions))
    w.u8(contents.switchesThreadsOnLoads ? 1 : 0)
    w.u16(UInt16(clamping: contents.parameters.count))
    for parameter in contents.parameters.prefix(Int(UInt16.max)) {
      w.string(parameter.name)
      w.u8(parameter.isBuffer ? 1 : 0)
      w.u8(UInt8(ArtifactContents.scalarTypes.firstIndex(of: parameter.type) ?? 255))
      w.u32(parameter.uniformSlot.map { UInt32(clamping: $0) } ?? UInt32.max)
    }
    w.u32(UInt32(clamping: contents.uniforms.count))
    for slot in contents.uniforms {
      switch slot {
      case .parameter(let index):
        w.u8(0)
        w.u32(UInt32(clamping: index))
      case .qpuCount:
        w.u8(1)
        w.u32(0)
      case .constant(let bits):
        w.u8(2)
        w.u32(bits)
      case .gridExtent(let axis):
        w.u8(3)
        w.u32(UInt32(clamping: axis))
      case .scratch(let bytes):
        w.u8(4)
        w.u32(bytes)
      }
    }
    for index in 0..<statisticsCount {
      w.u32(UInt32(clamping: index < contents.statistics.count ? contents.statistics[index] : 0))
    }
    w.u32(UInt32(clamping: contents.labels.count))
    for (index, name) in contents.labels.sorted(by: { $0.key < $1.key }) {
      w.u32(UInt32(clamping: index))
      w.string(name)
    }
    w.u32(UInt32(clamping: contents.words.count))
    for word in contents.words { w.u64(word) }
    w.u64(fnv1a64(w.bytes[...]))
    return w.bytes
  }

  /// The kernel in artifact bytes, or why they are not one.
  public static func decode(_ bytes: [UInt8]) throws(ArtifactError) -> ArtifactContents {
    guard bytes.count >= 4, Array(bytes.prefix(4)) == magic else { throw .notAnArtifact }
    guard bytes.count >= 14 else { throw .truncated(offset: bytes.count, reading: "the header") }
    var r = ByteReader(bytes)
    r.offset = 4
    let version = try r.u16("the format version")
    guard version == formatVersion else { throw .unsupportedVersion(version) }
    let stored = bytes.suffix(8).enumerated().reduce(UInt64(0)) {
      $0 | UInt64($1.element) << (8 * $1.offset)
    }
    let computed = fnv1a64(bytes.dropLast(8))
    guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
    r = ByteReader(Array(bytes.dropLast(8)))
    r.offset = 6
    let target = try r.string("the target")
    guard target == Self.target else { throw .wrongTarget(target) }
    _ = try r.string("the compiler version")
    let name = try r.string("the kernel name")
    let threads = Int(try r.u8("the thread count"))
    guard threads == 1 || threads == 2 || threads == 4 else {
      throw .corrupt("\(threads) threads per QPU")
    }
    let singleSegment = try r.u8("the single-segment flag") != 0
    let usesBarriers = try r.u8("the barrier flag") != 0
    let gridDimensions = Int(try r.u8("the grid dimensions"))
    guard gridDimensions <= 3 else { throw .corrupt("\(gridDimensions) grid dimensions") }
    let switchesThreadsOnLoads = try r.u8("the thread-switch flag")
    guard switchesThreadsOnLoads <= 1 else {
      throw .corrupt("thread-switch flag \(switchesThreadsOnLoads)")
    }
    let parameterCount = Int(try r.u16("the parameter count"))
    var parameters: [ArtifactContents.Parameter] = []
    for index in 0..<parameterCount {
      let parameterName = try r.string("parameter \(index)'s name")
      let tag = try r.u8("parameter \(index)'s kind")
      let typeIndex = Int(try r.u8("parameter \(index)'s type"))
      guard typeIndex < ArtifactContents.scalarTypes.count, tag <= 1 else {
        throw .corrupt("parameter \(index) has kind \(tag), type \(typeIndex)")
      }
      let slot = try r.u32("parameter \(index)'s uniform slot")
      parameters.append(
        ArtifactContents.Parameter(
          name: parameterName, isBuffer: tag == 1, type: ArtifactContents.scalarTypes[typeIndex],
          uniformSlot: slot == UInt32.max ? nil : Int(slot)))
    }
    let slotCount = Int(try r.u32("the uniform count"))
    guard slotCount <= maxItems, slotCount * 5 <= r.remaining else {
      throw .corrupt("\(slotCount) uniform slots")
    }
    var uniforms: [ArtifactContents.Uniform] = []
    for index in 0..<slotCount {
      let tag = try r.u8("uniform \(index)")
      let value = try r.u32("uniform \(index)")
      switch tag {
      case 0:
        guard Int(value) < parameters.count else {
          throw .corrupt("uniform \(index) names parameter \(value) of \(parameters.count)")
        }
        uniforms.append(.parameter(Int(value)))
      case 1: uniforms.append(.qpuCount)
      case 2: uniforms.append(.constant(value))
      case 3:
        guard value < 3, Int(value) < gridDimensions else {
          throw .corrupt("uniform \(index) is the extent of grid axis \(value)")
        }
        uniforms.append(.gridExtent(Int(value)))
      case 4: uniforms.append(.scratch(bytesPerThread: value))
      default: throw .corrupt("uniform \(index) has kind \(tag)")
      }
    }
    for (index, parameter) in parameters.enumerated() {
      if let slot = parameter.uniformSlot, slot >= uniforms.count {
        throw .corrupt("parameter \(index) reads uniform \(slot) of \(uniforms.count)")
      }
    }
    var statistics: [Int] = []
    for index in 0..<statisticsCount { statistics.append(Int(try r.u32("statistic \(index)"))) }
    let labelCount = Int(try r.u32("the label count"))
    guard labelCount <= maxItems else { throw .corrupt("\(labelCount) labels") }
    var labels: [Int: String] = [:]
    for index in 0..<labelCount {
      let position = Int(try r.u32("label \(index)"))
      labels[position] = try r.string("label \(index)'s name")
    }
    let wordCount = Int(try r.u32("the instruction count"))
    guard wordCount > 0, wordCount <= maxWords else { throw .corrupt("\(wordCount) instructions") }
    guard r.remaining == wordCount * 8 else {
      throw r.remaining < wordCount * 8
        ? .truncated(offset: r.bytes.count, reading: "instruction \(r.remaining / 8)")
        : .corrupt("\(r.remaining - wordCount * 8) bytes after the code")
    }
    var words: [UInt64] = []
    words.reserveCapacity(wordCount)
    for index in 0..<wordCount { words.append(try r.u64("instruction \(index)")) }
    var contents = ArtifactContents(
      name: name, words: words, parameters: parameters, uniforms: uniforms,
      threadsPerQPU: threads, singleSegment: singleSegment, usesBarriers: usesBarriers,
      statistics: statistics, labels: labels)
    contents.gridDimensions = gridDimensions
    contents.switchesThreadsOnLoads = switchesThreadsOnLoads == 1
    return contents
  }
}
