import Foundation
import QPUBackend
import QPUEmulator
import QPUISA

/// The annotated listing and summary `vck profile` prints.
struct ProfileReport {
  let kernel: CompiledKernel
  let timing: TimingReport
  let profile: InstructionProfile
  let counters: [String: UInt64]

  /// Float operations of one instruction (per lane): its add and mul ALU float ops.
  static func floatOperations(_ word: UInt64) -> Int {
    guard case .alu(let alu)? = try? Instruction(decoding: word) else { return 0 }
    return (floatAddOpcodes.contains(alu.add.opcode) ? 1 : 0)
      + (floatMulOpcodes.contains(alu.mul.opcode) ? 1 : 0)
  }

  /// The add-ALU operations counted as one floating-point operation per lane.
  static let floatAddOpcodes: Set<AddOpcode> = [
    .fadd, .faddnf, .fsub, .fmin, .fmax, .vfmin, .vfmax,
  ]
  /// The mul-ALU operations counted as one floating-point operation per lane.
  static let floatMulOpcodes: Set<MulOpcode> = [.fmul, .vfmul]

  func render(sourceLine: ((Int) -> String?)?) -> String {
    let words = kernel.words
    let perInstruction = timing.parameters.cyclesPerInstruction
    let count = min(words.count, profile.counts.count)
    var cost: [Double] = []
    for index in 0..<count {
      cost.append(
        Double(profile.counts[index] &* perInstruction) + Double(profile.stalls[index].total))
    }
    let totalCost = max(cost.reduce(0, +), 1)
    let hot = Set(
      cost.indices.sorted { cost[$0] > cost[$1] }.prefix(5).filter { cost[$0] / totalCost >= 0.02 })
    var lines: [String] = []
    lines.append(
      "// kernel \(kernel.name): each line: executions, stall cycles (TMU data / TMU queue / "
        + "tmuwt / SFU / uniforms), share of modelled QPU time; >> marks the hottest lines")
    var lastSource: String?
    var flops: Double = 0
    for index in 0..<count {
      if let sourceLine, kernel.sourceOffsets.indices.contains(index),
        kernel.sourceOffsets[index] >= 0, let text = sourceLine(kernel.sourceOffsets[index]),
        text != lastSource
      {
        lines.append("   // \(text)")
        lastSource = text
      }
      let stalls = profile.stalls[index]
      let stallText = [StallCause.tmuData, .tmuQueue, .tmuStoreWait, .sfu, .uniform]
        .map { String(stalls[$0]) }.joined(separator: "/")
      let share = cost[index] / totalCost * 100
      let text =
        (try? Instruction(decoding: words[index]).text())
        ?? "<invalid 0x\(String(words[index], radix: 16))>"
      flops +=
        Double(ProfileReport.floatOperations(words[index])) * 16 * Double(profile.counts[index])
      lines.append(
        (hot.contains(index) ? ">>" : "  ")
          + " 0x\(String(index * 8, radix: 16).leftPadded(4))"
          + " \(String(profile.counts[index]).leftPadded(10, " "))"
          + " \(stallText.leftPadded(24, " "))"
          + " \(String(format: "%5.1f%%", share))  \(text)")
    }
    let seconds = timing.seconds
    let bytes = Double(timing.tmuBytesRead + timing.tmuBytesWritten)
    let use = timing.utilisation
    lines.append("")
    lines.append(
      "modelled Pi 4 time: \(String(format: "%.6f", seconds)) s (\(timing.cycles) cycles at "
        + "\(Int(timing.parameters.clockHz / 1e6)) MHz + "
        + "\(String(format: "%.0f", timing.parameters.launchOverheadSeconds * 1e6)) µs launch)")
    lines.append(
      "instructions: \(counters["instructions"] ?? 0), dual-issued: \(counters["dualIssued"] ?? 0)")
    lines.append(
      "memory: \(String(format: "%.3f", bytes / seconds / 1e9)) GB/s "
        + "(\(timing.tmuBytesRead) bytes loaded, \(timing.tmuBytesWritten) stored); "
        + "compute: \(String(format: "%.3f", flops / seconds / 1e9)) Gflop/s")
    let stallSummary = StallCause.allCases.filter { timing.stalls[$0] > 0 }
      .map { "\($0) \(timing.stalls[$0])" }.joined(separator: ", ")
    lines.append("stall cycles (all QPUs): " + (stallSummary.isEmpty ? "none" : stallSummary))
    lines.append(
      "busy: issue \(percent(use.issue)), TMU \(percent(use.tmu)), L2T \(percent(use.l2)), "
        + "DRAM \(percent(use.dram))")
    lines.append("limit: \(timing.limit)")
    return lines.joined(separator: "\n")
  }

  private func percent(_ value: Double) -> String { String(format: "%.0f%%", value * 100) }
}

extension String {
  fileprivate func leftPadded(_ width: Int, _ pad: Character = "0") -> String {
    String(repeating: pad, count: max(0, width - count)) + self
  }
}
