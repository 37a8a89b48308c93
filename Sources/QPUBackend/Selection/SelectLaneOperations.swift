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

  /// Copies a value into the scratch accumulator r4 unless it is already there.
  mutating func loadScratch(_ value: MachineOperand) {
    if scratchHolds == value, value.virtualRegister != nil { return }
    move(Self.scratch, value)
    scratchHolds = value
  }

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
      loadScratch(a)
      emit(.mul(.mov), d, Self.scratchOperand, rotation: .by(Int8(amount)))
      return
    }
    loadScratch(a)
    move(.fixed(.magic(.r5)), operand(amount))
    emit(.mul(.mov), d, Self.scratchOperand, rotation: .byR5)
  }

  /// With `keepInR5` the result stays in r5, where the next instruction reads it.
  mutating func selectBroadcast(
    _ d: MachineDestination, _ a: MachineOperand, lane: Value, keepInR5: Bool = false
  ) {
    loadScratch(a)
    if let lane = constantAmount(lane) {
      broadcastScratch(lane: lane)
    } else {
      emit(.add(.neg), .fixed(.magic(.r5)), operand(lane))
      emit(.mul(.mov), .fixed(.magic(.r5rep)), Self.scratchOperand, rotation: .byR5)
    }
    if keepInR5 { return }
    move(d, Self.broadcastRegister)
  }

  /// r5 = lane `lane` of r4 in every lane.
  private mutating func broadcastScratch(lane: Int) {
    let amount = (16 - lane) % 16
    emit(
      .mul(.mov), .fixed(.magic(.r5rep)), Self.scratchOperand,
      rotation: amount == 0 ? nil : .by(Int8(amount)))
  }

  /// A reduction over the lanes as the IR defines it: the rotate tree
  /// `v = op(v, rotate(v, s))` for s = 1, 2, 4, 8, then lane 0 broadcast to every lane.
  /// Inactive lanes contribute the identity.
  mutating func selectReduction(
    _ opcode: Opcode, _ scalar: ScalarType, _ d: MachineDestination, _ a: MachineOperand,
    mask: MachineOperand?
  ) {
    let identity = LaneSemantics.reductionIdentity(opcode, scalar)
    let tree = temporary()
    if let mask {
      pushIsZero(mask)
      move(.virtual(tree), a)
      emit(.mul(.mov), .virtual(tree), constant(identity), flags: ALUFlags(condition: .ifa))
    } else {
      move(.virtual(tree), a)
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
    let rotated = temporary()
    for shift: Int8 in [1, 2, 4, 8] {
      move(Self.scratch, .virtual(tree))
      emit(.mul(.mov), .virtual(rotated), Self.scratchOperand, rotation: .by(shift))
      emit(.add(combine), .virtual(tree), .virtual(tree), .virtual(rotated))
    }
    emit(.mul(.mov), .fixed(.magic(.r5rep)), .virtual(tree))
    move(d, Self.broadcastRegister)
  }
}
