import Foundation
import QPUBackend
import Testing
import V3DRuntime

@testable import VCK

@Suite struct ArtifactTests {
  static let compiled: CompiledKernel = {
    try! Compiler.compile(source: saxpySource)  // the fixture itself is checked by JITTests
  }()

  @Test func roundTrip() throws {
    let bytes = KernelArtifact.encode(Self.compiled)
    let loaded = try KernelArtifact.decodeKernel(bytes)
    #expect(loaded.words == Self.compiled.words)
    #expect(loaded.parameters == Self.compiled.parameters)
    #expect(loaded.uniforms == Self.compiled.uniforms)
    #expect(loaded.name == "saxpy")
    #expect(loaded.statistics.instructions == Self.compiled.statistics.instructions)
    #expect(KernelArtifact.encode(loaded) == bytes)
  }

  @Test func aLoadedArtifactRuns() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("saxpy-\(UUID()).vckb")
    try Self.compiled.write(to: url)
    let device = Device.emulator()
    let kernel = try device.makeKernel(try CompiledKernel(contentsOf: url))
    let x = try device.makeBuffer([Float](repeating: 3, count: 40))
    let y = try device.makeBuffer([Float](repeating: 1, count: 40))
    try kernel.launch(UInt32(40), Float(0.5), x, y)
    #expect(y.allSatisfy { $0 == 2.5 })
  }

  @Test func everyTruncationIsRefusedWithAReason() {
    let bytes = KernelArtifact.encode(Self.compiled)
    for length in 0..<bytes.count {
      do {
        _ = try KernelArtifact.decodeKernel(Array(bytes.prefix(length)))
        Issue.record("a \(length)-byte prefix loaded")
      } catch {
        #expect(!error.description.isEmpty)
      }
    }
  }

  @Test func corruptBytesAreRefused() {
    let bytes = KernelArtifact.encode(Self.compiled)
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<500 {
      var corrupt = bytes
      let index = Int.random(in: 4..<bytes.count, using: &generator)
      corrupt[index] ^= UInt8.random(in: 1...255, using: &generator)
      #expect(throws: ArtifactError.self) { try KernelArtifact.decodeKernel(corrupt) }
    }
    #expect(throws: ArtifactError.notAnArtifact) {
      try KernelArtifact.decodeKernel(Array("ELF!".utf8))
    }
    var newer = bytes
    newer[4] = 9
    #expect(throws: ArtifactError.unsupportedVersion(9)) { try KernelArtifact.decodeKernel(newer) }
  }

  @Test func randomBytesWithAValidChecksumNeverCrashTheLoader() {
    // A corrupt artifact whose checksum was recomputed: the field checks must hold.
    let bytes = KernelArtifact.encode(Self.compiled)
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
      var corrupt = Array(bytes.dropLast(8))
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        let index = Int.random(in: 6..<corrupt.count, using: &generator)
        corrupt[index] = UInt8.random(in: 0...255, using: &generator)
      }
      let checksum = KernelArtifact.checksum(corrupt[...])
      withUnsafeBytes(of: checksum.littleEndian) { corrupt += $0 }
      _ = try? KernelArtifact.decodeKernel(corrupt)  // must return or throw, never trap
    }
  }
}
