import Foundation
import Testing
import VCKIR
import VCKLang
import VCKLower

@testable import QPUBackend

/// Grid-stride loops, which lowering splits into a uniform main loop (several copies of
/// the body per vote) and a masked remainder: the interpreter, the emulator and a host
/// model of the source agree, for random trip counts (n not a multiple of 16 × QPUs),
/// QPU counts, starts and steps.
@Suite struct GridStrideLoopTests {
  static let source = """
    kernel summation(n: u32, src: *u32, dst: *u32) {
        var acc: u32 = 0
        for i in gid() ..< n step gsize() { acc += src[i] }
        dst[gid()] = acc
    }
    kernel scopy(n: u32, x: *u32, y: *u32) {
        for i in gid() ..< n step gsize() { y[i] = x[i] }
    }
    kernel memset(n: u32, dst: *u32, value: u32) {
        for i in gid() ..< n step gsize() { dst[i] = value }
    }
    kernel branchy(n: u32, x: *u32, y: *u32) {
        for i in gid() ..< n step gsize() {
            let v = x[i]
            if v % 3 == 0 { y[i] = v * 2 } else { y[i] = v + 7 }
        }
    }
    kernel offset(n: u32, x: *u32, y: *u32) {
        for i in gid() * 3 + 1 ..< n step 5 { y[i] = x[i] + i }
    }
    kernel signed(n: i32, x: *u32, y: *u32) {
        for i in i32(gid()) ..< n step i32(gsize()) { y[u32(i)] = x[u32(i)] ^ 1 }
    }
    kernel nested(n: u32, x: *u32, y: *u32) {
        for i in gid() ..< n step gsize() {
            var steps: u32 = 0
            var v = x[i]
            while v > 1 {
                if steps > 5 { break }
                v = v / 2
                steps += 1
            }
            y[i] = steps
        }
    }
    kernel update(n: u32, x: *u32, y: *u32) {
        for i in gid() ..< n step gsize() { y[i] = x[i] * 3 + y[i] }
    }
    kernel reread(n: u32, x: *u32, y: *u32) {
        for i in gid() ..< n step gsize() {
            y[i] = x[i] + 1
            x[i] = y[i] * 2
        }
    }
    kernel neighbours(n: u32, x: *u32, y: *u32) {
        for i in gid() ..< n step gsize() { y[i] = x[i] + x[i + 1] }
    }
    """

  static let kernelNames = [
    "summation", "scopy", "memset", "branchy", "offset", "signed", "nested", "update", "reread",
    "neighbours",
  ]

  static func functions() throws -> [String: Function] {
    let result = Frontend.check(source: source, path: "grid-stride.vck")
    guard let program = result.program, !result.hasErrors else {
      throw BackendError("does not check: \(result.renderedDiagnostics())")
    }
    var functions: [String: Function] = [:]
    for function in try Lowering.lowerKernels(program) { functions[function.name] = function }
    return functions
  }

  /// What the source says, computed on the host: `y[i]` for the copying kernels, the
  /// partial sums for summation.
  static func expected(
    _ name: String, n: UInt32, lanes: Int, x: [UInt32], y: [UInt32], value: UInt32
  ) -> [UInt32] {
    var x = x
    var y = y
    func each(startScale: Int = 1, startOffset: Int = 0, step: Int, _ body: (Int) -> Void) {
      for lane in 0..<lanes {
        var i = lane * startScale + startOffset
        while i < Int(n) {
          body(i)
          i += step
        }
      }
    }
    switch name {
    case "summation":
      for lane in 0..<lanes {
        var acc: UInt32 = 0
        var i = lane
        while i < Int(n) {
          acc &+= x[i]
          i += lanes
        }
        y[lane] = acc
      }
    case "scopy": each(step: lanes) { y[$0] = x[$0] }
    case "memset": each(step: lanes) { y[$0] = value }
    case "branchy":
      each(step: lanes) { i in
        y[i] = x[i] % 3 == 0 ? x[i] &* 2 : x[i] &+ 7
      }
    case "offset": each(startScale: 3, startOffset: 1, step: 5) { y[$0] = x[$0] &+ UInt32($0) }
    case "signed": each(step: lanes) { y[$0] = x[$0] ^ 1 }
    case "nested":
      each(step: lanes) { i in
        var steps: UInt32 = 0
        var v = x[i]
        while v > 1 && steps <= 5 {
          v /= 2
          steps += 1
        }
        y[i] = steps
      }
    case "update": each(step: lanes) { y[$0] = x[$0] &* 3 &+ y[$0] }
    case "reread":
      each(step: lanes) { i in
        y[i] = x[i] &+ 1
        x[i] = y[i] &* 2
      }
    case "neighbours": each(step: lanes) { y[$0] = x[$0] &+ x[$0 + 1] }
    default: break
    }
    return name == "reread" ? x + y : y
  }

  @Test func gridStrideLoopsMatchTheSource() throws {
    let functions = try Self.functions()
    var generator = SplitMix(seed: 0x6772_6964)
    var failures: [String] = []
    for trial in 0..<40 {
      let name = Self.kernelNames[trial % Self.kernelNames.count]
      guard let function = functions[name] else {
        failures.append("no kernel \(name)")
        continue
      }
      let qpus = Int.random(in: 1...3, using: &generator)
      let lanes = 16 * qpus
      // Trip counts around multiples of the grid and of the main loop's copies (up to 16:
      // the main loop runs once n ≥ 16 × lanes).
      let n = UInt32.random(in: 0...UInt32(lanes * 40), using: &generator)
      let size = Int(n) + 64
      let x = (0..<size).map { _ in UInt32.random(in: 0...1000, using: &generator) }
      let y = [UInt32](repeating: 0xDEAD_BEEF, count: max(size, lanes))
      let value = UInt32.random(in: .min ... .max, using: &generator)
      let arguments: [KernelArgument] =
        name == "memset"
        ? [.u32(n), .buffer(1), .u32(value)] : [.u32(n), .buffer(0), .buffer(1)]
      let run = try EmulatorHarness.run(
        function, arguments: arguments, buffers: [x, y], qpus: qpus,
        options: BackendOptions(scheduling: trial % 4 == 3 ? .naive : .list))
      let want = Self.expected(name, n: n, lanes: lanes, x: x, y: y, value: value)
      if run.emulated != run.interpreted {
        failures.append("\(name) n \(n) qpus \(qpus): emulator and interpreter differ")
      }
      let got = name == "reread" ? run.interpreted[0] + run.interpreted[1] : run.interpreted[1]
      if got != want {
        failures.append("\(name) n \(n) qpus \(qpus): result differs from the source")
      }
      if !run.statistics.warnings.isEmpty {
        failures.append("\(name): warnings \(run.statistics.warnings)")
      }
    }
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
  }

  /// The grid-stride loop's main loop branches on one flag push of `i < bound`: no 0/1
  /// mask, and its loads are issued several at a time.
  @Test func mainLoopIsUniformAndUnrolled() throws {
    let functions = try Self.functions()
    var summation = try #require(functions["summation"])
    try PassManager.pipeline(for: .full).run(on: &summation)
    let text = Printer.print(summation)
    #expect(text.components(separatedBy: "load ").count - 1 >= 8, "\(text)")
    #expect(text.contains("all "), "\(text)")
  }
}
