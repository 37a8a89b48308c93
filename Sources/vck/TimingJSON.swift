import Foundation
import QPUEmulator

/// The timing model's report as JSON fields, for `vck emulate --json` and `vck profile --json`.
enum TimingJSON {
  /// `"modelled_seconds": …, "timing": {…}` (no surrounding braces); both null when the
  /// timing model did not run.
  static func fields(_ timing: TimingReport) -> String {
    guard timing.isModelled else { return "\"modelled_seconds\": null, \"timing\": null" }
    let use = timing.utilisation
    let stalls = StallCause.allCases.map { "\"\($0.key)\": \(timing.stalls[$0])" }
      .joined(separator: ", ")
    let object = [
      "\"cycles\": \(timing.cycles)",
      "\"limit\": \"\(timing.limit.rawValue)\"",
      "\"issue_utilisation\": \(format(use.issue))",
      "\"tmu_utilisation\": \(format(use.tmu))",
      "\"l2_utilisation\": \(format(use.l2))",
      "\"dram_utilisation\": \(format(use.dram))",
      "\"dram_bytes_read\": \(timing.dramBytesRead)",
      "\"dram_bytes_written\": \(timing.dramBytesWritten)",
      "\"tmu_cache_hits\": \(timing.tmuCacheHits)",
      "\"tmu_cache_misses\": \(timing.tmuCacheMisses)",
      "\"l2_hits\": \(timing.l2Hits)",
      "\"l2_misses\": \(timing.l2Misses)",
      "\"stall_cycles\": {\(stalls)}",
    ].joined(separator: ", ")
    return "\"modelled_seconds\": \(format(timing.seconds)), \"timing\": {\(object)}"
  }

  static func format(_ value: Double) -> String {
    value.isFinite ? String(format: "%.9g", value) : "null"
  }
}
