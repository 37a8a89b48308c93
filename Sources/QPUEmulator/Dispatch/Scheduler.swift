extension Machine {
  /// Creates the job's hardware threads in slot-major order (with ≤ 8 batches every batch
  /// gets its own QPU) and makes them the machine's threads.
  func makeThreads() -> [HardwareThread] {
    let threadsPerQPU = configuration.threadsPerQPU
    var threads: [HardwareThread] = []
    for slot in 0..<threadsPerQPU {
      for qpu in 0..<8 {
        threads.append(HardwareThread(qpu: qpu, slot: slot, threadsPerQPU: threadsPerQPU))
      }
    }
    self.threads = threads
    return threads
  }

  /// Instructions a thread runs before the scheduler looks for a QPU whose
  /// clock is behind (docs/emulator.md, "Timing model").
  static let quantum: UInt64 = 128

  /// Runs every batch of the job to its end (semantics.md §14).
  func runJob() throws(EmulatorError) -> RunStatistics {
    if runsInEpochs { return try runJobInEpochs() }
    let threadsPerQPU = configuration.threadsPerQPU
    let threads = makeThreads()
    let total = configuration.batchCount
    let perGroup = UInt64(configuration.batchesPerSupergroup)
    var nextBatch: UInt64 = 0
    var arrived: [UInt64: Int] = [:]
    /// Per supergroup at a barrier: the latest arrival (modelled cycle).
    var lastArrival: [UInt64: UInt64] = [:]
    var running = 0

    func start(_ thread: HardwareThread) {
      thread.batch = nextBatch
      nextBatch += 1
      resetState(thread)
      thread.status = .runnable
      running += 1
      let index = thread.qpu << 2 | thread.slot
      timing.notBefore[index] = timing.clock[thread.qpu] &+ timing.parameters.batchStartCycles
      timing.startBatch(thread: index)
      thread.resumeCause = .dispatch
      thread.hasRun = false
    }
    for thread in threads where nextBatch < total { start(thread) }

    // The QPUs advance in modelled-time order: each step runs the current
    // thread of the QPU whose clock is earliest, for at most a quantum or
    // until it switches. A QPU's own threads take turns at thread switches,
    // as on the hardware. Results do not depend on this order for programs
    // without data races; the timing model's shared units need it.
    var current = Array(repeating: 0, count: 8)
    while running > 0 {
      // (An index, not a reference, while searching: no retain per candidate.)
      var chosen = -1
      var earliest = UInt64.max
      for qpu in 0..<8 {
        for step in 0..<threadsPerQPU {
          var slot = current[qpu] + step
          if slot >= threadsPerQPU { slot -= threadsPerQPU }  // (no division in this loop)
          guard threads[slot * 8 + qpu].status == .runnable else { continue }
          let start = max(timing.clock[qpu], timing.notBefore[qpu << 2 | slot])
          if start < earliest {
            earliest = start
            chosen = slot * 8 + qpu
          }
          break
        }
      }
      guard chosen >= 0 else {
        let waiting = threads.first { $0.status == .waitingAtBarrier }
        let message = Machine.barrierDeadlockMessage(configuration)
        if let waiting { throw fault(waiting, .deadlock, message) }
        throw EmulatorError(.deadlock, message)
      }
      let thread = threads[chosen]
      current[thread.qpu] = thread.slot
      switch try run(thread, quantum: Machine.quantum) {
      case .preempted, .needsSerialPhase:
        break  // (the second only in the epoch scheduler's parallel phase)
      case .ended:
        current[thread.qpu] = (thread.slot + 1) % threadsPerQPU
        statistics[thread.qpu].batches += 1
        thread.status = .finished
        running -= 1
        if thread.state.pointee.barrierPending {
          throw fault(thread, .deadlock, "thread ended while registered at a barrier")
        }
        if nextBatch < total { start(thread) }
      case .switched:
        current[thread.qpu] = (thread.slot + 1) % threadsPerQPU
        if thread.state.pointee.barrierPending {
          thread.status = .waitingAtBarrier
          let group = thread.batch / perGroup
          arrived[group, default: 0] += 1
          lastArrival[group] = max(lastArrival[group] ?? 0, timing.clock[thread.qpu])
          let quorum = Int(min(perGroup, total - group * perGroup))
          if arrived[group] == quorum {
            arrived[group] = nil
            let release =
              (lastArrival.removeValue(forKey: group) ?? 0)
              &+ timing.parameters.barrierReleaseCycles
            for other in threads
            where other.status == .waitingAtBarrier && other.batch / perGroup == group {
              other.status = .runnable
              other.state.pointee.barrierPending = false
              other.state.pointee.outstandingStores = 0
              timing.notBefore[other.qpu << 2 | other.slot] = release
              other.resumeCause = .barrier
            }
          }
        }
      }
    }
    return finishedJob()
  }

  /// The statistics of a job whose threads have all ended.
  func finishedJob() -> RunStatistics {
    var end: UInt64 = 0
    if modelsTiming {
      end = timing.finish()
      for qpu in 0..<8 { statistics[qpu].cycles = timing.clock[qpu] }
    }
    var sum = QPUStatistics()
    let qpus = qpuStatistics
    for qpu in qpus { sum.add(qpu) }
    sum.cycles = end
    return RunStatistics(
      qpus: qpus, total: sum, warnings: warnings, timing: timingReport(end))
  }

  /// Sets a thread slot up for a new batch: payload, pc, uniform pointer.
  func resetState(_ thread: HardwareThread) {
    let p = thread.state
    let registers = p.pointee.registers
    for slot in 0..<(Slot.accumulatorBase + 6) { registers[slot] = Lanes() }
    var rf0 = Lanes()
    var rf2 = Lanes()
    for lane in 0..<16 {
      let payload = configuration.payload(batch: thread.batch, lane: lane)
      rf0[lane] = payload.rf0
      rf2[lane] = payload.rf2
    }
    registers[0] = rf0
    registers[2] = rf2
    let fresh = ThreadState.Reset(
      pc: configuration.codeAddress, uniformAddress: configuration.uniformsAddress,
      pastLastThrsw: configuration.singleSegment)
    fresh.apply(to: p)
  }
}

