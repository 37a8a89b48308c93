import VCKIR

/// What one word of a compiled kernel's uniform stream holds. The stream is laid out in
/// the order the code reads it (docs/backend.md §3a): the prologue's words first; a kernel
/// that re-reads constants near their uses has more copies of them further on, and a
/// `.constant` word for each branch that redirects the stream (its byte offset).
public enum UniformSlot: Hashable, Sendable, CustomStringConvertible {
  /// Kernel parameter `index`: a scalar's bits, or a buffer's GPU base address.
  case parameter(Int)
  /// The number of QPUs (batches) of the launch: the value of `qpus()`.
  case qpuCount
  /// A 32-bit constant the code needs and no small immediate can express.
  case constant(UInt32)
  /// The extent of a grid launch along axis 0 (x), 1 (y) or 2 (z): `grid_x()`….
  case gridExtent(Int)
  /// The GPU address of a scratch buffer for spilled values, of any contents, holding
  /// `bytesPerThread` for each of the 64 thread indices `tidx` can name (see
  /// ``CompiledKernel/scratchBytes``).
  case scratch(bytesPerThread: UInt32)

  public var description: String {
    switch self {
    case .parameter(let index): return "parameter \(index)"
    case .qpuCount: return "qpu count"
    case .constant(let bits): return "constant 0x" + String(bits, radix: 16)
    case .gridExtent(let axis): return "grid extent \(["x", "y", "z"][min(max(axis, 0), 2)])"
    case .scratch(let bytes): return "scratch address (\(bytes) bytes per thread)"
    }
  }
}

/// A kernel parameter and where the launch puts it.
public struct KernelParameter: Hashable, Sendable {
  public var name: String
  public var kind: Parameter.Kind
  /// The index of its (first) word in the uniform stream, or nil when the kernel never
  /// reads it.
  public var uniformSlot: Int?
}

/// Figures about the generated code, in the style of Mesa's shader-db line.
public struct KernelStatistics: InstructionCounts, Hashable, Sendable, CustomStringConvertible {
  /// Instructions in the program, including the thread-end sequence.
  public var instructions = 0
  /// Instructions that issue both an add and a mul operation.
  public var dualIssued = 0
  /// Instructions that do nothing (pure `nop`s, including delay-slot fillers).
  public var nops = 0
  /// Branch instructions.
  public var branches = 0
  /// Thread switches (excluding the thread-end sequence).
  public var threadSwitches = 0
  /// Uniform words the kernel reads.
  public var uniforms = 0
  /// Distinct accumulators (r0–r3) and register-file entries used by allocated values.
  public var accumulatorsUsed = 0
  public var registersUsed = 0
  /// The most values live at one point.
  public var maxLiveValues = 0
  /// Values spilled to scratch memory (each gets one 64-byte slot per batch).
  public var spills = 0
  /// Values recomputed at their uses instead of kept in a register (not stored).
  public var rematerialised = 0

  public var description: String {
    "\(instructionMix), \(branches) branches, \(threadSwitches) thread switches, \(uniforms) uniforms, "
      + "\(accumulatorsUsed) accumulators + \(registersUsed) registers, "
      + "max live \(maxLiveValues), \(spills) spills"
      + (rematerialised > 0 ? ", \(rematerialised) rematerialised" : "")
  }
}

