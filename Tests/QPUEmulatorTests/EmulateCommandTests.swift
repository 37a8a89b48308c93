import Foundation
import QPUISA
import Testing

@testable import QPUEmulator

/// `vck emulate` end to end: a raw memory image, the seven CSD words, the
/// memory written back, JSON statistics, errors with a non-zero status.
@Suite struct EmulateCommandTests {
  static let base: UInt32 = 0x1000_0000
  static let uniformOffset = 0x4000
  static let dataOffset = 0x8000

  /// An image with code at base, uniforms at +0x4000 and data at +0x8000.
  static func image(code: [UInt64], uniforms: [UInt32], data: [UInt32] = []) -> Data {
    var bytes = [UInt8](repeating: 0, count: dataOffset + 0x2000)
    for (index, byte) in Harness.bytes(code).enumerated() { bytes[index] = byte }
    for (index, byte) in Harness.bytes(uniforms).enumerated() {
      bytes[uniformOffset + index] = byte
    }
    for (index, byte) in Harness.bytes(data).enumerated() { bytes[dataOffset + index] = byte }
    return Data(bytes)
  }

  static func words(_ data: Data, at offset: Int, count: Int) -> [UInt32] {
    (0..<count).map { index in
      (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[offset + 4 * index + $1]) << (8 * $1) }
    }
  }

  static func configuration(batches: Int) -> String {
    "0x10000,0x10000,0x10000,0xF010,\(batches - 1),0x\(String(base, radix: 16)),"
      + "\(base + UInt32(uniformOffset))"
  }

  static func write(_ data: Data) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "vck-emulate-\(UUID().uuidString).bin"
    ).path
    FileManager.default.createFile(atPath: path, contents: data)
    return path
  }

  static func vck(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var executable = URL(fileURLWithPath: ".build/debug/vck")
    while directory.pathComponents.count > 1 {
      directory.deleteLastPathComponent()
      let candidate = directory.appendingPathComponent("vck")
      if FileManager.default.isExecutableFile(atPath: candidate.path) {
        executable = candidate
        break
      }
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = ["emulate"] + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: outData, as: UTF8.self),
      String(decoding: errData, as: UTF8.self)
    )
  }

  @Test func runsASummationJobAndWritesMemoryAndJSON() throws {
    let job = SummationJob(chunksPerQPU: 4, dataBase: Self.base + UInt32(Self.dataOffset))
    let code = try Assembler.assemble(job.source).words
    let input = Self.write(Self.image(code: code, uniforms: job.uniforms, data: job.data))
    let output = input + ".out"
    let run = try Self.vck([
      "--memory", input, "--base", "0x10000000", "--csd-cfg", Self.configuration(batches: 8),
      "--out", output, "--json",
    ])
    #expect(run.status == 0, "\(run.err)")
    let result = try #require(FileManager.default.contents(atPath: output))
    let partials = Self.words(result, at: Self.dataOffset, count: 128)
    #expect(partials.reduce(0, &+) == job.data.reduce(0, &+))
    // The input file is untouched when --out is given.
    #expect(
      Self.words(
        try #require(FileManager.default.contents(atPath: input)), at: Self.dataOffset, count: 128)
        == Array(repeating: 0, count: 128))
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
    let total = try #require(json["instructions"] as? Int)
    let qpus = try #require(json["qpus"] as? [[String: Any]])
    #expect(qpus.count == 8)
    #expect(qpus.compactMap { $0["instructions"] as? Int }.reduce(0, +) == total)
    #expect((json["cycles"] as? Int ?? 0) > 0)
    #expect(run.err.contains("warning:"))  // the py-videocore6 tmua + ldtmu pairing
  }

  @Test func timingModelOnlyWhenItsFiguresAreAskedFor() throws {
    let job = SummationJob(chunksPerQPU: 4, dataBase: Self.base + UInt32(Self.dataOffset))
    let code = try Assembler.assemble(job.source).words
    let input = Self.write(Self.image(code: code, uniforms: job.uniforms, data: job.data))
    let arguments = [
      "--memory", input, "--base", "0x10000000", "--csd-cfg", Self.configuration(batches: 8),
    ]
    var outputs: [Data] = []
    for (index, options) in [["--json"], [], ["--threads", "1"], ["--no-timing", "--json"]]
      .enumerated()
    {
      let output = input + ".out\(index)"
      let run = try Self.vck(arguments + ["--out", output] + options)
      #expect(run.status == 0, "\(run.err)")
      outputs.append(try #require(FileManager.default.contents(atPath: output)))
      guard options.contains("--no-timing") else { continue }
      // Without the model --json says the modelled figures are absent, not zero.
      let json = try #require(
        try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
      #expect(json["modelled_seconds"] is NSNull && json["timing"] is NSNull)
      #expect(json["cycles"] is NSNull)
      #expect((json["instructions"] as? Int ?? 0) > 0)
    }
    #expect(outputs.allSatisfy { $0 == outputs[0] })
    for bad in [["--threads", "9"], ["--no-timing", "--timeline", input + ".json"]] {
      let run = try Self.vck(arguments + bad)
      #expect(run.status != 0)
      #expect(run.err.lowercased().contains("error"))
    }
  }

  @Test func writesBackToTheMemoryFileByDefault() throws {
    let source = """
      eidx r1 ; nop ; ldunif
      shl r1, r1, 2
      mov tmud, r1
      add tmua, r5, r1
      tmuwt -

      """ + Harness.end
    let code = try Assembler.assemble(source).words
    let path = Self.write(Self.image(code: code, uniforms: [Self.base + UInt32(Self.dataOffset)]))
    let run = try Self.vck([
      "--memory", path, "--base", "268435456", "--csd-cfg", Self.configuration(batches: 1),
    ])
    #expect(run.status == 0, "\(run.err)")
    #expect(run.out.isEmpty)
    let result = try #require(FileManager.default.contents(atPath: path))
    #expect(Self.words(result, at: Self.dataOffset, count: 16) == (0..<16).map { UInt32($0 * 4) })
  }

  @Test func faultsExitNonZeroAndLeaveMemoryUnwritten() throws {
    let source = """
      eidx r1 ; nop ; ldunif
      shl r1, r1, 2
      mov tmud, r1
      add tmua, r5, r1
      tmuwt -

      """ + Harness.end
    let code = try Assembler.assemble(source).words
    let image = Self.image(code: code, uniforms: [0x9000_0000])
    let path = Self.write(image)
    let run = try Self.vck([
      "--memory", path, "--base", "0x10000000", "--csd-cfg", Self.configuration(batches: 1),
    ])
    #expect(run.status != 0)
    #expect(run.err.hasPrefix("error: QPU 0 thread 0"))
    #expect(run.err.contains("lane 0, address 0x90000000"))
    #expect(FileManager.default.contents(atPath: path) == image)
  }

  @Test func strictModeAndItsSwitch() throws {
    let source = "mov recip, r1\nmov r0, r4\n" + Harness.end
    let code = try Assembler.assemble(source).words
    let path = Self.write(Self.image(code: code, uniforms: []))
    let arguments = [
      "--memory", path, "--base", "0x10000000", "--csd-cfg", Self.configuration(batches: 1),
    ]
    let strict = try Self.vck(arguments)
    #expect(strict.status != 0)
    #expect(strict.err.contains("r4 read in the instruction right after an SFU start"))
    let relaxed = try Self.vck(arguments + ["--no-strict"])
    #expect(relaxed.status == 0, "\(relaxed.err)")
  }

  @Test func budgetAndTrace() throws {
    let code = try Assembler.assemble("loop:\nb loop\nnop\nnop\nnop").words
    let path = Self.write(Self.image(code: code, uniforms: []))
    let trace = path + ".trace"
    let run = try Self.vck([
      "--memory", path, "--base", "0x10000000", "--csd-cfg", Self.configuration(batches: 1),
      "--max-instructions", "40", "--trace", trace,
    ])
    #expect(run.status != 0)
    #expect(run.err.contains("instruction budget exceeded"))
    let lines = String(
      decoding: FileManager.default.contents(atPath: trace) ?? Data(), as: UTF8.self
    )
    .split(separator: "\n")
    #expect(lines.count == 40)
    #expect(lines.first?.contains("0x10000000") == true)
  }

  @Test(arguments: [
    ["--base", "0x10000000", "--csd-cfg", "1,2,3"],
    ["--base", "zzz", "--csd-cfg", "0,0,0,0,0,0,0"],
    ["--base", "0x10000000", "--csd-cfg", "0,0,0,0,0,0x20000000,0"],
    ["--base", "0xFFFFFFF0", "--csd-cfg", "0,0,0,0,0,0,0"],
  ])
  func badArgumentsAreErrors(_ arguments: [String]) throws {
    let path = Self.write(Self.image(code: [], uniforms: []))
    let run = try Self.vck(["--memory", path] + arguments)
    #expect(run.status != 0)
    #expect(run.err.lowercased().contains("error"))
  }

  @Test func missingMemoryFileIsAnError() throws {
    let run = try Self.vck([
      "--memory", "/nonexistent/image.bin", "--base", "0", "--csd-cfg", "0,0,0,0,0,0,0",
    ])
    #expect(run.status != 0)
    #expect(run.err.contains("cannot read memory file"))
  }
}
