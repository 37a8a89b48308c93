import CLibDRM

/// A test double of the kernel's side of the DRM V3D interface: it decodes
/// the raw ioctl structures by the kernel's layout (byte offsets, not the
/// Swift declarations the runtime uses), checks them as the kernel does
/// (shared/isa/driver.md §3), and runs compute jobs on the QPU emulator.
///
/// `Device.hardware(kernel: EmulatedKernel())` runs the whole hardware code
/// path — node discovery, structure packing, ioctl numbers, mmap offsets,
/// cfg words — without a Raspberry Pi.
public final class EmulatedKernel: KernelInterface, @unchecked Sendable {
  /// A device node: its path and the DRM driver behind it.
  public struct Node: Hashable, Sendable {
    public var path: String
    public var driver: String
    public init(path: String, driver: String) {
      self.path = path
      self.driver = driver
    }
  }

  /// What a Pi 4 shows: vc4 (display) and v3d (GPU) primary nodes, and the
  /// v3d render node.
  public static let raspberryPi4Nodes = [
    Node(path: "/dev/dri/card0", driver: "vc4"), Node(path: "/dev/dri/card1", driver: "v3d"),
    Node(path: "/dev/dri/renderD128", driver: "v3d"),
  ]

  private struct Object {
    var address: UInt32
    var size: Int
    var memory: UnsafeMutableRawPointer
    var mappings = 0
    var closed = false
  }

  private let lock = Lock()
  private let nodes: [Node]
  private let deniedPaths: Set<String>
  private let supportsCompute: Bool
  private let options: EmulatorOptions
  private var files: [Int32: Node] = [:]
  private var nextFile: Int32 = 3
  private var objects: [UInt32: Object] = [:]
  private var nextHandle: UInt32 = 1
  private var nextAddress: UInt64 = 0x0002_0000
  private var perfmons: [UInt32: [UInt8]] = [:]
  private var lastJobCounters: [String: UInt64] = [:]

  /// Every ioctl call, by name, in order (for tests).
  public private(set) var calls: [String] = []
  /// The cfg words of every submitted job.
  public private(set) var submittedConfigurations: [[UInt32]] = []
  /// Why jobs failed. As on hardware, a failing job does not fail the
  /// submission or the wait; only this list (or the results) tell.
  public private(set) var jobFailures: [String] = []

  /// - Parameters:
  ///   - nodes: the device nodes and their drivers.
  ///   - deniedPaths: nodes whose open fails with EACCES.
  ///   - supportsCompute: what GET_PARAM SUPPORTS_CSD answers.
  ///   - options: the emulator settings jobs run with (strict mode, budget).
  public init(
    nodes: [Node] = EmulatedKernel.raspberryPi4Nodes, deniedPaths: Set<String> = [],
    supportsCompute: Bool = true, options: EmulatorOptions = EmulatorOptions()
  ) {
    self.nodes = nodes
    self.deniedPaths = deniedPaths
    self.supportsCompute = supportsCompute
    self.options = options
  }

  deinit {
    for object in objects.values { object.memory.deallocate() }
  }

  public func deviceNodes() -> [String] { nodes.map(\.path) }

  public func open(_ path: String) -> Result<Int32, Errno> {
    lock.withLock {
      guard let node = nodes.first(where: { $0.path == path }) else { return .failure(.noEntry) }
      if deniedPaths.contains(path) { return .failure(.accessDenied) }
      let fd = nextFile
      nextFile += 1
      files[fd] = node
      return .success(fd)
    }
  }

  public func close(_ fd: Int32) {
    lock.withLock { _ = files.removeValue(forKey: fd) }
  }

  public func ioctl(_ fd: Int32, _ request: UInt, _ argument: UnsafeMutableRawPointer) -> Errno? {
    let handler: ((Node, UnsafeMutableRawPointer) -> Errno?)? = lock.withLock {
      guard files[fd] != nil else { return nil }
      return handlers[request].map { name, handler in
        calls.append(name)
        return handler
      }
    }
    guard let node = lock.withLock({ files[fd] }) else { return .invalid }
    guard let handler else { return .invalid }
    return handler(node, argument)
  }

