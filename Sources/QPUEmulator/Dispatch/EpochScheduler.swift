import Dispatch

/// Per QPU, what the epoch scheduler keeps between phases: whose turn it is, the thread
/// stopped for the serial phase, the fault of the parallel phase. Raw storage: each QPU's
/// host thread writes only its own entries.
final class EpochQPUs {
  /// The slot whose turn it is on each QPU.
  let turn = UnsafeMutablePointer<Int>.allocate(capacity: 8)
  /// The index in `Machine.threads` of the thread stopped for the serial phase, or −1.
  let stopped = UnsafeMutablePointer<Int>.allocate(capacity: 8)
  /// The fault a QPU ran into in the parallel phase.
  let errors = UnsafeMutablePointer<EmulatorError?>.allocate(capacity: 8)

  init() {
    turn.initialize(repeating: 0, count: 8)
    stopped.initialize(repeating: -1, count: 8)
    errors.initialize(repeating: nil, count: 8)
  }

  deinit {
    turn.deallocate()
    stopped.deallocate()
    errors.deinitialize(count: 8)
    errors.deallocate()
  }
}

/// What the host threads of a parallel phase share. Each runs whole QPUs, which touch
/// only their own threads, statistics and warning log, read memory that nothing writes
/// during the phase, and write their own entries of `qpus`.
private struct ParallelPhase: @unchecked Sendable {
  let machine: Machine
  let qpus: EpochQPUs
  let quantum: UInt64
}

extension Machine {
  /// Instructions each QPU runs in an epoch's parallel phase (at most).
  static let epochQuantum: UInt64 = 16_384
  /// Instructions a thread stopped in the parallel phase runs in the serial phase (at most).
  static let serialQuantum: UInt64 = 256
  /// Words the serial phase decodes from a word a thread stopped at (at most).
  static let decodeAhead = 64

