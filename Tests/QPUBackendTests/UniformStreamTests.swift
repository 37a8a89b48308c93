import QPUISA
import Testing
import VCKIR
import VCKLang
import VCKLower

@testable import QPUBackend

/// Uniform loads from read-only buffers go through the second uniform stream
/// (`unifa` + `ldunifarf`): one `unifa` write per run of consecutive words. The results
/// must equal the interpreter's, with both schedulers and with thread switches on loads.
@Suite struct UniformStreamTests {
  static let source = """
    // Row sums of a matrix read as uniform scalars (n columns from row start * n).
    kernel rows(n: u32, m: *f32, x: *f32, out: *f32) {
        var acc = x[gid()]
        unroll for row in 0 ..< 3 {
            unroll for k in 0 ..< 6 { acc += m[row * n + k] * x[lane() + k] }
        }
        out[gid()] = acc
    }
    // The same buffer is written: its loads stay on the TMU.
    kernel written(n: u32, m: *u32) {
        let v = m[n] + m[n + 1] + m[n + 2]
        m[gid()] = v
    }
    // Runs broken by a gap, a second buffer and a loop.
    kernel gaps(n: u32, a: *u32, b: *u32, out: *u32) {
        var sum = a[n] + a[n + 1] + b[n] + a[n + 3] + a[n + 4] + lane()
        for i in 0 ..< n % 4 { sum += a[i] * a[i + 1] }
        out[gid()] = sum
    }
    // A stream word feeds a product (through r5) and the next word a later lookup's
    // address: issuing that lookup early must not move the second word's read ahead of
    // the product that reads the first from r5.
    kernel forwarded(n: u32, m: *f32, index: *u32, x: *f32, out: *f32) {
        let product = m[n] * x[lane()]
        out[gid()] = product + x[index[n] + lane()]
    }
    """

  static func function(_ name: String) throws -> Function {
    let result = Frontend.check(source: source, path: "streams.vck")
    guard let program = result.program, !result.hasErrors else {
      throw BackendError("does not check: \(result.renderedDiagnostics())")
    }
    guard let function = try Lowering.lowerKernels(program).first(where: { $0.name == name })
    else { throw BackendError("no kernel \(name)") }
    return function
  }

  static func count(_ kernel: CompiledKernel) -> (unifa: Int, reads: Int) {
    var unifa = 0
    var reads = 0
    for word in kernel.words {
      guard case .alu(let alu)? = try? Instruction(decoding: word) else { continue }
      if alu.add.destination == .magic(.unifa) || alu.mul.destination == .magic(.unifa) {
        unifa += 1
      }
      if !alu.signals.intersection([.ldunifa, .ldunifarf]).isEmpty { reads += 1 }
    }
    return (unifa, reads)
  }

  static let optionSets: [BackendOptions] = [
    BackendOptions(scheduling: .list), BackendOptions(scheduling: .naive),
    BackendOptions(scheduling: .list, threadSwitching: .always, threadsPerQPU: 2),
  ]

  @Test(arguments: 0..<3)
  func rowSumsMatchTheInterpreter(options: Int) throws {
    let n = 7
    let matrix = (0..<(3 * n)).map { (Float($0) * 0.25 - 2).bitPattern }
    let x = (0..<48).map { (Float($0 % 11) - 5).bitPattern }
    let run = try EmulatorHarness.run(
      try Self.function("rows"), arguments: [.u32(UInt32(n)), .buffer(0), .buffer(1), .buffer(2)],
      buffers: [matrix, x, [UInt32](repeating: 0, count: 32)], qpus: 2,
      options: Self.optionSets[options])
    #expect(run.emulated == run.interpreted)
  }

  @Test func oneUnifaWritePerRun() throws {
    var rows = try Self.function("rows")
    try PassManager.pipeline(for: .full).run(on: &rows)
    let kernel = try Backend.compile(rows, options: BackendOptions())
    // Three rows of six consecutive words.
    #expect(Self.count(kernel) == (3, 18))

    var written = try Self.function("written")
    try PassManager.pipeline(for: .full).run(on: &written)
    #expect(Self.count(try Backend.compile(written, options: BackendOptions())) == (0, 0))
  }

  @Test(arguments: [0, 1, 2, 5, 6])
  func brokenRunsMatchTheInterpreter(n: Int) throws {
    let a = (0..<40).map { UInt32($0 * 7 + 3) }
    let b = (0..<40).map { UInt32($0 * 11 + 1) }
    for options in Self.optionSets {
      let run = try EmulatorHarness.run(
        try Self.function("gaps"),
        arguments: [.u32(UInt32(n)), .buffer(0), .buffer(1), .buffer(2)],
        buffers: [a, b, [UInt32](repeating: 0, count: 48)], qpus: 3, options: options)
      #expect(run.emulated == run.interpreted)
    }
    var gaps = try Self.function("gaps")
    try PassManager.pipeline(for: .full).run(on: &gaps)
    // a[n], a[n+1] | b[n] | a[n+3], a[n+4]; in the loop a[i] | a[i+1]: strength reduction
    // made each loop address its own induction variable, so they are not seen as adjacent.
    #expect(Self.count(try Backend.compile(gaps, options: BackendOptions())) == (5, 7))
  }

  /// LoadHoisting moves a lookup's address arithmetic, a stream read included, ahead of
  /// other work; `ldunifa` writes r5, so the read that came before it keeps its place.
  @Test func hoistedLookupKeepsForwardedWords() throws {
    let m = (0..<8).map { (Float($0) * 1.5 - 3).bitPattern }
    let index: [UInt32] = [5, 9, 2, 7, 0, 4, 1, 3]
    let x = (0..<40).map { (Float($0 % 13) - 6).bitPattern }
    for n in [1, 3] {
      let run = try EmulatorHarness.run(
        try Self.function("forwarded"),
        arguments: [.u32(UInt32(n)), .buffer(0), .buffer(1), .buffer(2), .buffer(3)],
        buffers: [m, index, x, [UInt32](repeating: 0, count: 32)], qpus: 2)
      #expect(run.emulated == run.interpreted)
    }
  }

  /// The differential test's random programs exercise the stream (so its bit-for-bit
  /// comparison covers it): most of the first 40 read some word through it.
  @Test func randomProgramsReadTheStream() throws {
    var reading = 0
    for seed in 1...40 {
      var function = RandomProgram.make(seed: UInt64(seed))
      try PassManager.pipeline(for: .full).run(on: &function)
      if Self.count(try Backend.compile(function, options: BackendOptions())).reads > 0 {
        reading += 1
      }
    }
    print("random programs reading the second uniform stream: \(reading) of 40")
    #expect(reading >= 10)
  }
}
