import Foundation
import QPUBackend
import QPUISA
import Testing
import V3DRuntime
import VCK

/// The code samples of the documentation catalogs (`Sources/*/*.docc`), run on the
/// emulator. This file imports `VCK` without `@testable`, so the samples use the
/// public API only. `documentationSamplesAreTested` checks that every Swift and `.vck`
/// code block of the catalogs appears here, so the documentation cannot drift from
/// the code that runs.
@Suite struct TutorialTests {
  /// The tutorial "Embed a kernel, compile, launch, read results"
  /// (`VCK.docc/EmbedCompileLaunch.md`), step by step.
  @Test func embedCompileLaunchReadResults() throws {
    // Step 1: embed the kernel.
    let source = """
      kernel saxpy(n: u32, a: f32, x: *f32, y: *f32) {
          for i in gid() ..< n step gsize() {
              y[i] = a * x[i] + y[i]
          }
      }
      """

    // Step 2: choose a device.
    let device = Device.emulator()

    // Step 3: compile.
    let saxpy = try device.compile(source: source, kernel: "saxpy")
    print(saxpy.parameters.map(\.name))  // ["n", "a", "x", "y"]

    // Step 4: make the buffers.
    let n = 1000
    let x = try device.makeBuffer((0..<n).map { Float($0) })
    let y = try device.makeBuffer([Float](repeating: 1, count: n))

    // Step 5: launch.
    let result = try saxpy.launch(UInt32(n), Float(2), x, y)

    // Step 6: read the results.
    let values = y.array
    print(values.prefix(4))  // [1.0, 3.0, 5.0, 7.0]
    print(result.seconds, result.counters["instructions"] ?? 0)

    #expect(values == (0..<n).map { 2 * Float($0) + 1 })
    #expect(Array(values.prefix(4)) == [1, 3, 5, 7])
    #expect(result.counters["instructions"] ?? 0 > 0)
    #expect(saxpy.parameters.map(\.name) == ["n", "a", "x", "y"])

    // Step 7: mistakes are errors, before anything runs.
    do {
      try saxpy.launch(Float(n), Float(2), x, y)
    } catch {
      print(error)  // argument 1 ('n') must be u32, got f32
    }
    #expect(throws: KernelLaunchError.self) { try saxpy.launch(Float(n), Float(2), x, y) }
    do {
      try saxpy.launch(Float(n), Float(2), x, y)
    } catch {
      #expect(error.description == "argument 1 ('n') must be u32, got f32")
    }
    #expect(y.array == values, "a refused launch must not run")

    let broken = "kernel broken(n: u32) {\n  let x: f32 = n\n}\n"
    do {
      _ = try device.compile(source: broken)
    } catch let error as CompileError {
      print(error.message)  // <source>:2:16: error: …, then the line and a caret
    }
    #expect(throws: CompileError.self) { try device.compile(source: broken) }
    do {
      _ = try device.compile(source: broken)
    } catch let error as CompileError {
      #expect(error.message.contains("<source>:2:16: error:"))
      #expect(!error.diagnostics.isEmpty)
    }

    // Step 8: launch asynchronously, on fewer QPUs.
    let arguments: [any KernelArgument] = [UInt32(n), Float(-2), x, y]
    let handle = try saxpy.launchAsync(arguments: arguments.map(\.kernelArgumentValue), qpus: 4)
    // The CPU is free here while the QPUs run.
    _ = try handle.wait()
    print(y.allSatisfy { $0 == 1 })  // true: y = -2 * x + (2 * x + 1)

    #expect(y.allSatisfy { $0 == 1 })
  }

