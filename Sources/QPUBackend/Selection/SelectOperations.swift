import QPUISA
import VCKIR

extension InstructionSelector {
  /// Selects one IR instruction.
  mutating func selectInstruction(_ instruction: IRInstruction) throws(BackendError) {
    let operands = instruction.operands
    let scalar = operands.first.map { function.type(of: $0).scalar } ?? instruction.type.scalar
    guard let result = instruction.result else {
      switch instruction.opcode {
      case .store: selectStore(instruction)
      case .barrier: selectBarrier()
      default:
        throw BackendError("\(instruction.opcode.rawValue) without a result is not supported")
      }
      return
    }
    let d = destination(result)
    func x(_ index: Int) -> MachineOperand { operand(operands[index]) }
    switch instruction.opcode {
    case .constant:
      if immediates[result] == nil {
        aliases[result] = constantRegister(instruction.immediate)
      }
    case .lane: emit(.add(.eidx), d)
    case .qpu:
      let register = qpuIndex ?? temporary()
      qpuIndex = register
      aliases[result] = register
    case .qpus:
      let register = qpuCount ?? temporary()
      qpuCount = register
      aliases[result] = register
    case .groupY, .groupZ:
      let axis = instruction.opcode == .groupY ? 1 : 2
      let register = groupIndex[axis] ?? temporary()
      groupIndex[axis] = register
      aliases[result] = register
    case .gridX, .gridY, .gridZ:
      let axis = instruction.opcode == .gridX ? 0 : instruction.opcode == .gridY ? 1 : 2
      let register = gridExtent[axis] ?? temporary()
      gridExtent[axis] = register
      aliases[result] = register
    case .add: binary(scalar == .f32 ? .add(.fadd) : .add(.add), d, x(0), x(1))
    case .sub: binary(scalar == .f32 ? .add(.fsub) : .add(.sub), d, x(0), x(1))
    case .mul:
      if scalar == .f32 {
        binary(.mul(.fmul), d, x(0), x(1))
      } else {
        binary(.mul(.multop), .discard, x(0), x(1))
        binary(.mul(.umul24), d, x(0), x(1))
      }
    case .mul24:
      if rtopMayBeStale {
        // umul24 adds rtop, which a thread switch leaves undefined: clear it first.
        emit(.mul(.multop), .discard, .immediate(0), .immediate(0), comment: "rtop = 0")
      }
      binary(.mul(.umul24), d, x(0), x(1))
    case .div, .rem:
      if scalar == .f32 {
        guard instruction.opcode == Opcode.div else {
          throw BackendError("rem is not defined on f32")
        }
        let reciprocal = sfu(.recip, x(1))
        binary(.mul(.fmul), d, x(0), .virtual(reciprocal))
      } else {
        selectDivision(instruction.opcode, signed: scalar == .i32, d, x(0), x(1))
      }
    case .min, .max:
      let isMin = instruction.opcode == .min
      let opcode: AddOpcode =
        switch scalar {
        case .f32: isMin ? .fmin : .fmax
        case .i32: isMin ? .min : .max
        default: isMin ? .umin : .umax
        }
      binary(.add(opcode), d, x(0), x(1))
    case .and: binary(.add(.and), d, x(0), x(1))
    case .or: binary(.add(.or), d, x(0), x(1))
    case .xor: binary(.add(.xor), d, x(0), x(1))
    case .shl: binary(.add(.shl), d, x(0), x(1))
    case .shr: binary(.add(scalar == .i32 ? .asr : .shr), d, x(0), x(1))
    case .eq, .ne, .lt, .le, .gt, .ge:
      selectComparison(instruction.opcode, scalar, d, x(0), x(1))
    case .neg:
      if scalar == .f32 {
        binary(.add(.xor), d, x(0), constant(0x8000_0000))
      } else {
        emit(.add(.neg), d, x(0))
      }
    case .abs:
      switch scalar {
      case .f32: emit(.mul(.fmov), d, x(0), unpackA: .abs)
      case .i32:
        let negated = temporary()
        emit(.add(.neg), .virtual(negated), x(0))
        binary(.add(.max), d, x(0), .virtual(negated))
      default: move(d, x(0))
      }
    case .not:
      if scalar == .bool {
        binary(.add(.xor), d, x(0), .immediate(1))
      } else {
        emit(.add(.not), d, x(0))
      }
    case .clz: emit(.add(.clz), d, x(0))
    case .floor: emit(.add(.ffloor), d, x(0))
    case .ceil: emit(.add(.fceil), d, x(0))
    case .round: emit(.add(.fround), d, x(0))
    case .trunc: emit(.add(.ftrunc), d, x(0))
    case .sqrt:
      let inverse = sfu(.rsqrt, x(0))
      let root = sfu(.recip, .virtual(inverse))
      move(d, .virtual(root))
    case .rsqrt: move(d, .virtual(sfu(.rsqrt, x(0))))
    case .recip: move(d, .virtual(sfu(.recip, x(0))))
    case .exp2: move(d, .virtual(sfu(.exp, x(0))))
    case .log2: move(d, .virtual(sfu(.log, x(0))))
    case .sin, .cos: selectSine(d, x(0), cosine: instruction.opcode == Opcode.cos)
    case .convert: selectConversion(from: scalar, to: instruction.type.scalar, d, x(0))
    case .bitcast: move(d, x(0))
    case .select:
      pushIsZero(x(0))
      // Write the arm that may already live in d first (folded loop copies).
      if case .virtual(let register) = d, x(2) == .virtual(register) {
        emit(.mul(.mov), d, x(1), flags: ALUFlags(condition: .ifna))
      } else {
        move(d, x(1))
        emit(.mul(.mov), d, x(2), flags: ALUFlags(condition: .ifa))
      }
    case .rotate: selectRotate(d, x(0), amount: operands[1])
    case .broadcast:
      selectBroadcast(d, x(0), lane: operands[1], keepInR5: forwardedInR5.contains(result))
    case .reduceAdd, .reduceMin, .reduceMax:
      selectReduction(instruction.opcode, scalar, d, x(0), mask: maskOperand(instruction))
    case .any, .all:
      let reduction: Opcode = instruction.opcode == Opcode.any ? .reduceMax : .reduceMin
      selectReduction(reduction, .u32, d, x(0), mask: nil)
    case .load:
      if let continuesStream = streamPlan.loads[result] {
        selectStreamLoad(d, instruction, continuesStream: continuesStream)
      } else {
        selectLoad(
          d, scalarElementAddress(instruction), mask: maskOperand(instruction),
          switchingThreads: switchesThreads(on: instruction))
      }
    case .atomicAdd, .atomicSub, .atomicMin, .atomicMax, .atomicAnd, .atomicOr, .atomicXor,
      .atomicExchange, .atomicCompareExchange:
      selectAtomic(instruction, d)
    case .store, .barrier:
      throw BackendError("\(instruction.opcode.rawValue) has no result")
    }
  }