  /// Runs every batch of the job without the timing model, in epochs whose results do not
  /// depend on the host threads or their scheduling (docs/emulator.md, "Host threads").
  ///
  /// Each epoch has a parallel phase and a serial phase. In the parallel phase every QPU
  /// runs its threads (taking turns at thread switches, as on the hardware) for up to
  /// ``epochQuantum`` instructions, the QPUs at once on up to ``hostThreads`` host
  /// threads. Nothing writes memory in that phase: a thread stops before an instruction
  /// whose TMU lookup may store (a store, an atomic) and before a word not decoded yet, so
  /// every load sees the memory as it was when the phase began, and each QPU's run depends
  /// on nothing but its own state and that memory. Then, in the serial phase, the threads
  /// stopped before a store run one at a time in QPU order for up to ``serialQuantum``
  /// instructions, storing straight into memory (so a store is seen by other QPUs from
  /// the serial phase of its epoch on); words not decoded yet are decoded (up to
  /// ``decodeAhead`` from there); barriers are released and finished threads take the next
  /// batches, in thread order. The parallel phase's faults are reported for the
  /// lowest QPU that had one.
  func runJobInEpochs() throws(EmulatorError) -> RunStatistics {
    let threads = makeThreads()
    let total = configuration.batchCount
    var nextBatch: UInt64 = 0
    func start(_ thread: HardwareThread) {
      thread.batch = nextBatch
      nextBatch += 1
      resetState(thread)
      thread.status = .runnable
    }
    for thread in threads where nextBatch < total { start(thread) }
    let qpus = EpochQPUs()
    defer { epochPhase = false }
    while true {
      guard let runnable = threads.first(where: { $0.status == .runnable }) else {
        if let waiting = threads.first(where: { $0.status == .waitingAtBarrier }) {
          throw fault(waiting, .deadlock, Machine.barrierDeadlockMessage(configuration))
        }
        break
      }
      if let cancellation, cancellation.isCancelled {
        throw fault(runnable, .cancelled, "the job was cancelled (it ran past its time limit)")
      }

      epochPhase = true
      if budget >= 8 * Machine.epochQuantum {
        let before = qpuStatistics.reduce(0) { $0 &+ $1.instructions }
        let quantum = Machine.epochQuantum
        if hostThreads > 1 {
          let phase = ParallelPhase(machine: self, qpus: qpus, quantum: quantum)
          let workers = hostThreads
          // Worker w runs QPUs w, w + workers, …: which host thread runs a QPU changes
          // nothing it computes.
          DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for qpu in stride(from: worker, to: 8, by: workers) {
              phase.machine.runParallelPhase(qpu: qpu, quantum: phase.quantum, phase.qpus)
            }
          }
        } else {
          for qpu in 0..<8 { runParallelPhase(qpu: qpu, quantum: quantum, qpus) }
        }
        let ran = qpuStatistics.reduce(0) { $0 &+ $1.instructions } &- before
        budget &-= min(budget, ran)
      } else {
        // Near the end of the budget the QPUs run one after another, each with what the
        // ones before it left, so that the job stops exactly where the budget runs out.
        for qpu in 0..<8 {
          let quantum = min(Machine.epochQuantum, budget)
          guard quantum > 0 else {
            let threadsPerQPU = configuration.threadsPerQPU
            if let waiting = (0..<threadsPerQPU).map({ threads[$0 * 8 + qpu] })
              .first(where: { $0.status == .runnable })
            {
              throw fault(
                waiting, .instructionBudgetExceeded,
                "instruction budget exceeded: the job did not finish (it would hang on hardware)"
              )
            }
            continue
          }
          let before = statistics[qpu].instructions
          runParallelPhase(qpu: qpu, quantum: quantum, qpus)
          budget &-= min(budget, statistics[qpu].instructions &- before)
        }
      }
      epochPhase = false
      for qpu in 0..<8 { if let error = qpus.errors[qpu] { throw error } }

      for qpu in 0..<8 where qpus.stopped[qpu] >= 0 {
        let thread = threads[qpus.stopped[qpu]]
        qpus.stopped[qpu] = -1
        let offset = thread.state.pointee.pc &- codeStart
        if offset & 7 == 0, Int(offset >> 3) < codeCount {
          let first = Int(offset >> 3)
          let ip = code + first
          // A word not decoded yet: decode it and the words after it; run nothing.
          if ip.pointee.kind == .notDecoded {
            for index in first..<min(first + Machine.decodeAhead, codeCount)
            where code[index].kind == .notDecoded {
              decodeWord(at: index)
            }
            continue
          }
          // Stopped at a word another QPU has decoded since: it runs in the next epoch.
          guard ip.pointee.issuesLookup != 0 && mayWriteMemory(thread.state, ip) else {
            continue
          }
        }
        let event = try run(thread, quantum: Machine.serialQuantum)
        _ = try settle(thread, after: event, qpus)
      }
      releaseBarriers()
      for thread in threads where thread.status == .finished && nextBatch < total {
        start(thread)
      }
      epoch += 1
    }
    return finishedJob()
  }

  /// One QPU's part of an epoch's parallel phase: its threads in turn, up to `quantum`
  /// instructions in all, until each waits, ends or stops for the serial phase.
  func runParallelPhase(qpu: Int, quantum: UInt64, _ qpus: EpochQPUs) {
    let threadsPerQPU = configuration.threadsPerQPU
    var ran: UInt64 = 0
    do {
      while ran < quantum {
        var chosen: HardwareThread?
        for step in 0..<threadsPerQPU {
          let slot = (qpus.turn[qpu] + step) % threadsPerQPU
          let candidate = threads[slot * 8 + qpu]
          if candidate.status == .runnable {
            chosen = candidate
            break
          }
        }
        guard let thread = chosen else { break }
        qpus.turn[qpu] = thread.slot
        let executed = thread.state.pointee.executed
        let event = try run(thread, quantum: quantum - ran)
        ran &+= thread.state.pointee.executed &- executed
        guard try settle(thread, after: event, qpus) else { break }
      }
    } catch {
      qpus.errors[qpu] = error
    }
  }

  /// Updates a thread and its QPU's turn after a run; returns whether the QPU may go on
  /// with its next thread in this phase.
  func settle(_ thread: HardwareThread, after event: ThreadEvent, _ qpus: EpochQPUs)
    throws(EmulatorError) -> Bool
  {
    let threadsPerQPU = configuration.threadsPerQPU
    switch event {
    case .preempted:
      return false
    case .needsSerialPhase:
      qpus.stopped[thread.qpu] = thread.slot * 8 + thread.qpu
      return false
    case .ended:
      qpus.turn[thread.qpu] = (thread.slot + 1) % threadsPerQPU
      statistics[thread.qpu].batches += 1
      thread.status = .finished
      if thread.state.pointee.barrierPending {
        throw fault(thread, .deadlock, "thread ended while registered at a barrier")
      }
      return true
    case .switched:
      qpus.turn[thread.qpu] = (thread.slot + 1) % threadsPerQPU
      if thread.state.pointee.barrierPending { thread.status = .waitingAtBarrier }
      return true
    }
  }

  /// Releases every supergroup whose batches all wait at the barrier.
  func releaseBarriers() {
    let perGroup = UInt64(configuration.batchesPerSupergroup)
    let total = configuration.batchCount
    var waiting: [UInt64: Int] = [:]
    for thread in threads where thread.status == .waitingAtBarrier {
      waiting[thread.batch / perGroup, default: 0] += 1
    }
    for (group, count) in waiting where count == Int(min(perGroup, total - group * perGroup)) {
      for thread in threads
      where thread.status == .waitingAtBarrier && thread.batch / perGroup == group {
        thread.status = .runnable
        thread.state.pointee.barrierPending = false
        thread.state.pointee.outstandingStores = 0
      }
    }
  }

  /// The fault of a job whose running threads all wait at a barrier.
  static func barrierDeadlockMessage(_ configuration: CSDConfiguration) -> String {
    "every running thread waits at a barrier that can never complete"
      + " (a supergroup of \(configuration.batchesPerSupergroup) batches must be resident at"
      + " once and all must reach it)"
  }
}
