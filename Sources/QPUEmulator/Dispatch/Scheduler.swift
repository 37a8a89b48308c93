extension Machine {
  /// Runs every batch of the job to its end (semantics.md §14).
  func runJob() throws(EmulatorError) -> RunStatistics {
    let threadsPerQPU = configuration.threadsPerQPU
    // Slot-major order: with ≤ 8 batches every batch gets its own QPU.
    var threads: [HardwareThread] = []
    for slot in 0..<threadsPerQPU {
      for qpu in 0..<8 {
        threads.append(HardwareThread(qpu: qpu, slot: slot, threadsPerQPU: threadsPerQPU))
      }
    }
    self.threads = threads
    let total = configuration.batchCount
    let perGroup = UInt64(configuration.batchesPerSupergroup)
    var nextBatch: UInt64 = 0
    var arrived: [UInt64: Int] = [:]
    var running = 0

    func start(_ thread: HardwareThread) {
      thread.batch = nextBatch
      nextBatch += 1
      resetState(thread)
      thread.status = .runnable
      running += 1
    }
    for thread in threads where nextBatch < total { start(thread) }

    while running > 0 {
      var progressed = false
      for thread in threads where thread.status == .runnable {
        progressed = true
        switch try run(thread) {
        case .ended:
          statistics[thread.qpu].batches += 1
          thread.status = .finished
          running -= 1
          if thread.state.pointee.barrierPending {
            throw fault(thread, .deadlock, "thread ended while registered at a barrier")
          }
          if nextBatch < total { start(thread) }
        case .switched:
          if thread.state.pointee.barrierPending {
            thread.status = .waitingAtBarrier
            let group = thread.batch / perGroup
            arrived[group, default: 0] += 1
            let quorum = Int(min(perGroup, total - group * perGroup))
            if arrived[group] == quorum {
              arrived[group] = nil
              for other in threads
              where other.status == .waitingAtBarrier && other.batch / perGroup == group {
                other.status = .runnable
                other.state.pointee.barrierPending = false
                other.state.pointee.outstandingStores = 0
              }
            }
          }
        }
      }
      if !progressed {
        let waiting = threads.first { $0.status == .waitingAtBarrier }
        let message =
          "every running thread waits at a barrier that can never complete"
          + " (a supergroup of \(perGroup) batches must be resident at once and all must reach it)"
        if let waiting { throw fault(waiting, .deadlock, message) }
        throw EmulatorError(.deadlock, message)
      }
    }
    for qpu in 0..<8 { statistics[qpu].cycles = qpuClock[qpu] }
    var sum = QPUStatistics()
    for qpu in statistics { sum.add(qpu) }
    return RunStatistics(qpus: statistics, total: sum, warnings: warnings)
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
