import Foundation
import Testing

@Suite struct RunCommandTests {
  static let saxpy = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/saxpy.vck").path

  func floats(_ values: [Float]) -> Data {
    var data = Data()
    for value in values {
      withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
    }
    return data
  }

  @Test func runsSaxpyFromSourceAndWritesTheOutput() throws {
    let x = ToolRunner.temporaryPath("x.bin")
    let y = ToolRunner.temporaryPath("y.bin")
    let out = ToolRunner.temporaryPath("out.bin")
    try floats((0..<40).map(Float.init)).write(to: URL(fileURLWithPath: x))
    try floats([Float](repeating: 1, count: 40)).write(to: URL(fileURLWithPath: y))
    let result = try ToolRunner.run(
      "vck",
      [
        "run", Self.saxpy, "--arg", "n=40", "--arg", "a=2.5", "--arg", "x=@\(x)", "--arg",
        "y=@\(y)", "--out", "y=\(out)", "--qpus", "4",
      ], environment: ["VCK_DEVICE": "emulator"])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardError.contains("device: QPU emulator"))
    let data = try Data(contentsOf: URL(fileURLWithPath: out))
    let values = stride(from: 0, to: data.count, by: 4).map { offset in
      Float(bitPattern: data[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) })
    }
    #expect(values == (0..<40).map { 2.5 * Float($0) + 1 })
  }

  @Test func wrongArgumentsAreRefusedBeforeRunning() throws {
    func error(_ arguments: [String]) throws -> String {
      let result = try ToolRunner.run(
        "vck", ["run", Self.saxpy] + arguments, environment: ["VCK_DEVICE": "emulator"])
      #expect(result.status != 0)
      #expect(!result.standardError.contains("device:"))
      return result.standardError
    }
    #expect(try error(["--arg", "n=4"]).contains("missing --arg a="))
    #expect(
      try error([
        "--arg", "n=4", "--arg", "a=1", "--arg", "x=zeros:4", "--arg", "y=zeros:4", "--arg", "z=1",
      ]).contains("no parameter 'z'"))
    #expect(
      try error(["--arg", "n=-4", "--arg", "a=1", "--arg", "x=zeros:4", "--arg", "y=zeros:4"])
        .contains("n is u32"))
    #expect(
      try error(["--arg", "n=4", "--arg", "a=1", "--arg", "x=4", "--arg", "y=zeros:4"]).contains(
        "x is a buffer"))
    #expect(
      try error([
        "--arg", "n=4", "--arg", "a=1", "--arg", "x=zeros:4", "--arg", "y=zeros:4", "--out",
        "n=/tmp/n",
      ]).contains("not a buffer parameter"))
  }
}

@Suite struct ArtifactCommandTests {
  @Test func vckcWritesAnArtifactThatVckRuns() throws {
    let artifact = ToolRunner.temporaryPath("saxpy.vckb")
    let compile = try ToolRunner.run("vckc", [RunCommandTests.saxpy, "-o", artifact])
    #expect(compile.status == 0, "\(compile.standardError)")
    let out = ToolRunner.temporaryPath("y.bin")
    let run = try ToolRunner.run(
      "vck",
      [
        "run", artifact, "--arg", "n=16", "--arg", "a=3", "--arg", "x=zeros:16", "--arg",
        "y=zeros:16", "--out", "y=\(out)",
      ], environment: ["VCK_DEVICE": "emulator"])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(count: 64))
    // A truncated artifact is refused with a reason.
    let bytes = try Data(contentsOf: URL(fileURLWithPath: artifact))
    let truncated = ToolRunner.temporaryPath("truncated.vckb")
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
    let refused = try ToolRunner.run(
      "vck", ["run", truncated], environment: ["VCK_DEVICE": "emulator"])
    #expect(refused.status != 0)
    #expect(refused.standardError.contains("corrupt or truncated"))
  }

  @Test func vckcReportsCompileErrorsForOutput() throws {
    let source = ToolRunner.temporaryPath("bad.vck")
    try "kernel k(n: u32) {\n  let x: f32 = n\n}\n".write(
      toFile: source, atomically: true, encoding: .utf8)
    let result = try ToolRunner.run("vckc", [source, "-o", ToolRunner.temporaryPath("bad.vckb")])
    #expect(result.status != 0)
    #expect(result.standardError.contains("\(source):2:"))
  }
}

@Suite struct AssemblyListingCommandTests {
  @Test func dashSAnnotatesTheCodeWithSourceLines() throws {
    let result = try ToolRunner.run("vckc", ["-S", RunCommandTests.saxpy])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.hasPrefix("// kernel saxpy:"))
    #expect(result.standardOutput.contains("// 3: for i in gid() ..< n step gsize() {"))
    #expect(result.standardOutput.contains("// 4: y[i] = a * x[i] + y[i]"))
    #expect(result.standardOutput.contains("fmul"))
  }
}

