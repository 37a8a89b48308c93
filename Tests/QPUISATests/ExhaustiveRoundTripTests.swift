import Testing

@testable import QPUISA

/// Sweeps of the decode tables: every valid word must survive
/// decode → text → assemble → decode with the same text, and every model the
/// decoder produces must re-encode to a word that decodes to the same model.
@Suite struct ExhaustiveRoundTripTests {
  /// Builds an ALU word from raw fields.
  static func aluWord(
    opMul: UInt64 = 15, sig: UInt64 = 0, cond: UInt64 = 0, mm: UInt64 = 1, ma: UInt64 = 1,
    waddrM: UInt64 = 6, waddrA: UInt64 = 6, opAdd: UInt64 = 187, mulB: UInt64 = 4,
    mulA: UInt64 = 0, addB: UInt64 = 0, addA: UInt64 = 0, raddrA: UInt64 = 0, raddrB: UInt64 = 0
  ) -> UInt64 {
    opMul << 58 | sig << 53 | cond << 46 | mm << 45 | ma << 44 | waddrM << 38 | waddrA << 32
      | opAdd << 24 | mulB << 21 | mulA << 18 | addB << 15 | addA << 12 | raddrA << 6 | raddrB
  }

  /// Checks one word; returns whether it decoded.
  @discardableResult
  static func check(_ word: UInt64) -> Bool {
    guard let instruction = try? Instruction(decoding: word) else { return false }
    let text = instruction.text()
    // Model → word → model is the identity on decoded models.
    guard let encoded = try? instruction.encoded() else {
      Issue.record("0x\(hex(word, digits: 16)) decodes (\(text)) but does not re-encode")
      return true
    }
    #expect((try? Instruction(decoding: encoded)) == instruction, "0x\(hex(word, digits: 16))")
    // Text → word → text is the identity, and the assembled word is canonical.
    do {
      let assembled = try Assembler.assemble(text).words[0]
      let reprinted = try Instruction(decoding: assembled).text()
      #expect(reprinted == text, "0x\(hex(word, digits: 16))")
      #expect(try Assembler.assemble(reprinted).words[0] == assembled)
    } catch {
      Issue.record("0x\(hex(word, digits: 16)) '\(text)' does not assemble: \(error)")
    }
    return true
  }

  @Test func everyAddOpcodeAndSelector() {
    var valid = 0
    for opAdd: UInt64 in 0..<256 {
      for addA: UInt64 in 0..<8 {
        for addB: UInt64 in 0..<8 {
          for (ma, waddrA): (UInt64, UInt64) in [(0, 17), (1, 6), (1, 12), (1, 40)] {
            let word = Self.aluWord(
              ma: ma, waddrA: waddrA, opAdd: opAdd, addB: addB, addA: addA, raddrA: 9, raddrB: 33)
            if Self.check(word) { valid += 1 }
          }
        }
      }
    }
    // Every op_add value but the unassigned ones has at least one valid form.
    #expect(valid > 25_000)
  }

  @Test func everyMulOpcodeAndSelector() {
    for opMul: UInt64 in 1..<64 {
      for mulA: UInt64 in 0..<8 {
        for mulB: UInt64 in 0..<8 {
          for (mm, waddrM): (UInt64, UInt64) in [(0, 63), (1, 19), (1, 55)] {
            Self.check(
              Self.aluWord(
                opMul: opMul, mm: mm, waddrM: waddrM, mulB: mulB, mulA: mulA, raddrA: 2,
                raddrB: 5))
          }
        }
      }
    }
  }

  @Test func everySignalAndCondition() {
    for sig: UInt64 in 0..<32 {
      for cond: UInt64 in 0..<128 {
        // fadd r0, r1, <b-port> ; fmul rf4, rf<a>, r2 — reads both ports.
        Self.check(
          Self.aluWord(
            opMul: 21, sig: sig, cond: cond, mm: 0, ma: 1, waddrM: 4, waddrA: 0, opAdd: 0x15,
            mulB: 2, mulA: 6, addB: 7, addA: 1, raddrA: 10, raddrB: 3))
      }
    }
  }

  @Test func everyRaddrBUnderEverySignalKind() {
    for sig: UInt64 in [0, 14, 15, 23, 31] {
      for raddrB: UInt64 in 0..<64 {
        for (addA, addB, mulA): (UInt64, UInt64, UInt64) in [(7, 6, 0), (6, 1, 7), (0, 1, 6)] {
          Self.check(
            Self.aluWord(
              opMul: 1, sig: sig, mm: 0, waddrM: 1, opAdd: 56, addB: addB, addA: addA, raddrA: 20,
              raddrB: raddrB
            ).with(mulA: mulA))
        }
      }
    }
  }

  @Test func everyBranchShape() {
    let offsets: [UInt32] = [0, 8, 0xFFFF_FFF8, 0x7316_FE10, 0x8000_0000, 0x0001_0000]
    for cond: UInt64 in 0..<8 {
      for msfign: UInt64 in 0..<4 {
        for bdi: UInt64 in 0..<4 {
          for ub: UInt64 in 0..<2 {
            for bdu: UInt64 in 0..<8 {
              for link: UInt64 in 0..<2 {
                for offset in offsets {
                  let word: UInt64 =
                    2 << 56 | UInt64(offset >> 3 & 0x1F_FFFF) << 35 | cond << 32
                    | UInt64(offset >> 24) << 24 | link << 23 | msfign << 21 | bdu << 15
                    | ub << 14 | bdi << 12 | 19 << 6
                  let decoded = Self.check(word)
                  #expect(decoded == (cond != 1 && msfign != 3 && (ub == 0 || bdu < 4)))
                }
              }
            }
          }
        }
      }
    }
  }

  @Test func randomWordsNeverTrapAndValidOnesRoundTrip() {
    var generator = SplitMix64(seed: 0x5EED)
    for _ in 0..<20_000 {
      Self.check(generator.next())
    }
  }
}

extension UInt64 {
  /// The word with its mul_a field replaced.
  func with(mulA: UInt64) -> UInt64 { self & ~(7 << 18) | mulA << 18 }
}

/// A small deterministic generator for reproducible random tests.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
