import ArgumentParser
import Foundation
import QPUBackend
import QPUISA
import VCK

struct DisassembleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "disasm",
    abstract: "Disassemble V3D 4.2 QPU instruction words.",
    discussion: """
      Reads hexadecimal words, one per line (0x optional; # and // start comments), from \
      FILE or standard input, and prints one line of Mesa-syntax assembly per word. \
      Invalid words are reported as file:line: error: ... and make the exit status non-zero. \
      A kernel artifact (.vckb, recognised by its VCKB magic number) is listed instead: \
      its kernel's signature, statistics and uniform layout, then its code with labels.
      """)

  @Argument(help: "Input file (default: standard input).")
  var file: String?

  @Flag(help: "Print the annotated listing: address, hex word, text, labels.")
  var listing = false

  @Flag(help: "Print exactly Mesa's text (tmuscm for magic 44, vdwwt, no rot/ucb/link).")
  var mesa = false

  @Flag(help: "Read raw little-endian 64-bit words (as written by `vck asm -o`).")
  var binary = false

  func run() throws {
    let input = try InputFile(path: file)
    let style: DisassemblyStyle = mesa ? .mesa : .vck
    if input.data.starts(with: KernelArtifact.magic) {
      try listArtifact(input, style: style)
      return
    }
    var failed = false
    var words: [UInt64] = []
    var lineOfWord: [Int] = []
    if binary {
      guard input.data.count % 8 == 0 else {
        throw failure(
          "\(input.name): error: \(input.data.count) bytes is not a whole number of 8-byte words")
      }
      words = stride(from: 0, to: input.data.count, by: 8).map { offset in
        input.data[input.data.startIndex + offset..<input.data.startIndex + offset + 8]
          .reversed().reduce(0) { $0 << 8 | UInt64($1) }
      }
      lineOfWord = words.indices.map { $0 + 1 }
    } else {
      let parsed = HexWords.parse(input.text)
      for error in parsed.errors {
        printError("\(input.name):\(error.line): error: \(error.message)")
        failed = true
      }
      words = parsed.words.map(\.word)
      lineOfWord = parsed.words.map(\.line)
    }
    if listing {
      print(Listing.render(words, style: style))
      for (word, line) in zip(words, lineOfWord) {
        if let problem = invalidReason(word) {
          printError("\(input.name):\(line): error: \(problem)")
          failed = true
        }
      }
    } else {
      for (word, line) in zip(words, lineOfWord) {
        do {
          print(try Instruction.disassemble(word, style: style))
        } catch {
          printError("\(input.name):\(line): error: \(error)")
          failed = true
        }
      }
    }
    if failed { throw ExitCode.failure }
  }

  /// Lists a `.vckb` artifact: the kernel's signature, statistics and uniforms, then the
  /// annotated code.
  private func listArtifact(_ input: InputFile, style: DisassemblyStyle) throws {
    let kernel: CompiledKernel
    do {
      kernel = try KernelArtifact.decodeKernel([UInt8](input.data))
    } catch {
      throw failure("\(input.name): error: \(error)")
    }
    let parameters = kernel.parameters.map { "\($0.name): \($0.kind)" }
    print("// \(input.name): VCK kernel artifact")
    print("// kernel \(kernel.name)(\(parameters.joined(separator: ", ")))")
    print(kernel.assemblyListing(style: style))
  }

  private func invalidReason(_ word: UInt64) -> String? {
    do {
      _ = try Instruction(decoding: word)
      return nil
    } catch {
      return error.description
    }
  }
}
