import Foundation
import Testing
import VCKIR
import VCKLang
import VCKLower

/// The repository's examples folder.
let examplesDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("examples")

/// Reads `examples/<name>.vck`.
func exampleSource(_ name: String) throws -> String {
  try String(contentsOf: examplesDirectory.appendingPathComponent(name + ".vck"), encoding: .utf8)
}

struct CompileFailure: Error, CustomStringConvertible {
  var description: String
}

/// Checks and lowers every kernel of `source`.
func lowerKernels(_ source: String, path: String = "<test>") throws -> [String: Function] {
  let result = Frontend.check(source: source, path: path)
  guard let program = result.program else {
    throw CompileFailure(description: result.renderedDiagnostics())
  }
  var kernels: [String: Function] = [:]
  for function in try Lowering.lowerKernels(program) { kernels[function.name] = function }
  return kernels
}

/// Lowers the single kernel `name` of `source`.
func lowerKernel(_ source: String, _ name: String) throws -> Function {
  guard let function = try lowerKernels(source)[name] else {
    throw CompileFailure(description: "no kernel \(name)")
  }
  return function
}

/// The kernel after the pipeline for `level` (verifying after every pass).
func optimise(_ function: Function, _ level: OptimizationLevel) throws -> Function {
  var result = function
  var manager = PassManager.pipeline(for: level)
  manager.verifiesEachPass = true
  try manager.run(on: &result)
  return result
}

/// Runs `function` at -O0 and at -O2 on the same inputs, checks that both give the same
/// buffers, and returns them.
func runBothLevels(
  _ function: Function, qpus: Int = 2, grid: [Int]? = nil, arguments: [KernelArgument],
  buffers: [[UInt32]]
) throws -> [[UInt32]] {
  var results: [[[UInt32]]] = []
  for level in OptimizationLevel.allCases {
    var memory = buffers
    var interpreter = Interpreter(function: try optimise(function, level), qpuCount: qpus)
    interpreter.grid = grid
    try interpreter.run(arguments: arguments, buffers: &memory)
    results.append(memory)
  }
  #expect(results[0] == results[1], "-O0 and -O2 disagree for \(function.name)")
  return results[1]
}

func floats(_ words: [UInt32]) -> [Float] { words.map { Float(bitPattern: $0) } }
func words(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

/// Instructions of the blocks inside loops.
func loopInstructions(_ function: Function) -> [Instruction] {
  let inLoop = LoopAnalysis.loops(in: function).reduce(into: Set<BlockID>()) {
    $0.formUnion($1.blocks)
  }
  return function.blocks.filter { inLoop.contains($0.id) }.flatMap(\.instructions)
}
