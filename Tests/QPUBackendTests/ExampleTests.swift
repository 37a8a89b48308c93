import Foundation
import QPUISA
import Testing
import VCKIR
import VCKLang
import VCKLower

@testable import QPUBackend

/// Every example kernel compiles with both schedulers, validates, and produces on the
/// emulator exactly what the interpreter produces.
@Suite struct ExampleTests {
  static let examplesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples")

  static var exampleFiles: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: examplesDirectory.path)) ?? []
    return names.filter { $0.hasSuffix(".vck") }.sorted()
  }

  static func kernels(_ name: String, level: OptimizationLevel = .full) throws -> [Function] {
    let source = try String(
      contentsOf: examplesDirectory.appendingPathComponent(name), encoding: .utf8)
    let result = Frontend.check(source: source, path: name)
    guard let program = result.program, !result.hasErrors else {
      throw BackendError("\(name) does not check: \(result.renderedDiagnostics())")
    }
    return try Lowering.lowerKernels(program).map { function in
      var optimised = function
      try PassManager.pipeline(for: level).run(on: &optimised)
      return optimised
    }
  }

  @Test func examplesExist() {
    #expect(Self.exampleFiles.count >= 5)
  }

  @Test(arguments: exampleFiles)
  func exampleCompilesAndValidates(_ name: String) throws {
    for function in try Self.kernels(name) {
      for scheduling in BackendOptions.Scheduling.allCases {
        let kernel = try Backend.compile(function, options: BackendOptions(scheduling: scheduling))
        let instructions = try kernel.words.map { try QPUISA.Instruction(decoding: $0) }
        #expect(ProgramValidator().violations(in: instructions).isEmpty)
        print("\(name) @\(function.name) \(scheduling): \(kernel.statistics)")
      }
    }
  }
}

extension ExampleTests {
  /// A small grid for grid kernels (x not a multiple of 16), nil for flat ones.
  static func grid(_ function: Function) -> [Int]? {
    function.gridDimensions == 0 ? nil : Array([21, 3, 2].prefix(function.gridDimensions))
  }

  /// Arguments for any kernel: every u32 scalar 32 (sizes, strides), i32 3, f32 1.5, and
  /// 1024-word buffers of small values of the element type.
  static func arguments(_ function: Function) -> ([KernelArgument], [[UInt32]]) {
    var arguments: [KernelArgument] = []
    var buffers: [[UInt32]] = []
    for (index, parameter) in function.parameters.enumerated() {
      switch parameter.kind {
      case .scalar(.f32): arguments.append(.f32(1.5))
      case .scalar(.i32): arguments.append(.i32(3))
      case .scalar: arguments.append(.u32(32))
      case .buffer(let element):
        arguments.append(.buffer(buffers.count))
        buffers.append(
          (0..<1024).map { i in
            let small = UInt32((i * 37 + index * 11) % 29)
            return element == .f32 ? (Float(small) * 0.25 - 2).bitPattern : small
          })
      }
    }
    return (arguments, buffers)
  }

  @Test(arguments: exampleFiles)
  func exampleRunsLikeTheInterpreter(_ name: String) throws {
    for function in try Self.kernels(name) {
      let (arguments, buffers) = Self.arguments(function)
      let run = try EmulatorHarness.run(
        function, arguments: arguments, buffers: buffers, qpus: 2, optimise: false,
        grid: Self.grid(function))
      #expect(run.emulated == run.interpreted, "\(name) @\(function.name)")
      #expect(run.interpreted != buffers, "\(name) @\(function.name) changes its buffers")
      #expect(run.statistics.warnings.isEmpty)
    }
  }

  /// The unoptimised lowering (more copies, constants and blocks) compiles and runs too.
  @Test(arguments: exampleFiles)
  func unoptimisedExampleRunsLikeTheInterpreter(_ name: String) throws {
    for function in try Self.kernels(name, level: .none) {
      let (arguments, buffers) = Self.arguments(function)
      for scheduling in BackendOptions.Scheduling.allCases {
        let run = try EmulatorHarness.run(
          function, arguments: arguments, buffers: buffers, qpus: 2,
          options: BackendOptions(scheduling: scheduling), optimise: false,
          grid: Self.grid(function))
        #expect(run.emulated == run.interpreted, "\(name) @\(function.name) -O0 \(scheduling)")
      }
    }
  }
}
