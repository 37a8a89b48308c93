import Foundation
import Testing
import VCK

/// vckc's modes and listings, and `vck disasm` of an artifact (issue 16, rough edges).
@Suite struct CompilerOutputCommandTests {
  static let examples = ExampleRunCommandTests.examples

  func twoKernels() throws -> String {
    let path = ToolRunner.temporaryPath("two.vck")
    try """
    kernel first(n: u32, dst: *u32) { dst[gid()] = n }
    kernel second(n: u32, dst: *u32) { dst[gid()] = n + 1 }
    """.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func theModeListNamesEveryMode() throws {
    let result = try ToolRunner.run("vckc", [RunCommandTests.saxpy])
    #expect(result.status == 64)
    #expect(
      result.standardError.hasPrefix(
        "Error: choose an output mode: --check, --emit-ast, --emit-ir, -S, --stats or -o FILE.vckb"
      ))
  }

  /// `--check` compiles every kernel too (issue 16: a limit only compilation finds is
  /// reported by `--check`); every example passes it silently.
  @Test func checkCompilesEveryExampleKernel() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path)
      .filter { $0.hasSuffix(".vck") }.sorted().map {
        Self.examples.appendingPathComponent($0).path
      }
    let result = try ToolRunner.run("vckc", ["--check"] + files)
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardError.isEmpty && result.standardOutput.isEmpty)
    let unknown = try ToolRunner.run("vckc", ["--check", "--kernel", "third", try twoKernels()])
    #expect(unknown.status == 1)
    #expect(unknown.standardError.contains("no kernel named 'third'"))
  }

  /// `--stats` prints one line per loop of the generated code, with its source line.
  @Test func statsListTheLoops() throws {
    let path = Self.examples.appendingPathComponent("saxpy.vck").path
    let result = try ToolRunner.run("vckc", ["--stats", path])
    #expect(result.status == 0, "\(result.standardError)")
    let loops = result.standardOutput.split(separator: "\n").filter {
      $0.hasPrefix("// loop at 0x")
    }
    #expect(!loops.isEmpty)
    #expect(loops.allSatisfy { $0.contains("(line ") && $0.contains("instructions, ") })
  }

  @Test func kernelSelectsWhatDashSStatsAndIRPrint() throws {
    let path = try twoKernels()
    for mode in ["-S", "--stats"] {
      let result = try ToolRunner.run("vckc", [mode, "--kernel", "second", path])
      #expect(result.status == 0, "\(result.standardError)")
      #expect(result.standardOutput.contains("// kernel second"))
      #expect(!result.standardOutput.contains("// kernel first"))
    }
    let ir = try ToolRunner.run("vckc", ["--emit-ir", "--kernel", "first", path])
    #expect(ir.standardOutput.contains("first") && !ir.standardOutput.contains("second"))
    let unknown = try ToolRunner.run("vckc", ["-S", "--kernel", "third", path])
    #expect(unknown.status == 1)
    #expect(unknown.standardError.contains("no kernel named 'third' (kernels: first, second)"))
  }

  /// `vckc -S --plain` of every example kernel assembles, with `vck asm`, to exactly the
  /// words the compiler made.
  @Test func plainListingsAssembleToTheSameWords() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path)
      .filter { $0.hasSuffix(".vck") }.sorted()
    var checked = 0
    for file in files {
      let path = Self.examples.appendingPathComponent(file).path
      let source = try String(contentsOfFile: path, encoding: .utf8)
      let names = source.split(separator: "\n").compactMap { line -> String? in
        guard line.hasPrefix("kernel ") else { return nil }
        return String(line.dropFirst(7).prefix { $0.isLetter || $0.isNumber || $0 == "_" })
      }
      for name in names {
        let listing = try ToolRunner.run("vckc", ["-S", "--plain", "--kernel", name, path])
        #expect(listing.status == 0, "\(file) \(name): \(listing.standardError)")
        #expect(!listing.standardOutput.contains("/*"))
        let assembled = try ToolRunner.run("vck", ["asm"], input: listing.standardOutput)
        #expect(assembled.status == 0, "\(file) \(name): \(assembled.standardError)")
        let words = assembled.standardOutput.split(separator: "\n").map {
          UInt64($0.dropFirst(2), radix: 16)
        }
        let compiled = try Compiler.compile(source: source, path: path, kernel: name)
        #expect(words == compiled.words.map { $0 }, "\(file) \(name)")
        checked += 1
      }
    }
    #expect(checked >= 8)
    let plainWithoutS = try ToolRunner.run("vckc", ["--plain", "--stats", RunCommandTests.saxpy])
    #expect(plainWithoutS.status == 64)
  }

  @Test func disasmListsAnArtifact() throws {
    let artifact = ToolRunner.temporaryPath("saxpy.vckb")
    let compile = try ToolRunner.run("vckc", [RunCommandTests.saxpy, "-o", artifact])
    #expect(compile.status == 0)
    let result = try ToolRunner.run("vck", ["disasm", artifact])
    #expect(result.status == 0, "\(result.standardError)")
    let lines = result.standardOutput.split(separator: "\n")
    #expect(lines.first?.hasSuffix("VCK kernel artifact") == true)
    #expect(lines.dropFirst().first == "// kernel saxpy(n: u32, a: f32, x: *f32, y: *f32)")
    #expect(result.standardOutput.contains("prologue:"))
    #expect(result.standardOutput.contains("fmul"))
    #expect(result.standardOutput.unicodeScalars.allSatisfy { $0 == "\n" || $0.value >= 0x20 })
    #expect(result.standardError.isEmpty)
    // A damaged artifact is named as such.
    var bytes = try Data(contentsOf: URL(fileURLWithPath: artifact))
    bytes[bytes.count / 2] ^= 0xFF
    let damaged = ToolRunner.temporaryPath("damaged.vckb")
    try bytes.write(to: URL(fileURLWithPath: damaged))
    let refused = try ToolRunner.run("vck", ["disasm", damaged])
    #expect(refused.status != 0)
    #expect(refused.standardError.hasPrefix("\(damaged): error:"))
  }
}