  public func map(_ fd: Int32, size: Int, offset: UInt64) -> Result<UnsafeMutableRawPointer, Errno>
  {
    lock.withLock {
      let handle = UInt32(truncatingIfNeeded: offset >> 12)
      guard files[fd] != nil, offset & 0xFFF == 0, var object = objects[handle], !object.closed,
        size <= object.size
      else { return .failure(.invalid) }
      object.mappings += 1
      objects[handle] = object
      return .success(object.memory)
    }
  }

  public func unmap(_ pointer: UnsafeMutableRawPointer, size: Int) {
    lock.withLock {
      guard let (handle, object) = objects.first(where: { $0.value.memory == pointer }) else {
        return
      }
      objects[handle]?.mappings = max(0, object.mappings - 1)
      release(handle)
    }
  }

  /// Frees a BO once it is closed and unmapped (lock held).
  private func release(_ handle: UInt32) {
    if let object = objects[handle], object.closed, object.mappings == 0 {
      object.memory.deallocate()
      objects.removeValue(forKey: handle)
    }
  }

  /// The handle of live buffer objects (for leak tests).
  public var liveBufferObjects: Int { lock.withLock { objects.count } }

  private lazy var handlers: [UInt: (String, (Node, UnsafeMutableRawPointer) -> Errno?)] = [
    UInt(VCK_DRM_IOCTL_VERSION): ("VERSION", { [unowned self] in version($0, $1) }),
    UInt(VCK_DRM_IOCTL_GEM_CLOSE): ("GEM_CLOSE", { [unowned self] in gemClose($1) }),
    UInt(VCK_V3D_IOCTL_GET_PARAM): ("GET_PARAM", { [unowned self] in getParam($0, $1) }),
    UInt(VCK_V3D_IOCTL_CREATE_BO): ("CREATE_BO", { [unowned self] in createBO($0, $1) }),
    UInt(VCK_V3D_IOCTL_MMAP_BO): ("MMAP_BO", { [unowned self] in mmapBO($0, $1) }),
    UInt(VCK_V3D_IOCTL_SUBMIT_CSD): ("SUBMIT_CSD", { [unowned self] in submitCSD($0, $1) }),
    UInt(VCK_V3D_IOCTL_WAIT_BO): ("WAIT_BO", { [unowned self] in waitBO($0, $1) }),
    UInt(VCK_V3D_IOCTL_PERFMON_CREATE): (
      "PERFMON_CREATE", { [unowned self] in perfmonCreate($0, $1) }
    ),
    UInt(VCK_V3D_IOCTL_PERFMON_GET_VALUES): (
      "PERFMON_GET_VALUES", { [unowned self] in perfmonValues($0, $1) }
    ),
    UInt(VCK_V3D_IOCTL_PERFMON_DESTROY): (
      "PERFMON_DESTROY", { [unowned self] in perfmonDestroy($0, $1) }
    ),
  ]
}