  /// The mask operand of a masked instruction, if any.
  mutating func maskOperand(_ instruction: IRInstruction) -> MachineOperand? {
    guard let mask = instruction.mask else { return nil }
    return operand(mask)
  }

  /// Compares into flag A, then writes 0/1.
  mutating func selectComparison(
    _ opcode: Opcode, _ scalar: ScalarType, _ d: MachineDestination, _ a: MachineOperand,
    _ b: MachineOperand
  ) {
    let negated = compareIntoFlags(opcode, scalar, a, b)
    materialise(d, negated: negated)
  }

  /// Sets flag A of each lane to the comparison's result (or to its negation, when this
  /// returns true).
  mutating func compareIntoFlags(
    _ opcode: Opcode, _ scalar: ScalarType, _ a: MachineOperand, _ b: MachineOperand
  ) -> Bool {
    let pushZ = ALUFlags(push: .pushz)
    let pushN = ALUFlags(push: .pushn)
    let pushC = ALUFlags(push: .pushc)
    switch (opcode, scalar) {
    case (.eq, .f32), (.ne, .f32):
      binary(.add(.fcmp), .discard, a, b, flags: pushZ)
      return opcode == .ne
    case (.eq, _), (.ne, _):
      binary(.add(.xor), .discard, a, b, flags: pushZ)
      return opcode == .ne
    case (_, .f32):
      // fcmp x, y: N = x < y, C = x <= y.
      let swapped = opcode == .gt || opcode == .ge
      let strict = opcode == .lt || opcode == .gt
      binary(
        .add(.fcmp), .discard, swapped ? b : a, swapped ? a : b, flags: strict ? pushN : pushC)
      return false
    default:
      // C of `sub x, y` is x < y unsigned; C of `min x, y` is x > y signed.
      let (x, y, negated): (MachineOperand, MachineOperand, Bool) =
        switch opcode {
        case .lt: (a, b, false)
        case .gt: (b, a, false)
        case .le: (b, a, true)
        default: (a, b, true)  // ge
        }
      if scalar == .i32 {
        binary(.add(.min), .discard, y, x, flags: pushC)
      } else {
        binary(.add(.sub), .discard, x, y, flags: pushC)
      }
      return negated
    }
  }

  /// Conversions between the numeric types (bool converts only to bool).
  mutating func selectConversion(
    from source: ScalarType, to target: ScalarType, _ d: MachineDestination,
    _ a: MachineOperand
  ) {
    switch (source, target) {
    case (.i32, .f32): emit(.add(.itof), d, a)
    case (.u32, .f32): emit(.add(.utof), d, a)
    case (.f32, .i32): emit(.add(.ftoiz), d, a)
    case (.f32, .u32): emit(.add(.ftouz), d, a)
    default: move(d, a)
    }
  }

  /// Starts an SFU operation through its add-ALU opcode; the result goes to a new
  /// register-file register (the hardware stalls a reader that comes too early).
  mutating func sfu(_ opcode: AddOpcode, _ a: MachineOperand) -> VirtualRegister {
    let result = temporary()
    machine.needsRegisterFile.insert(result)
    emit(.add(opcode), .virtual(result), a)
    return result
  }

  /// sin/cos in radians on the SFU's sin(πx), x in [−0.5, 0.5]: reduce by whole periods
  /// and flip the sign for odd ones.
  mutating func selectSine(_ d: MachineDestination, _ a: MachineOperand, cosine: Bool) {
    let scaled = temporary()
    binary(.mul(.fmul), .virtual(scaled), a, constant(Float(1 / Double.pi).bitPattern))
    var turns = scaled
    if cosine {
      turns = temporary()
      binary(.add(.fadd), .virtual(turns), .virtual(scaled), .immediate(Float(0.5).bitPattern))
    }
    let periods = temporary()
    emit(.add(.fround), .virtual(periods), .virtual(turns))
    let fraction = temporary()
    binary(.add(.fsub), .virtual(fraction), .virtual(turns), .virtual(periods))
    let sine = sfu(.sin, .virtual(fraction))
    let count = temporary()
    emit(.add(.ftoin), .virtual(count), .virtual(periods))
    let sign = temporary()
    binary(.add(.shl), .virtual(sign), .virtual(count), .immediate(UInt32(bitPattern: -1)))
    binary(.add(.xor), d, .virtual(sine), .virtual(sign))
  }
}