extension ThreadState {
  /// The per-batch part of a thread's state at batch start.
  struct Reset {
    var pc: UInt32
    var uniformAddress: UInt32
    var pastLastThrsw: Bool

    func apply(to p: UnsafeMutablePointer<ThreadState>) {
      let registers = p.pointee.registers
      let readyCycles = p.pointee.readyCycles
      p.pointee = ThreadState(registers: registers, readyCycles: readyCycles)
      p.pointee.pc = pc
      p.pointee.uniformAddress = uniformAddress
      p.pointee.pastLastThrsw = pastLastThrsw
    }
  }
}

extension Machine {
  /// The timing model's account of the finished job.
  func timingReport(_ cycles: UInt64) -> TimingReport {
    guard modelsTiming else {
      return TimingReport(
        parameters: timing.parameters, cycles: 0, stalls: StallCycles(),
        qpuStalls: Array(repeating: StallCycles(), count: 8), issueCycles: 0,
        tmuBusyCycles: [0, 0], l2BusyCycles: 0, dramBusyCycles: 0, tmuBytesRead: 0,
        tmuBytesWritten: 0, dramBytesRead: 0, dramBytesWritten: 0, tmuCacheHits: 0,
        tmuCacheMisses: 0, l2Hits: 0, l2Misses: 0, profile: nil, timeline: nil,
        isModelled: false)
    }
    var stalls = StallCycles()
    for qpu in timing.qpuStalls { stalls.add(qpu) }
    var profile: InstructionProfile?
    if let counts = timing.profileCounts {
      profile = InstructionProfile(
        codeStart: codeStart, counts: Array(UnsafeBufferPointer(start: counts, count: codeCount)),
        stalls: timing.profileStalls)
    }
    return TimingReport(
      parameters: timing.parameters, cycles: cycles, stalls: stalls, qpuStalls: timing.qpuStalls,
      issueCycles: (qpuStatistics.map(\.instructions).max() ?? 0) &* cyclesPerInstruction,
      tmuBusyCycles: timing.tmuBusyCycles, l2BusyCycles: timing.l2BusyCycles,
      dramBusyCycles: timing.dramBusyCycles,
      tmuBytesRead: timing.tmuBytesRead, tmuBytesWritten: timing.tmuBytesWritten,
      dramBytesRead: timing.dramBytesRead, dramBytesWritten: timing.dramBytesWritten,
      tmuCacheHits: timing.tmuCacheHits, tmuCacheMisses: timing.tmuCacheMisses,
      l2Hits: timing.l2Hits, l2Misses: timing.l2Misses, profile: profile,
      timeline: timing.timeline)
  }
}
