// libFuzzer entry point for the QPU emulator and the instruction decoder. Each input is a job:
// seven CSD configuration words, a flags byte, 16 uniform words and the code words. The job
// runs with a small instruction budget and must end (normally or with an EmulatorError), never
// trap, hang past its budget or touch host memory outside its buffers (AddressSanitizer, and
// canaries around the data buffers). Every code word also goes through the decoder: what
// decodes must re-encode to a word that decodes to the same instruction. Built by
// Fuzz/build-emulator.sh.
//
// Input layout (little-endian):
//   0..<28   cfg[0..6]; cfg[5] and cfg[6] are replaced by the code and uniform buffers'
//            addresses (keeping cfg[5]'s two mode bits) unless flags bits 1 / 2 are set
//   28       flags: bit 0 strict mode, bit 1 raw cfg[5], bit 2 raw cfg[6], bit 3 poison
//            accumulators at thread switches, bit 4 the timing model's per-instruction
//            profile, bit 5 its timeline (64 intervals)
//   29..<93  16 uniform words; a word 0xDA00_xxxx becomes data address 0x3000_0000 + (xxxx & 0x1FFF)
//   93...    code words (8 bytes each, at most 1024)

import QPUEmulator
import QPUISA

let codeBase: UInt32 = 0x1000_0000
let uniformBase: UInt32 = 0x2000_0000
let dataBase: UInt32 = 0x3000_0000
let dataSize = 4096
let smallBase: UInt32 = 0x3000_2000
let smallSize = 20
let canarySize = 64
let canary: UInt8 = 0xA5
let budget: UInt64 = 20_000

func word32(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt32 {
  (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
}

func word64(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt64 {
  (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
}

/// Decoding, re-encoding and disassembling one word must agree and never trap.
func checkDecoder(_ word: UInt64) {
  guard let instruction = try? Instruction(decoding: word) else { return }
  _ = instruction.text()
  guard let again = try? instruction.encoded() else {
    fatalError("decoded word 0x\(String(word, radix: 16)) does not re-encode")
  }
  guard (try? Instruction(decoding: again)) == instruction else {
    fatalError("0x\(String(word, radix: 16)) re-encodes to a different instruction")
  }
}

/// Host memory for a mapped buffer with canary bytes before and after it.
struct GuardedBuffer {
  let storage: UnsafeMutableRawPointer
  let size: Int

  init(size: Int) {
    self.size = size
    storage = .allocate(byteCount: size + 2 * canarySize, alignment: 16)
    storage.initializeMemory(as: UInt8.self, repeating: canary, count: canarySize)
    (storage + canarySize).initializeMemory(as: UInt8.self, repeating: 0, count: size)
    (storage + canarySize + size).initializeMemory(
      as: UInt8.self, repeating: canary, count: canarySize)
  }

  var mapping: UnsafeMutableRawBufferPointer {
    UnsafeMutableRawBufferPointer(start: storage + canarySize, count: size)
  }

  func checkCanaries() {
    for offset in Array(0..<canarySize) + Array((canarySize + size)..<(2 * canarySize + size))
    where storage.load(fromByteOffset: offset, as: UInt8.self) != canary {
      fatalError("the job wrote host memory outside its buffer (offset \(offset - canarySize))")
    }
  }

  func free() { storage.deallocate() }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEmulator(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  guard size >= 93 + 8 else { return 0 }
  var words = (0..<7).map { word32(bytes, 4 * $0) }
  let flags = bytes[28]
  if flags & 2 == 0 { words[5] = codeBase | (words[5] & 3) }
  if flags & 4 == 0 { words[6] = uniformBase }
  var uniforms: [UInt8] = []
  for index in 0..<16 {
    var value = word32(bytes, 29 + 4 * index)
    if value >> 16 == 0xDA00 { value = dataBase + (value & 0x1FFF) }
    uniforms += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
  }
  let codeCount = min((size - 93) / 8, 1024)
  var code: [UInt8] = []
  for index in 0..<codeCount {
    let word = word64(bytes, 93 + 8 * index)
    checkDecoder(word)
    code += (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) }
  }

  let memory = GPUMemory()
  let dataBuffer = GuardedBuffer(size: dataSize)
  let smallBuffer = GuardedBuffer(size: smallSize)
  defer {
    dataBuffer.free()
    smallBuffer.free()
  }
  do {
    try memory.addBuffer(at: codeBase, contents: code, name: "code")
    try memory.addBuffer(at: uniformBase, contents: uniforms, name: "uniforms")
    try memory.addBuffer(at: dataBase, mapping: dataBuffer.mapping, name: "data")
    try memory.addBuffer(at: smallBase, mapping: smallBuffer.mapping, name: "small")
  } catch {
    fatalError("layout: \(error)")
  }
  guard let configuration = try? CSDConfiguration(words) else { return 0 }
  do {
    let statistics = try Emulator(memory: memory).run(
      configuration, maxInstructions: budget, strict: flags & 1 != 0,
      poisonAtThreadSwitch: flags & 8 != 0, profile: flags & 16 != 0,
      timelineCapacity: flags & 32 != 0 ? 64 : nil)
    if statistics.total.instructions > budget {
      fatalError("ran \(statistics.total.instructions) instructions, past the budget")
    }
    // The timing model's figures must add up: every executed instruction is in the
    // profile, and the modelled time is a finite, non-negative number.
    let timing = statistics.timing
    if let profile = timing.profile {
      let counted = profile.counts.reduce(UInt64(0), +)
      if counted != UInt64(statistics.total.instructions) {
        fatalError("the profile counts \(counted), not \(statistics.total.instructions)")
      }
    }
    if !(timing.seconds.isFinite && timing.seconds >= 0) {
      fatalError("modelled time \(timing.seconds)")
    }
  } catch {
    // Every failure is an EmulatorError (typed throws); its text must render.
    _ = error.description
  }
  dataBuffer.checkCanaries()
  smallBuffer.checkCanaries()
  return 0
}
