// Scaling benchmark: how compile time grows with kernel size. For each shape (straight
// line, many live values, an else-if chain, loops in sequence, nested loops) and sizes
// doubling, the time of each stage (front end, lowering, the -O2 passes, the backend),
// the slowest pass, and the growth exponent fitted over the last three doublings
// (time ∝ size^k; 1 is linear, 2 quadratic). Minimum of several runs per point.
//
//   cd Benchmarks && swift run -c release ScalingBenchmark [--shape NAME] [--repeats N]
//                                                          [--max-size N] [--no-backend]
import Foundation
import QPUBackend
import VCKIR
import VCKLang
import VCKLower

/// The value of `--name N` on the command line, or `fallback`.
func option(_ name: String) -> String? {
  let arguments = CommandLine.arguments
  guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count else {
    return nil
  }
  return arguments[index + 1]
}

let repeats = option("repeats").flatMap(Int.init) ?? 3
let maximumSize = option("max-size").flatMap(Int.init) ?? Int.max
let runsBackend = !CommandLine.arguments.contains("--no-backend")
let shapes =
  option("shape").map { name in Shape.allCases.filter { $0.rawValue == name } }
  ?? Shape.allCases
if shapes.isEmpty {
  print("unknown shape; choose one of: " + Shape.allCases.map(\.rawValue).joined(separator: ", "))
  exit(2)
}

/// The times of one compile, in seconds, and what the backend said.
struct Measurement {
  var frontEnd = Double.infinity
  var lowering = Double.infinity
  var passes = Double.infinity
  var slowestPass = ("", 0.0)
  var backend: Double? = nil
  var backendError: String? = nil
  var compiledInstructions: Int? = nil

  /// The time up to optimised IR (what `vckc --emit-ir` does).
  var throughIR: Double { frontEnd + lowering + passes }
}

func seconds(_ duration: Duration) -> Double {
  let (whole, fraction) = duration.components
  return Double(whole) + Double(fraction) * 1e-18
}

/// Compiles `source` once, timing every stage.
func compileOnce(_ source: String) -> Measurement {
  let clock = ContinuousClock()
  var result = Measurement()
  var start = clock.now
  let checked = Frontend.check(source: source)
  result.frontEnd = seconds(clock.now - start)
  guard let program = checked.program, let kernel = program.kernels.first else {
    result.backendError = "front end: " + checked.renderedDiagnostics().prefix(200)
    return result
  }
  do {
    start = clock.now
    var function = try Lowering.lower(program, kernel: kernel)
    result.lowering = seconds(clock.now - start)
    var manager = PassManager.pipeline(for: .full)
    manager.verifiesEachPass = false
    var passTimes: [String: Double] = [:]
    manager.timer = { name, duration in passTimes[name, default: 0] += seconds(duration) }
    start = clock.now
    try manager.run(on: &function)
    result.passes = seconds(clock.now - start)
    result.slowestPass = passTimes.max { $0.value < $1.value }.map { ($0.key, $0.value) } ?? ("", 0)
    guard runsBackend else { return result }
    start = clock.now
    do {
      let compiled = try Backend.compile(function)
      result.backend = seconds(clock.now - start)
      result.compiledInstructions = compiled.statistics.instructions
    } catch {
      result.backendError = "\(error)"
    }
  } catch {
    result.backendError = "\(error)"
  }
  return result
}

/// The minimum of each stage over `repeats` compiles (fewer when one compile is slow).
func measure(_ source: String) -> Measurement {
  var best = compileOnce(source)
  var runs = 1
  while runs < repeats && best.throughIR + (best.backend ?? 0) < 2 {
    let next = compileOnce(source)
    best.frontEnd = min(best.frontEnd, next.frontEnd)
    best.lowering = min(best.lowering, next.lowering)
    if next.passes < best.passes {
      best.passes = next.passes
      best.slowestPass = next.slowestPass
    }
    if let time = next.backend { best.backend = min(best.backend ?? time, time) }
    runs += 1
  }
  return best
}

/// The least-squares slope of log(time) against log(size): time ∝ size^slope.
func growthExponent(_ points: [(size: Int, time: Double)]) -> Double? {
  let usable = points.filter { $0.time > 0 && $0.time.isFinite }
  guard usable.count >= 2 else { return nil }
  let xs = usable.map { log2(Double($0.size)) }
  let ys = usable.map { log2($0.time) }
  let meanX = xs.reduce(0, +) / Double(xs.count)
  let meanY = ys.reduce(0, +) / Double(ys.count)
  var numerator = 0.0
  var denominator = 0.0
  for (x, y) in zip(xs, ys) {
    numerator += (x - meanX) * (y - meanY)
    denominator += (x - meanX) * (x - meanX)
  }
  return denominator > 0 ? numerator / denominator : nil
}

func milliseconds(_ value: Double?) -> String {
  guard let value, value.isFinite else { return "-" }
  return String(format: "%.1f", value * 1000)
}

func pad(_ text: String, _ width: Int) -> String {
  text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

print("Compile time by kernel size (ms, minimum of \(repeats) runs, -O2)")
for shape in shapes {
  let sizes = shape.defaultSizes.filter { $0 <= maximumSize }
  guard !sizes.isEmpty else { continue }
  print("")
  print("\(shape.rawValue):")
  print(
    pad("size", 7) + pad("front end", 11) + pad("lowering", 10) + pad("passes", 10)
      + pad("to IR", 10) + pad("backend", 10) + "  slowest pass")
  var rows: [(size: Int, measurement: Measurement)] = []
  for size in sizes {
    let measurement = measure(shape.source(size))
    rows.append((size, measurement))
    let backend =
      measurement.backend.map { milliseconds($0) }
      ?? (runsBackend ? "fails" : "-")
    print(
      pad("\(size)", 7) + pad(milliseconds(measurement.frontEnd), 11)
        + pad(milliseconds(measurement.lowering), 10) + pad(milliseconds(measurement.passes), 10)
        + pad(milliseconds(measurement.throughIR), 10) + pad(backend, 10)
        + "  \(measurement.slowestPass.0) \(milliseconds(measurement.slowestPass.1))")
    if let error = measurement.backendError {
      print("         error: " + String(error.split(separator: "\n").first ?? "").prefix(110))
    }
  }
  // Growth over the last three doublings (the last four sizes).
  let last = rows.suffix(4)
  func exponent(_ time: (Measurement) -> Double?) -> String {
    let points = last.compactMap { row in time(row.measurement).map { (row.size, $0) } }
    guard points.count == last.count, let value = growthExponent(points) else { return "-" }
    return String(format: "%.2f", value)
  }
  print(
    "  growth exponent over sizes \(last.first?.size ?? 0)–\(last.last?.size ?? 0): "
      + "front end \(exponent { $0.frontEnd }), lowering \(exponent { $0.lowering }), "
      + "passes \(exponent { $0.passes }), to IR \(exponent { $0.throughIR }), "
      + "backend \(exponent { $0.backend })")
}