// The handlers read and write the structures at the kernel's byte offsets.
extension EmulatedKernel {
  private func version(_ node: Node, _ p: UnsafeMutableRawPointer) -> Errno? {
    p.storeBytes(of: Int32(1), toByteOffset: 0, as: Int32.self)
    p.storeBytes(of: Int32(0), toByteOffset: 4, as: Int32.self)
    p.storeBytes(of: Int32(0), toByteOffset: 8, as: Int32.self)
    let strings = [node.driver, "20180419", node.driver == "v3d" ? "Broadcom V3D graphics" : "DRM"]
    for (index, string) in strings.enumerated() {
      let lengthOffset = 16 + index * 16
      let capacity = p.load(fromByteOffset: lengthOffset, as: UInt64.self)
      let address = p.load(fromByteOffset: lengthOffset + 8, as: UInt64.self)
      let bytes = Array(string.utf8)
      if capacity > 0 {
        guard let destination = UnsafeMutableRawPointer(bitPattern: UInt(address)) else {
          return .fault
        }
        let count = min(Int(capacity), bytes.count)
        bytes.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress!, byteCount: count) }
      }
      p.storeBytes(of: UInt64(bytes.count), toByteOffset: lengthOffset, as: UInt64.self)
    }
    return nil
  }

  private func getParam(_ node: Node, _ p: UnsafeMutableRawPointer) -> Errno? {
    guard node.driver == "v3d" else { return .invalid }
    let parameter = p.load(fromByteOffset: 0, as: UInt32.self)
    guard p.load(fromByteOffset: 4, as: UInt32.self) == 0,
      p.load(fromByteOffset: 8, as: UInt64.self) == 0
    else { return .invalid }
    let values: [UInt32: UInt64] = [
      0: 0, 1: UInt64(EmulatedIdentity.hubIdent1), 2: 0x100, 3: 0x0E00,
      4: UInt64(EmulatedIdentity.core0Ident0), 5: UInt64(EmulatedIdentity.core0Ident1), 6: 0,
      7: 1, 8: supportsCompute ? 1 : 0, 9: 1, 10: 1, 11: 1, 12: 0, 13: 87,
    ]
    guard let value = values[parameter] else { return .invalid }
    p.storeBytes(of: value, toByteOffset: 8, as: UInt64.self)
    return nil
  }

  private func createBO(_ node: Node, _ p: UnsafeMutableRawPointer) -> Errno? {
    let size = Int(p.load(fromByteOffset: 0, as: UInt32.self))
    guard node.driver == "v3d", p.load(fromByteOffset: 4, as: UInt32.self) == 0, size > 0 else {
      return .invalid
    }
    let rounded = pageRounded(size)
    return lock.withLock {
      guard nextAddress + UInt64(rounded) < 0xFFFF_0000 else { return .noSpace }
      let memory = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: 4096)
      memory.initializeMemory(as: UInt8.self, repeating: 0, count: rounded)
      let handle = nextHandle
      objects[handle] = Object(address: UInt32(nextAddress), size: rounded, memory: memory)
      p.storeBytes(of: handle, toByteOffset: 8, as: UInt32.self)
      p.storeBytes(of: UInt32(nextAddress), toByteOffset: 12, as: UInt32.self)
      nextHandle += 1
      nextAddress += UInt64(rounded)
      return nil
    }
  }

  private func mmapBO(_ node: Node, _ p: UnsafeMutableRawPointer) -> Errno? {
    let handle = p.load(fromByteOffset: 0, as: UInt32.self)
    guard p.load(fromByteOffset: 4, as: UInt32.self) == 0 else { return .invalid }
    return lock.withLock {
      guard let object = objects[handle], !object.closed else { return .noEntry }
      p.storeBytes(of: UInt64(handle) << 12, toByteOffset: 8, as: UInt64.self)
      return nil
    }
  }

  private func gemClose(_ p: UnsafeMutableRawPointer) -> Errno? {
    let handle = p.load(fromByteOffset: 0, as: UInt32.self)
    guard p.load(fromByteOffset: 4, as: UInt32.self) == 0 else { return .invalid }
    return lock.withLock {
      guard objects[handle]?.closed == false else { return .invalid }
      objects[handle]?.closed = true
      release(handle)
      return nil
    }
  }

  private func submitCSD(_ node: Node, _ p: UnsafeMutableRawPointer) -> Errno? {
    guard node.driver == "v3d", supportsCompute else { return .invalid }
    let flags = p.load(fromByteOffset: 80, as: UInt32.self)
    guard p.load(fromByteOffset: 84, as: UInt32.self) == 0, flags & ~2 == 0 else { return .invalid }
    let count = Int(p.load(fromByteOffset: 56, as: UInt32.self))
    guard count > 0 else { return .invalid }
    guard
      let handles = UnsafeRawPointer(bitPattern: UInt(p.load(fromByteOffset: 48, as: UInt64.self)))
    else { return .fault }
    let configuration = (0..<7).map { p.load(fromByteOffset: $0 * 4, as: UInt32.self) }
    let perfmon = p.load(fromByteOffset: 68, as: UInt32.self)
    // Whole pages, as the GPU's MMU maps them.
    let buffers: [(gpuAddress: UInt32, bytes: UnsafeMutableRawBufferPointer, name: String?)]? =
      lock.withLock {
        var list: [(UInt32, UnsafeMutableRawBufferPointer, String?)] = []
        for index in 0..<count {
          let handle = handles.load(fromByteOffset: index * 4, as: UInt32.self)
          guard let object = objects[handle], !object.closed else { return nil }
          list.append(
            (
              object.address,
              UnsafeMutableRawBufferPointer(start: object.memory, count: object.size),
              nil
            ))
        }
        return list
      }
    guard let buffers else { return .noEntry }
    if perfmon != 0, lock.withLock({ perfmons[perfmon] == nil }) { return .noEntry }
    lock.withLock { submittedConfigurations.append(configuration) }
    // Jobs run to completion at submission; the wait then finds them done.
    do {
      let result = try EmulatorJobRunner.run(
        configuration: configuration, buffers: buffers, options: options)
      lock.withLock { lastJobCounters = result.counters }
    } catch {
      lock.withLock { jobFailures.append(error.description) }
    }
    return nil
  }

  private func waitBO(_ node: Node, _ p: UnsafeMutableRawPointer) -> Errno? {
    let handle = p.load(fromByteOffset: 0, as: UInt32.self)
    guard p.load(fromByteOffset: 4, as: UInt32.self) == 0 else { return .invalid }
    return lock.withLock { objects[handle]?.closed == false ? nil : .invalid }
  }

  private func perfmonCreate(_ node: Node, _ p: UnsafeMutableRawPointer) -> Errno? {
    let count = Int(p.load(fromByteOffset: 4, as: UInt32.self))
    guard (1...32).contains(count) else { return .invalid }
    for index in 0..<count where p.load(fromByteOffset: 8 + index, as: UInt8.self) >= 87 {
      return .invalid
    }
    let sources = (0..<count).map { p.load(fromByteOffset: 8 + $0, as: UInt8.self) }
    return lock.withLock {
      let id = (perfmons.keys.max() ?? 0) + 1
      perfmons[id] = sources
      p.storeBytes(of: id, toByteOffset: 0, as: UInt32.self)
      return nil
    }
  }

  private func perfmonValues(_ node: Node, _ p: UnsafeMutableRawPointer) -> Errno? {
    let id = p.load(fromByteOffset: 0, as: UInt32.self)
    guard p.load(fromByteOffset: 4, as: UInt32.self) == 0 else { return .invalid }
    guard let sources = lock.withLock({ perfmons[id] }) else { return .invalid }
    guard
      let values = UnsafeMutableRawPointer(
        bitPattern: UInt(p.load(fromByteOffset: 8, as: UInt64.self)))
    else { return .fault }
    // The emulator's cycle estimate stands in for the cycle counter and its
    // instruction count (4 cycles each) for valid-instruction cycles; other
    // sources read 0.
    let counts = lock.withLock { lastJobCounters }
    for (index, source) in sources.enumerated() {
      let value: UInt64
      switch PerformanceCounter(rawValue: source) {
      case .cycleCount?: value = counts["cycles"] ?? 0
      case .qpuValidInstructionCycles?: value = 4 * (counts["instructions"] ?? 0)
      default: value = 0
      }
      values.storeBytes(of: value, toByteOffset: index * 8, as: UInt64.self)
    }
    return nil
  }

  private func perfmonDestroy(_ node: Node, _ p: UnsafeMutableRawPointer) -> Errno? {
    let id = p.load(fromByteOffset: 0, as: UInt32.self)
    return lock.withLock { perfmons.removeValue(forKey: id) == nil ? .invalid : nil }
  }
}
