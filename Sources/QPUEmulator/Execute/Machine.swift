import QPUISA

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The state of one job being emulated: memory, pre-decoded code, threads and
/// statistics. The interpreter, the units and the scheduler are extensions.
final class Machine {
  let memory: GPUMemory
  /// The memory as it was when the job started: instruction fetches and both
  /// uniform streams read from it (their caches do not see TMU stores, §11.6).
  /// It shares each buffer with `memory` until the job's first store into it.
  let snapshot: GPUMemory
  /// Per buffer index: the snapshot still shares the live buffer.
  @exclusivity(unchecked) var sharedWithSnapshot: [Bool]
  /// Every thread slot of the job (for invalidating stream caches).
  @exclusivity(unchecked) var threads: [HardwareThread] = []
  let configuration: CSDConfiguration
  let strict: Bool
  /// Overwrite accumulators, flags and rtop at every thread switch (a lint).
  let poisonAtThreadSwitch: Bool
  let trace: ((String) -> Void)?
  /// Looked at every `Emulator.cancellationInterval` instructions.
  @exclusivity(unchecked) var cancellation: JobCancellation?
  let tmuResultLimit: Int

  /// Pre-decoded words of the buffer holding the code, decoded on first use.
  /// Zero-filled by `calloc` (all zero bits is `.notDecoded`), so only the pages
  /// of words a job runs ever become real memory, however large the buffer.
  let code: UnsafeMutablePointer<DecodedInstruction>
  let codeStart: UInt32
  let codeCount: Int
  @exclusivity(unchecked) var invalidReasons: [String] = []

  @exclusivity(unchecked) var budget: UInt64
  /// Per QPU (8): what it did. Raw storage, so that counting costs no
  /// copy-on-write check.
  let statistics: UnsafeMutablePointer<QPUStatistics>
  /// The Pi 4 timing model (clocks, shared units, caches).
  let timing: TimingModel
  /// Per QPU: its strict-mode warnings (merged in first-seen order at the end).
  let warningLogs = (0..<8).map { _ in WarningLog() }
  /// Warnings first seen so far (their order, when the QPUs run one at a time).
  @exclusivity(unchecked) var warningsSeen: UInt64 = 0
  /// The warnings of every QPU, in the order first seen.
  var warnings: [RuleWarning] { WarningLog.merged(warningLogs) }

  /// Cycles one instruction occupies a QPU (16 lanes on 4 physical lanes).
  let cyclesPerInstruction: UInt64
  /// Whether the Pi 4 timing model runs (else only results and counts are computed).
  let modelsTiming: Bool
  /// Whether the epoch scheduler runs the job (the timing model is off).
  let runsInEpochs: Bool
  /// Host threads the epoch scheduler runs QPUs on.
  let hostThreads: Int
  /// Set while an epoch's QPUs run at once: threads stop before any instruction that
  /// stores, and the scheduler keeps the budget (docs/emulator.md, "Host threads").
  @exclusivity(unchecked) var epochPhase = false
  /// The epoch running (epoch scheduler), for the order of warnings.
  @exclusivity(unchecked) var epoch: UInt64 = 0

  init(
    memory: GPUMemory, configuration: CSDConfiguration, strict: Bool,
    poisonAtThreadSwitch: Bool = false, maxInstructions: UInt64,
    trace: ((String) -> Void)?, timingParameters: TimingParameters? = .pi4, profile: Bool = false,
    timelineCapacity: Int? = nil, hostThreads: Int = 1
  ) throws(EmulatorError) {
    self.memory = memory
    snapshot = memory.sharingCopy()
    sharedWithSnapshot = Array(repeating: true, count: memory.buffers.count)
    self.configuration = configuration
    self.strict = strict
    self.poisonAtThreadSwitch = poisonAtThreadSwitch
    self.trace = trace
    budget = maxInstructions
    tmuResultLimit = 16 / configuration.threadsPerQPU
    modelsTiming = timingParameters != nil
    runsInEpochs = timingParameters == nil
    // Traces and profiles are written in the order instructions run: one host thread.
    self.hostThreads = trace == nil && !profile ? min(max(hostThreads, 1), 8) : 1
    let timingParameters = timingParameters ?? .pi4
    cyclesPerInstruction = timingParameters.cyclesPerInstruction
    let address = configuration.codeAddress
    guard let index = snapshot.bufferIndex(address, 8) else {
      throw EmulatorError(
        .invalidConfiguration,
        "code address 0x\(hex32(address)) (cfg[5]) is outside every memory buffer",
        address: address)
    }
    let buffer = snapshot.buffers[index]
    codeStart = address - ((address - buffer.base) & ~7)
    codeCount = Int((UInt64(buffer.base) + UInt64(buffer.size) - UInt64(codeStart)) / 8)
    guard
      let table = calloc(max(codeCount, 1), MemoryLayout<DecodedInstruction>.stride)
    else {
      throw EmulatorError(
        .invalidConfiguration, "cannot allocate the decode table of \(codeCount) code words")
    }
    code = table.bindMemory(to: DecodedInstruction.self, capacity: max(codeCount, 1))
    // Allocated after the last throw: deinit does not run when init throws.
    statistics = .allocate(capacity: 8)
    statistics.initialize(repeating: QPUStatistics(), count: 8)
    timing = TimingModel(
      parameters: timingParameters, codeCount: codeCount, profile: profile,
      timelineCapacity: modelsTiming ? timelineCapacity : nil)
  }