/// A kernel compiled to QPU code, with everything a launch needs to know.
///
/// Launch contract (see docs/backend.md): one batch of 16 lanes per QPU index, dispatched
/// as `qpuCount` workgroups of 16 invocations in one supergroup, 2 threads per QPU,
/// single-segment bit clear; every batch reads the same uniform stream, built by
/// ``uniformStream(arguments:qpuCount:)``.
public struct CompiledKernel: Sendable {
  public var name: String
  /// The program's instruction words.
  public var words: [UInt64]
  public var parameters: [KernelParameter]
  /// The uniform stream's layout, word by word.
  public var uniforms: [UniformSlot]
  /// Thread slots per QPU the code is compiled for: 2 (up to 64 registers each) or 4 (32).
  public var threadsPerQPU = 2
  /// Whether loads switch threads while their data arrives (docs/backend.md §7b), so
  /// that a launch should put ``batchesPerQPU`` batches on each QPU.
  public var switchesThreadsOnLoads = false
  /// Whether the code expects the CSD single-segment bit (it ends with the last-thrsw
  /// marker pair, so it does not).
  public var singleSegment = false
  /// Whether the kernel synchronises QPUs with barriers.
  public var usesBarriers = false
  /// 0 for a flat launch (`qpus` batches); N = 1…3 for a kernel launched over an
  /// N-dimensional grid (``gridLaunch(_:)``).
  public var gridDimensions = 0
  /// The buffer parameters (indices) the kernel may store through; nil when not recorded
  /// (kernels loaded from artifacts). A launch refuses a written buffer that overlaps
  /// another buffer argument (the aliasing rule, lang/spec.md §9).
  public var writtenParameters: Set<Int>?
  public var statistics: KernelStatistics
  /// One comment per instruction (what the instruction is for), for listings.
  public var comments: [String]
  /// Per instruction, the byte offset in the source file of the statement it comes
  /// from, or -1 (prologue, thread end, delay-slot fillers); empty when unknown.
  public var sourceOffsets: [Int] = []
  /// Label names by instruction index (block starts).
  public var labels: [Int: String]

  /// The batches per QPU a launch of a kernel that adapts to its launch size (a
  /// grid-stride loop) should have: one per thread slot when loads switch threads (so
  /// another batch runs while one waits), else 1. `Kernel.launch` and `vck run` launch
  /// 8 QPUs × this many batches by default.
  public var batchesPerQPU: Int { switchesThreadsOnLoads ? threadsPerQPU : 1 }

  /// The default batch count of a launch of a kernel that adapts to its launch size: the
  /// Pi 4's 8 QPUs × ``batchesPerQPU``, at most 16 for a kernel with barriers (one
  /// supergroup).
  public var defaultBatches: Int { min(8 * batchesPerQPU, usesBarriers ? 16 : 65_535) }

  /// Thread indices the scratch area covers: `tidx & 63` (QPU number × 4 + thread slot).
  public static let scratchThreadIndices = 64

  /// The bytes of scratch memory a launch needs for spilled values (0: the kernel spills
  /// nothing), whatever its batch count: one area per thread index, since only the
  /// threads running at once need their own. Its address goes to
  /// ``uniformStream(arguments:qpuCount:scratchAddress:)``.
  public var scratchBytes: Int {
    for slot in uniforms {
      if case .scratch(let bytes) = slot { return Int(bytes) * Self.scratchThreadIndices }
    }
    return 0
  }

  /// The uniform stream for one launch: `arguments` are the parameters' 32-bit values
  /// (buffer parameters: the buffer's GPU address), in parameter order.
  /// For a grid kernel, `grid` holds its extents (`qpuCount` is then the batch count);
  /// `scratchAddress` is the GPU address of ``scratchBytes`` bytes when the kernel spills.
  public func uniformStream(
    arguments: [UInt32], qpuCount: Int, grid: [Int] = [], scratchAddress: UInt32? = nil
  )
    throws(BackendError) -> [UInt32]
  {
    guard arguments.count == parameters.count else {
      throw BackendError(
        "kernel \(name) takes \(parameters.count) arguments, got \(arguments.count)")
    }
    if scratchBytes > 0 && scratchAddress == nil {
      throw BackendError(
        "kernel \(name) spills values to memory: the launch must pass a scratch buffer of "
          + "\(scratchBytes) bytes")
    }
    return uniforms.map { slot in
      switch slot {
      case .parameter(let index): return arguments[index]
      case .qpuCount: return UInt32(truncatingIfNeeded: qpuCount)
      case .constant(let bits): return bits
      case .gridExtent(let axis):
        return axis < grid.count ? UInt32(truncatingIfNeeded: grid[axis]) : 1
      case .scratch: return scratchAddress ?? 0
      }
    }
  }

