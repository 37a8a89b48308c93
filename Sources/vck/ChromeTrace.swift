import Foundation
import QPUEmulator

/// A timeline as a Chrome trace-event file (JSON object format): one process
/// per QPU, one thread per thread slot, one complete ("X") event per interval;
/// times in microseconds of modelled Pi 4 time.
enum ChromeTrace {
  static func json(_ timeline: Timeline, clockHz: Double) -> String {
    var events: [String] = []
    var slots = Set<Int>()
    for interval in timeline.intervals { slots.insert(interval.qpu << 2 | interval.slot) }
    for key in slots.sorted() {
      let qpu = key >> 2
      let slot = key & 3
      events.append(
        "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":\(qpu),\"args\":{\"name\":\"QPU \(qpu)\"}}"
      )
      events.append(
        "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":\(qpu),\"tid\":\(slot),"
          + "\"args\":{\"name\":\"thread \(slot)\"}}")
    }
    let microseconds = 1e6 / clockHz
    for interval in timeline.intervals {
      let start = Double(interval.start) * microseconds
      let duration = Double(interval.end - interval.start) * microseconds
      events.append(
        "{\"ph\":\"X\",\"name\":\"\(interval.state.rawValue)\",\"cat\":\"qpu\","
          + "\"pid\":\(interval.qpu),\"tid\":\(interval.slot),"
          + "\"ts\":\(String(format: "%.4f", start)),\"dur\":\(String(format: "%.4f", duration)),"
          + "\"args\":{\"batch\":\(interval.batch)}}")
    }
    return "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n" + events.joined(separator: ",\n")
      + "\n]}\n"
  }

  /// Writes the trace file, and a line on standard error saying how much it holds.
  static func write(_ timeline: Timeline, clockHz: Double, to path: String) throws {
    let text = json(timeline, clockHz: clockHz)
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
      throw failure("error: cannot write '\(path)'")
    }
    printError(
      "timeline: \(timeline.intervals.count) intervals written to \(path)"
        + (timeline.dropped > 0 ? " (\(timeline.dropped) later ones dropped at the limit)" : ""))
  }
}
