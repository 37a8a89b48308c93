import QPUISA
import VCKIR

/// An IR instruction (VCKIR and QPUISA both name a type `Instruction`).
typealias IRInstruction = VCKIR.Instruction
/// A QPU instruction.
typealias QPUInstruction = QPUISA.Instruction