  /// The seven CSD configuration words (cfg[0..6] of DRM_IOCTL_V3D_SUBMIT_CSD) for a launch
  /// on `qpuCount` QPUs (1…16 batches) with code and uniforms at the given GPU addresses.
  public func dispatchConfiguration(qpuCount: Int, codeAddress: UInt32, uniformsAddress: UInt32)
    throws(BackendError) -> [UInt32]
  {
    guard (1...16).contains(qpuCount) else {
      throw BackendError("a launch runs 1…16 batches, not \(qpuCount)")
    }
    let count = UInt32(qpuCount)
    let workgroupsPerSupergroup = count & 0xF  // 0 means 16
    let configuration3 = 16 | workgroupsPerSupergroup << 8 | (count - 1) << 12
    let flags: UInt32 = (threadsPerQPU == 4 ? 1 : 0) | (singleSegment ? 2 : 0) | 4
    return [
      count << 16, 1 << 16, 1 << 16, configuration3, count - 1, codeAddress | flags,
      uniformsAddress,
    ]
  }
}

/// How a grid kernel is dispatched: workgroups of 16 × 1 × 1 points, one 16-lane batch
/// each, x fastest.
public struct GridLaunch: Hashable, Sendable {
  /// The grid's extents along x, y, z (1 for the dimensions the kernel does not have).
  public var extents: [Int]
  /// Workgroups along x, y, z: CSD cfg[0], cfg[1], cfg[2].
  public var workgroupCounts: [Int]
  /// Points per workgroup along x, y, z (16, 1, 1).
  public var workgroupSize: [Int] { [16, 1, 1] }
  /// Batches (= workgroups): cfg[4] + 1.
  public var batches: Int { workgroupCounts.reduce(1, *) }
}

extension CompiledKernel {
  /// The most batches (workgroups) one launch may have: the CSD's cfg[4] counts 2^16.
  public static let maximumGridBatches = 65_536

  /// The dispatch of this grid kernel over `grid` (one extent per dimension, each ≥ 1),
  /// or why it cannot be launched.
  public func gridLaunch(_ grid: [Int]) throws(BackendError) -> GridLaunch {
    guard gridDimensions > 0 else {
      throw BackendError("kernel \(name) has no grid; launch it on a number of QPUs")
    }
    guard grid.count == gridDimensions else {
      throw BackendError(
        "kernel \(name) is declared 'grid \(gridDimensions)', so its grid has \(gridDimensions) "
          + "extent(s), not \(grid.count)")
    }
    guard grid.allSatisfy({ (1...65_535).contains($0) }) else {
      throw BackendError("grid extents must be 1…65535, not \(grid)")
    }
    let extents = (0..<3).map { $0 < grid.count ? grid[$0] : 1 }
    let launch = GridLaunch(
      extents: extents, workgroupCounts: [(extents[0] + 15) / 16, extents[1], extents[2]])
    guard launch.batches <= Self.maximumGridBatches else {
      throw BackendError(
        "grid \(grid.map(String.init).joined(separator: "x")) needs \(launch.batches) workgroups "
          + "of 16 points; a launch runs at most \(Self.maximumGridBatches)")
    }
    return launch
  }
}

extension CompiledKernel {
  /// The seven CSD configuration words for a grid launch (see ``gridLaunch(_:)``): workgroup
  /// counts in cfg[0…2], workgroups of 16 invocations, one per supergroup, one batch each.
  public func dispatchConfiguration(
    grid launch: GridLaunch, codeAddress: UInt32, uniformsAddress: UInt32
  ) -> [UInt32] {
    let flags: UInt32 = (threadsPerQPU == 4 ? 1 : 0) | (singleSegment ? 2 : 0) | 4
    let counts = launch.workgroupCounts.map { UInt32(truncatingIfNeeded: $0) << 16 }
    return counts + [
      16 | 1 << 8, UInt32(truncatingIfNeeded: launch.batches - 1), codeAddress | flags,
      uniformsAddress,
    ]
  }
}

/// Why a kernel cannot be compiled.
public struct BackendError: Error, Sendable, CustomStringConvertible {
  public var message: String
  /// When the generated code failed validation: the code as it came out (its listing
  /// marks the offending instructions), for diagnosis.
  public var rejectedKernel: CompiledKernel?
  /// The instructions the validator rejected, with the rules they break.
  public var rejectedInstructions: [Int: String] = [:]
  /// The byte offset in the source of the statement the error is about (for a kernel
  /// that needs more registers than exist: where they ran out), if known.
  public var sourceOffset: Int?

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}

extension BackendError: Hashable {
  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.message == rhs.message && lhs.rejectedInstructions == rhs.rejectedInstructions
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(message)
    hasher.combine(rejectedInstructions)
  }
}