  /// The landing page's first way: a kernel embedded in Swift, compiled at run time.
  @Test func justInTime() throws {
    let source = """
      kernel saxpy(n: u32, a: f32, x: *f32, y: *f32) {
          for i in gid() ..< n step gsize() {
              y[i] = a * x[i] + y[i]
          }
      }
      """
    let device = Device.emulator()  // or: try Device.default()
    let saxpy = try device.compile(source: source, kernel: "saxpy")
    let x = try device.makeBuffer([Float](repeating: 1, count: 64))
    let y = try device.makeBuffer([Float](repeating: 2, count: 64))
    try saxpy.launch(UInt32(64), Float(3), x, y)
    print(y[0])  // 5.0

    #expect(y.allSatisfy { $0 == 5 })

    // The cache: the same source and options compile once.
    let again = try device.compile(source: source, kernel: "saxpy")
    #expect(again.compiled.words == saxpy.compiled.words)
  }

  /// The landing page's second way: `vckc` ahead of time, then a `.vckb` loaded at
  /// run time. `vckc saxpy.vck -o saxpy.vckb` writes what `Compiler.compile` and
  /// `write(to:)` write; `Tests/VCKToolTests` runs `vckc` itself.
  @Test func aheadOfTime() throws {
    let source = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/saxpy.vck"), encoding: .utf8)
    let artifact = FileManager.default.temporaryDirectory.appendingPathComponent(
      "tutorial-saxpy-\(UUID()).vckb")
    defer { try? FileManager.default.removeItem(at: artifact) }

    let compiled = try Compiler.compile(source: source, path: "saxpy.vck", kernel: "saxpy")
    try compiled.write(to: artifact)

    let device = Device.emulator()
    let saxpy = try device.makeKernel(try CompiledKernel(contentsOf: artifact))
    let x = try device.makeBuffer([Float](repeating: 1, count: 64))
    let y = try device.makeBuffer([Float](repeating: 2, count: 64))
    try saxpy.launch(UInt32(64), Float(3), x, y)

    #expect(y.allSatisfy { $0 == 5 })

    // A damaged artifact is refused with the reason.
    let bytes = try Data(contentsOf: artifact)
    try bytes.prefix(40).write(to: artifact)
    do {
      _ = try CompiledKernel(contentsOf: artifact)
    } catch {
      print(error)  // the artifact is corrupt or truncated: checksum 0x… stored, 0x… computed
    }
    #expect(throws: ArtifactError.self) { try CompiledKernel(contentsOf: artifact) }
    do {
      _ = try CompiledKernel(contentsOf: artifact)
    } catch {
      #expect(error.description.hasPrefix("the artifact is corrupt or truncated"))
    }
  }

  /// The landing page's third way, and the V3DRuntime and QPUISA landing pages: QPU
  /// code written by hand, as text assembly or with `ProgramBuilder`.
  @Test func rawQPUAssembly() throws {
    let assembly = """
      nop ; nop ; ldunif            # r5 = uniform 0: the output address
      nop ; mov rf0, r5 ; ldunif    # rf0 = the address; r5 = uniform 1: k
      eidx r0                       # r0 = the lane number, 0…15
      add tmud, r0, r5              # the value to store: lane + k
      shl r1, r0, 2
      add tmua, rf0, r1             # its address, output + 4 × lane: starts the store
      tmuwt -                       # waits for the store
      nop ; nop ; thrsw             # the program's end: three thread switches
      nop ; nop ; thrsw
      nop
      nop
      nop ; nop ; thrsw
      nop
      nop
      nop
      """
    let device = Device.emulator()
    let output = try device.makeBuffer(of: UInt32.self, count: 16)
    let program = try device.makeProgram(assembly: assembly)
    let result = try device.launch(program, uniforms: [output.gpuAddress, 100], batches: 1)
    print(output.array)  // [100, 101, …, 115]

    #expect(output.array == (100..<116).map { UInt32($0) })
    #expect(result.warnings.isEmpty, "\(result.warnings)")

    var builder = ProgramBuilder()
    builder.nop(signals: .ldunif)
    builder.emit(.nop, .mov(.rf(0), .r5), signals: .ldunif)
    builder.emit(.eidx(.r0))
    builder.emit(.add(.tmud, .r0, .r5))
    builder.emit(.shl(.r1, .r0, 2))
    builder.emit(.add(.tmua, .rf(0), .r1))
    builder.emit(.tmuwt)
    builder.endProgram()
    let words = try builder.assemble().words

    let assembled = try Assembler.assemble(assembly)
    print(assembled.words == words)  // true: the same program

    #expect(assembled.words == words)
    #expect(words == program.words)

    for word in words.prefix(3) {
      print(try Instruction.disassemble(word))
    }
    #expect(try Instruction.disassemble(words[2]).hasPrefix("eidx r0"))
  }

