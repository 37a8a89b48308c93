import QPUISA
import VCKIR

/// Cross-lane operations: the mul ALU's `rot` signal rotates an accumulator across all 16
/// lanes (lane j reads lane j − n), and a write to `r5rep` broadcasts lane 0. The value
/// goes through the scratch accumulator r4; the scheduler keeps the instruction before a
/// rotation from writing r4 or the r5 amount.
extension InstructionSelector {
  static let scratch = MachineDestination.fixed(.magic(.r4))
  static let scratchOperand = MachineOperand.fixed(.accumulator(4))
  static let broadcastRegister = MachineOperand.fixed(.accumulator(5))

  /// The constant lane amount of a uniform operand, modulo 16, when it is known.
  func constantAmount(_ value: Value) -> Int? {
    immediates[value].map { Int($0 % 16) }
  }

  mutating func selectRotate(_ d: MachineDestination, _ a: MachineOperand, amount: Value) {
    if let amount = constantAmount(amount) {
      if amount == 0 {
        move(d, a)
        return
      }
      move(Self.scratch, a)
      emit(.mul(.mov), d, Self.scratchOperand, rotation: .by(Int8(amount)))
      return
    }
    move(Self.scratch, a)
    move(.fixed(.magic(.r5)), operand(amount))
    emit(.mul(.mov), d, Self.scratchOperand, rotation: .byR5)
  }

  mutating func selectBroadcast(_ d: MachineDestination, _ a: MachineOperand, lane: Value) {
    move(Self.scratch, a)
    if let lane = constantAmount(lane) {
      broadcastScratch(lane: lane)
    } else {
      emit(.add(.neg), .fixed(.magic(.r5)), operand(lane))
      emit(.mul(.mov), .fixed(.magic(.r5rep)), Self.scratchOperand, rotation: .byR5)
    }
    move(d, Self.broadcastRegister)
  }

  /// r5 = lane `lane` of r4 in every lane.
  private mutating func broadcastScratch(lane: Int) {
    let amount = (16 - lane) % 16
    emit(
      .mul(.mov), .fixed(.magic(.r5rep)), Self.scratchOperand,
      rotation: amount == 0 ? nil : .by(Int8(amount)))
  }

  /// A reduction over the lanes, combining lane 0, 1, … 15 in order from the identity (the
  /// order the reference interpreter uses, so float sums round the same way). Inactive
  /// lanes contribute the identity.
  mutating func selectReduction(
    _ opcode: Opcode, _ scalar: ScalarType, _ d: MachineDestination, _ a: MachineOperand,
    mask: MachineOperand?
  ) {
    let identity = Self.reductionIdentity(opcode, scalar)
    var source = a
    if let mask {
      let masked = temporary()
      pushIsZero(mask)
      move(.virtual(masked), a)
      emit(.mul(.mov), .virtual(masked), constant(identity), flags: ALUFlags(condition: .ifa))
      source = .virtual(masked)
    }
    let combine: AddOpcode =
      switch (opcode, scalar) {
      case (.reduceAdd, .f32): .fadd
      case (.reduceAdd, _): .add
      case (.reduceMin, .f32): .fmin
      case (.reduceMin, .i32): .min
      case (.reduceMin, _): .umin
      case (_, .f32): .fmax
      case (_, .i32): .max
      default: .umax
      }
    move(Self.scratch, source)
    let accumulator = temporary()
    move(.virtual(accumulator), constant(identity))
    for lane in 0..<16 {
      broadcastScratch(lane: lane)
      let target: MachineDestination = lane == 15 ? d : .virtual(accumulator)
      emit(.add(combine), target, .virtual(accumulator), Self.broadcastRegister)
    }
  }

  /// The value a reduction over no active lane gives (as the interpreter defines it).
  static func reductionIdentity(_ opcode: Opcode, _ scalar: ScalarType) -> UInt32 {
    switch (opcode, scalar) {
    case (.reduceAdd, .f32): return Float(0).bitPattern
    case (.reduceAdd, _): return 0
    case (.reduceMin, .f32): return Float.infinity.bitPattern
    case (.reduceMin, .i32): return UInt32(bitPattern: Int32.max)
    case (.reduceMin, _): return UInt32.max
    case (_, .f32): return (-Float.infinity).bitPattern
    case (_, .i32): return UInt32(bitPattern: Int32.min)
    default: return 0
    }
  }
}