@Suite struct ExampleRunCommandTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")

  func words(_ values: [UInt32]) -> Data {
    var data = Data()
    for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    return data
  }

  func readWords(_ path: String) throws -> [UInt32] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return stride(from: 0, to: data.count, by: 4).map { offset in
      data[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
  }

  @Test func summationAndMemsetThroughVckRun() throws {
    let values = (0..<1000).map { UInt32($0 * 2_654_435_761 % 1_000_003) }
    let source = ToolRunner.temporaryPath("src.bin")
    try words(values).write(to: URL(fileURLWithPath: source))
    let partials = ToolRunner.temporaryPath("partials.bin")
    let summation = try ToolRunner.run(
      "vck",
      [
        "run", Self.examples.appendingPathComponent("summation.vck").path, "--arg", "n=1000",
        "--arg", "src=@\(source)", "--arg", "dst=zeros:128", "--out", "dst=\(partials)",
      ], environment: ["VCK_DEVICE": "emulator"])
    #expect(summation.status == 0, "\(summation.standardError)")
    #expect(try readWords(partials).reduce(0, &+) == values.reduce(0, &+))

    let filled = ToolRunner.temporaryPath("filled.bin")
    let memset = try ToolRunner.run(
      "vck",
      [
        "run", Self.examples.appendingPathComponent("memset.vck").path, "--arg", "n=300",
        "--arg", "dst=zeros:300", "--arg", "value=4242", "--out", "dst=\(filled)",
        "--qpus", "3",
      ], environment: ["VCK_DEVICE": "emulator"])
    #expect(memset.status == 0, "\(memset.standardError)")
    #expect(try readWords(filled) == [UInt32](repeating: 4242, count: 300))
  }

  /// Atomics through `vck run` on 8 QPUs (the 100,000-key run is in the README; this is
  /// kept small for debug builds). Few bins, so lanes and QPUs collide all the time.
  @Test func histogramWithAtomicsThroughVckRun() throws {
    var state: UInt32 = 77
    let keys = (0..<4000).map { _ -> UInt32 in
      state = state &* 1_664_525 &+ 1_013_904_223
      return state >> 26
    }
    let input = ToolRunner.temporaryPath("keys.bin")
    try words(keys).write(to: URL(fileURLWithPath: input))
    let output = ToolRunner.temporaryPath("counts.bin")
    let run = try ToolRunner.run(
      "vck",
      [
        "run", Self.examples.appendingPathComponent("histogram.vck").path, "--arg", "n=4000",
        "--arg", "keys=@\(input)", "--arg", "counts=zeros:256", "--out", "counts=\(output)",
        "--qpus", "8",
      ], environment: ["VCK_DEVICE": "emulator"])
    #expect(run.status == 0, "\(run.standardError)")
    var expected = [UInt32](repeating: 0, count: 256)
    for key in keys { expected[Int(key)] += 1 }
    #expect(try readWords(output) == expected)
  }

  /// A 2D kernel through `vck run --grid`, against the CPU; and the grid refusals.
  @Test func blurOverAGridThroughVckRun() throws {
    let (width, height) = (37, 3)
    let image = (0..<(width * height)).map { Float(($0 * 53) % 29) / 4 }
    let input = ToolRunner.temporaryPath("image.bin")
    try Data(image.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
      .write(to: URL(fileURLWithPath: input))
    let output = ToolRunner.temporaryPath("blurred.bin")
    let blur = Self.examples.appendingPathComponent("blur.vck").path
    let arguments = ["--arg", "src=@\(input)", "--arg", "dst=zeros:\(width * height)"]
    let run = try ToolRunner.run(
      "vck", ["run", blur, "--grid", "\(width)x\(height)", "--out", "dst=\(output)"] + arguments,
      environment: ["VCK_DEVICE": "emulator"])
    #expect(run.status == 0, "\(run.standardError)")
    #expect(run.standardError.contains("3x3x1 workgroups"), "\(run.standardError)")
    var expected = [Float](repeating: 0, count: width * height)
    for y in 0..<height {
      for x in 0..<width {
        var sum: Float = 0
        for dy in -1...1 {
          let row = min(max(y + dy, 0), height - 1)
          for dx in -1...1 { sum += image[row * width + min(max(x + dx, 0), width - 1)] }
        }
        expected[y * width + x] = sum * Float(1.0 / 9.0)
      }
    }
    #expect(try readWords(output) == expected.map(\.bitPattern))
    for (extra, mention) in [
      ([String](), "give --grid WIDTHxHEIGHT"), (["--grid", "37"], "2 extent(s), not 1"),
      (["--grid", "37x0"], "--grid"), (["--grid", "4x4", "--qpus", "2"], "without --qpus"),
    ] {
      let refused = try ToolRunner.run(
        "vck", ["run", blur] + extra + arguments, environment: ["VCK_DEVICE": "emulator"])
      #expect(refused.status != 0 && refused.standardError.contains(mention), "\(extra)")
    }
  }
}
