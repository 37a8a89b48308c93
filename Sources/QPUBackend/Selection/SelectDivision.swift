import QPUISA
import VCKIR

/// Integer division and remainder by shift-and-subtract (32 steps, exact for every
/// input, including the interpreter's results for division by zero).
extension InstructionSelector {
  mutating func selectDivision(
    _ opcode: Opcode, signed: Bool, _ d: MachineDestination, _ n: MachineOperand,
    _ divisor: MachineOperand
  ) {
    var dividend = n
    var magnitude = divisor
    if signed {
      dividend = .virtual(absolute(n))
      magnitude = .virtual(absolute(divisor))
    }
    let (quotient, remainder) = divideUnsigned(dividend, magnitude)
    let result = opcode == .div ? quotient : remainder
    if signed {
      if opcode == .div {
        // Negative when the signs differ, except for a zero divisor (all ones).
        binary(.add(.xor), .discard, n, divisor, flags: ALUFlags(push: .pushn))
        emit(.add(.or), .discard, divisor, divisor, flags: ALUFlags(update: .andnz))
      } else {
        emit(.add(.or), .discard, n, n, flags: ALUFlags(push: .pushn))
      }
      emit(.add(.neg), .virtual(result), .virtual(result), flags: ALUFlags(condition: .ifa))
    }
    move(d, .virtual(result))
  }

  /// |x| as an unsigned value (i32.min stays 2^31).
  private mutating func absolute(_ x: MachineOperand) -> VirtualRegister {
    let negated = temporary()
    emit(.add(.neg), .virtual(negated), x)
    let result = temporary()
    binary(.add(.max), .virtual(result), x, .virtual(negated))
    return result
  }

  /// Restoring division: the dividend shifts out of `bits` from the top while quotient
  /// bits shift in at the bottom.
  private mutating func divideUnsigned(_ n: MachineOperand, _ divisor: MachineOperand)
    -> (quotient: VirtualRegister, remainder: VirtualRegister)
  {
    let bits = temporary()
    let remainder = temporary()
    let top = temporary()
    let carry = temporary()
    let minusOne = MachineOperand.immediate(UInt32.max)  // shift by 31
    move(.virtual(bits), n)
    move(.virtual(remainder), .immediate(0))
    for _ in 0..<32 {
      emit(.add(.shr), .virtual(top), .virtual(bits), minusOne)
      emit(.add(.shr), .virtual(carry), .virtual(remainder), minusOne)
      emit(.add(.shl), .virtual(remainder), .virtual(remainder), .immediate(1))
      emit(.add(.or), .virtual(remainder), .virtual(remainder), .virtual(top))
      emit(.add(.shl), .virtual(bits), .virtual(bits), .immediate(1))
      // A = remainder < divisor and no bit was shifted out: do not subtract.
      emit(.add(.sub), .discard, .virtual(remainder), divisor, flags: ALUFlags(push: .pushc))
      emit(.add(.or), .discard, .virtual(carry), .virtual(carry), flags: ALUFlags(update: .andz))
      emit(
        .add(.sub), .virtual(remainder), .virtual(remainder), divisor,
        flags: ALUFlags(condition: .ifna))
      emit(
        .add(.or), .virtual(bits), .virtual(bits), .immediate(1), flags: ALUFlags(condition: .ifna))
    }
    return (bits, remainder)
  }
}