  deinit {
    free(code)
    statistics.deinitialize(count: 8)
    statistics.deallocate()
  }

  /// The per-QPU statistics as an array.
  var qpuStatistics: [QPUStatistics] { Array(UnsafeBufferPointer(start: statistics, count: 8)) }

  /// Gives the snapshot its own copy of buffer `index` before the job's first
  /// store into it, and drops the stream caches that pointed into it.
  func detachSnapshot(_ index: Int) {
    sharedWithSnapshot[index] = false
    snapshot.buffers[index] = memory.buffers[index].clone()
    for thread in threads {
      thread.state.pointee.uniformCache = StreamCache()
      thread.state.pointee.unifaCache = StreamCache()
    }
  }

  /// Decodes the word at `index` of the code region into the cache.
  func decodeWord(at index: Int) {
    let address = codeStart &+ UInt32(index * 8)
    let word =
      snapshot.pointer(address, 8).map { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
      ?? 0
    do {
      let instruction = try Instruction(decoding: word)
      var decoded = Predecoder.decode(instruction, fourThreadMode: configuration.fourThreadMode)
      decoded.staleReads = decoded.accumulatorReads | (decoded.readsFlags ? 0x80 : 0)
      decoded.staleWrites = decoded.accumulatorWrites | (decoded.writesFlags ? 0x80 : 0)
      decoded.isPlain = decoded.issuesLookup == 0
      code[index] = decoded
    } catch {
      var invalid = DecodedInstruction()
      invalid.kind = .invalid
      invalid.invalidReason = Int32(invalidReasons.count)
      invalidReasons.append(error.description)
      code[index] = invalid
    }
  }

  /// The disassembly of the word at a pc, for messages and traces.
  func disassembly(at pc: UInt32) -> String {
    guard let pointer = snapshot.pointer(pc, 8) else { return "<outside memory>" }
    let word = UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self))
    guard let instruction = try? Instruction(decoding: word) else {
      return "<invalid 0x\(String(word, radix: 16))>"
    }
    return instruction.text()
  }

  func location(_ thread: HardwareThread, pc: UInt32) -> EmulatorError.Location {
    EmulatorError.Location(
      qpu: thread.qpu, thread: thread.slot, batch: Int(clamping: thread.batch), pc: pc,
      disassembly: disassembly(at: pc))
  }

  /// An error located at the thread's current instruction.
  func fault(
    _ thread: HardwareThread, _ kind: EmulatorError.Kind, _ message: String, lane: Int? = nil,
    address: UInt32? = nil
  ) -> EmulatorError {
    EmulatorError(
      kind, message, location: location(thread, pc: thread.state.pointee.pc), lane: lane,
      address: address)
  }

  /// Reports a broken rule: throws for errors, records warnings.
  func violate(_ rule: StrictRule, _ thread: HardwareThread, pc: UInt32) throws(EmulatorError) {
    guard strict else { return }
    if rule.severity == .error {
      throw EmulatorError(
        .ruleViolation(rule), "\(rule.summary) [\(rule.source)]",
        location: location(thread, pc: pc))
    }
    let log = warningLogs[thread.qpu]
    if log.countAgain(rule, pc: pc) { return }
    log.add(
      RuleWarning(rule: rule, qpu: thread.qpu, pc: pc, disassembly: disassembly(at: pc), count: 1),
      order: warningOrder(thread.qpu))
  }

  /// Where in the job a warning first seen now stands: in sight order when the QPUs run one
  /// at a time; in the epoch scheduler by epoch, then its parallel phase before its serial
  /// one, then QPU, then the QPU's own order (the same whatever the host threads did).
  func warningOrder(_ qpu: Int) -> UInt64 {
    guard runsInEpochs else {
      warningsSeen += 1
      return warningsSeen
    }
    let local = UInt64(warningLogs[qpu].count) & (1 << 29 - 1)
    return epoch << 34 | (epochPhase ? 0 : 1) << 33 | UInt64(qpu) << 29 | local
  }
}
