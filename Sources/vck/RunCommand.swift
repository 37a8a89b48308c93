import ArgumentParser
import Foundation
import QPUBackend
import V3DRuntime
import VCK
import VCKIR

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Compile (or load) a kernel and run it once.",
    discussion: """
      Scalar parameters take a number (--arg n=1024, --arg a=2.5). Buffer parameters take \
      @FILE (raw little-endian elements of the parameter's type) or zeros:COUNT. --out \
      NAME=FILE writes a buffer's final contents to FILE. The device and the time go to \
      standard error; a wrong name, type or count is an error before anything runs.
      """)

  @Argument(help: "A .vck source file or a .vckb artifact.")
  var file: String

  @Option(help: "The kernel to run (required when the file has several).")
  var kernel: String?

  @Option(help: "QPU batches to launch (1…16).")
  var qpus = 8

  @Option(name: .customLong("arg"), help: "A parameter value: NAME=VALUE.")
  var arguments: [String] = []

  @Option(name: .customLong("out"), help: "Write a buffer parameter to a file: NAME=FILE.")
  var outputs: [String] = []

  func run() throws {
    do {
      try execute()
    } catch let error as ExitCode {
      throw error
    } catch {
      throw failure("error: \(error)")
    }
  }

  private func execute() throws {
    let compiled: CompiledKernel
    if file.hasSuffix(".vckb") {
      compiled = try CompiledKernel(contentsOf: URL(fileURLWithPath: file))
      if let kernel, kernel != compiled.name {
        throw RunError("\(file) holds kernel '\(compiled.name)', not '\(kernel)'")
      }
    } else {
      guard let data = FileManager.default.contents(atPath: file) else {
        throw RunError("cannot read '\(file)'")
      }
      compiled = try Compiler.compile(
        source: String(decoding: data, as: UTF8.self), path: file, kernel: kernel)
    }
    let given = try parsePairs(arguments, what: "--arg")
    let outs = try parsePairs(outputs, what: "--out")
    let names = Set(compiled.parameters.map(\.name))
    for name in given.keys.sorted() where !names.contains(name) {
      throw RunError("kernel \(compiled.name) has no parameter '\(name)'")
    }
    for parameter in compiled.parameters where given[parameter.name] == nil {
      throw RunError("missing --arg \(parameter.name)=… (\(parameter.kind))")
    }
    let device = try Device.default()
    var values: [KernelArgumentValue] = []
    var buffers: [String: (object: BufferObject, bytes: Int)] = [:]
    for parameter in compiled.parameters {
      let text = given[parameter.name]!
      switch parameter.kind {
      case .scalar(let type):
        values.append(
          .scalar(bits: try scalarBits(text, type: type, name: parameter.name), type: type))
      case .buffer(let element):
        let buffer = try bufferObject(text, device: device, name: parameter.name)
        buffers[parameter.name] = buffer
        values.append(.buffer(buffer.object, element: element))
      }
    }
    for name in outs.keys.sorted() where buffers[name] == nil {
      throw RunError("--out \(name): not a buffer parameter of \(compiled.name)")
    }
    let kernel = try device.makeKernel(compiled)
    printError("device: \(device.info)")
    let result = try kernel.launch(arguments: values, qpus: qpus)
    printError("time: \(String(format: "%.6f", result.seconds)) s")
    if let instructions = result.counters["instructions"], let cycles = result.counters["cycles"] {
      printError("emulator: \(instructions) QPU instructions, \(cycles) estimated cycles")
    }
    for (name, path) in outs.sorted(by: { $0.key < $1.key }) {
      let buffer = buffers[name]!
      let data = Data(bytes: buffer.object.hostAddress, count: buffer.bytes)
      guard FileManager.default.createFile(atPath: path, contents: data) else {
        throw RunError("cannot write '\(path)'")
      }
    }
  }

  private func parsePairs(_ pairs: [String], what: String) throws -> [String: String] {
    var result: [String: String] = [:]
    for pair in pairs {
      guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
        throw RunError("\(what) takes NAME=VALUE, not '\(pair)'")
      }
      let name = String(pair[..<equals])
      guard result[name] == nil else { throw RunError("\(what) \(name) is given twice") }
      result[name] = String(pair[pair.index(after: equals)...])
    }
    return result
  }

  private func scalarBits(_ text: String, type: ScalarType, name: String) throws -> UInt32 {
    switch type {
    case .f32:
      guard let value = Float(text) else {
        throw RunError("\(name) is f32: '\(text)' is not a number")
      }
      return value.bitPattern
    case .i32:
      guard let value = Int32(text) else {
        throw RunError("\(name) is i32: '\(text)' is not an integer in -2^31…2^31-1")
      }
      return UInt32(bitPattern: value)
    case .u32:
      guard let value = UInt32(text) else {
        throw RunError("\(name) is u32: '\(text)' is not an integer in 0…2^32-1")
      }
      return value
    case .bool:
      guard text == "true" || text == "false" else {
        throw RunError("\(name) is bool: use true or false")
      }
      return text == "true" ? 1 : 0
    }
  }

  private func bufferObject(_ text: String, device: Device, name: String) throws
    -> (object: BufferObject, bytes: Int)
  {
    if text.hasPrefix("zeros:") {
      guard let count = Int(text.dropFirst(6)), count > 0, count <= 1 << 28 else {
        throw RunError("\(name): zeros:COUNT takes a count of 1…2^28 elements")
      }
      return (try device.makeBufferObject(size: count * 4), count * 4)
    }
    guard text.hasPrefix("@") else {
      throw RunError("\(name) is a buffer: give @FILE or zeros:COUNT, not '\(text)'")
    }
    let path = String(text.dropFirst())
    guard let data = FileManager.default.contents(atPath: path) else {
      throw RunError("\(name): cannot read '\(path)'")
    }
    guard !data.isEmpty, data.count % 4 == 0 else {
      throw RunError(
        "\(name): '\(path)' holds \(data.count) bytes, not a whole number of 4-byte elements")
    }
    let object = try device.makeBufferObject(size: data.count)
    data.withUnsafeBytes {
      object.hostAddress.copyMemory(from: $0.baseAddress!, byteCount: data.count)
    }
    return (object, data.count)
  }
}

struct RunError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