  /// Every Swift and `.vck` code block of the catalogs, split at blank lines, appears
  /// in this file as consecutive lines (leading and trailing spaces aside).
  @Test func documentationSamplesAreTested() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    // The samples are run here, in the other test files of this folder (the article
    // "Kernels checked at build time": BuildTimeKernelTests.swift) and in
    // Tests/VCKPluginTests (kernels compiled by VCKPlugin).
    var testedLines: [String] = []
    for folder in ["Tests/VCKTests", "Tests/VCKPluginTests"] {
      let directory = root.appendingPathComponent(folder)
      for file in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
      where file.hasSuffix(".swift") {
        let text = try String(
          contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        testedLines += text.split(separator: "\n", omittingEmptySubsequences: false)
          .map { $0.trimmingCharacters(in: .whitespaces) }
      }
    }
    var checkedBlocks = 0
    func check(_ markdown: String, from origin: String) {
      for block in Self.codeBlocks(in: markdown, languages: ["swift", "vck"]) {
        checkedBlocks += 1
        for chunk in block where !Self.contains(testedLines, chunk) {
          let sample = chunk.joined(separator: "\n")
          Issue.record("\(origin): this sample is not in the tests:\n\(sample)")
        }
      }
    }

    let catalogs = [
      "Sources/VCK/VCK.docc", "Sources/V3DRuntime/V3DRuntime.docc",
      "Sources/QPUISA/QPUISA.docc",
    ]
    for catalog in catalogs {
      let directory = root.appendingPathComponent(catalog)
      let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        .filter { $0.hasSuffix(".md") }
      #expect(!files.isEmpty, "\(catalog) has no articles")
      for file in files {
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        check(text, from: "\(catalog)/\(file)")
      }
    }

    // The examples in the doc comments of the VCK module.
    let sources = root.appendingPathComponent("Sources/VCK")
    let enumerator = FileManager.default.enumerator(atPath: sources.path)
    while let file = enumerator?.nextObject() as? String {
      guard file.hasSuffix(".swift") else { continue }
      let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      let docComments = text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { line -> String in
          let trimmed = line.trimmingCharacters(in: .whitespaces)
          return trimmed.hasPrefix("///") ? String(trimmed.dropFirst(3)) : ""
        }
        .joined(separator: "\n")
      check(docComments, from: "Sources/VCK/\(file)")
    }
    #expect(checkedBlocks >= 20, "only \(checkedBlocks) code blocks found")
  }

  /// The code blocks in `languages`, each as its blank-line-separated chunks of
  /// trimmed lines.
  static func codeBlocks(in markdown: String, languages: Set<String>) -> [[[String]]] {
    var blocks: [[[String]]] = []
    var current: [[String]]?
    var chunk: [String] = []
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix("```") {
        if var block = current {
          if !chunk.isEmpty { block.append(chunk) }
          blocks.append(block)
          current = nil
        } else if languages.contains(String(trimmed.dropFirst(3))) {
          current = []
        }
        chunk = []
      } else if current != nil {
        if trimmed.isEmpty {
          if !chunk.isEmpty { current?.append(chunk) }
          chunk = []
        } else {
          chunk.append(trimmed)
        }
      }
    }
    return blocks
  }

  static func contains(_ lines: [String], _ chunk: [String]) -> Bool {
    guard !chunk.isEmpty, chunk.count <= lines.count else { return chunk.isEmpty }
    return (0...(lines.count - chunk.count)).contains { start in
      Array(lines[start..<start + chunk.count]) == chunk
    }
  }
}
