import VCKIR

/// The loads whose latency the schedule cannot hide, where the automatic choice
/// (``BackendOptions/ThreadSwitching/automatic``) switches threads (docs/backend.md §7b).
///
/// Within one pass of a loop, hoisting and the unrolled copies of the main loop keep
/// independent loads in flight (§7f), a gather `x[idx[i]]` included: the loads of `idx`
/// for several copies go first, then those of `x`. What they cannot overlap is a chain
/// through memory from one pass to the next, where a pass cannot start before the
/// previous pass's load has returned:
///
/// - **carried addresses**: a load whose address depends on a loop-carried value (a
///   header's block parameter) that the back edge computes from a memory read in the
///   loop — pointer chasing, `p = next[p]`;
/// - **data-dependent exits**: every load in a loop whose exit condition depends on a
///   memory read in the loop (`while a[k] != key`), which is never unrolled.
///
/// Only unmasked loads switch (a switch would lose a masked load's flags).
enum DependentLoads {
  /// The results of the unmasked loads that should switch threads.
  static func find(in function: Function) -> Set<Value> {
    let indices = function.blockIndices()
    var loads: Set<Value> = []
    for loop in LoopAnalysis.loops(in: function) {
      let blocks = function.blocks.filter { loop.blocks.contains($0.id) }
      let reads = blocks.flatMap(\.instructions).filter { $0.opcode.info.readsMemory }
        .compactMap(\.result)
      guard !reads.isEmpty else { continue }
      let fromReads = dependents(of: Set(reads), in: function, indices: indices)
      // Header parameters the back edges compute from this loop's reads.
      var carried: Set<Value> = []
      if let header = indices[loop.header] {
        for latch in loop.latches {
          guard let index = indices[latch] else { continue }
          for target in function.blocks[index].terminator.targets
          where target.block == loop.header {
            for (argument, parameter) in zip(
              target.arguments, function.blocks[header].parameters)
            where fromReads.contains(argument) {
              carried.insert(parameter)
            }
          }
        }
      }
      let exitsOnData = blocks.contains { block in
        guard case .conditionalBranch(let condition, let then, let otherwise) = block.terminator
        else { return false }
        let leaves = !loop.blocks.contains(then.block) || !loop.blocks.contains(otherwise.block)
        return leaves && fromReads.contains(condition)
      }
      let fromCarried = dependents(of: carried, in: function, indices: indices)
      for instruction in blocks.flatMap(\.instructions)
      where instruction.opcode == .load && instruction.mask == nil {
        guard let result = instruction.result, let address = instruction.operands.first else {
          continue
        }
        if exitsOnData || fromCarried.contains(address) { loads.insert(result) }
      }
    }
    return loads
  }

  /// `seeds` and every value computed from them, directly or through other values
  /// (instruction operands, block arguments to parameters).
  static func dependents(
    of seeds: Set<Value>, in function: Function, indices: [BlockID: Int]
  ) -> Set<Value> {
    var values = seeds
    guard !values.isEmpty else { return values }
    var changed = true
    while changed {
      changed = false
      for block in function.blocks {
        for instruction in block.instructions {
          guard let result = instruction.result, !values.contains(result),
            instruction.operands.contains(where: values.contains)
          else { continue }
          values.insert(result)
          changed = true
        }
        for target in block.terminator.targets {
          guard let successor = indices[target.block] else { continue }
          for (argument, parameter) in zip(
            target.arguments, function.blocks[successor].parameters)
          where values.contains(argument) && !values.contains(parameter) {
            values.insert(parameter)
            changed = true
          }
        }
      }
    }
    return values
  }
}
