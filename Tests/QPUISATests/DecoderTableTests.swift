import Testing

@testable import QPUISA

@Suite struct DecoderTableTests {
  /// Whether any word with this add opcode (any selector, any destination) decodes.
  func addOpcodeDecodes(_ op: UInt64) -> Bool {
    for a: UInt64 in 0..<8 {
      for b: UInt64 in 0..<8 {
        for (ma, waddr): (UInt64, UInt64) in [(0, 0), (0, 1), (0, 2), (1, 6)] {
          let word = ExhaustiveRoundTripTests.aluWord(
            ma: ma, waddrA: waddr, opAdd: op, addB: b, addA: a)
          if (try? Instruction(decoding: word)) != nil { return true }
        }
      }
    }
    return false
  }

  @Test func exactlyTheUnassignedAddOpcodesNeverDecode() {
    let unassigned = Set<UInt64>(Array(48...52) + Array(112...119) + [190, 191])
    for op: UInt64 in 0..<256 {
      #expect(addOpcodeDecodes(op) == !unassigned.contains(op), "op_add \(op)")
    }
  }

  @Test func exactlyTheUnassignedMulOpcodesNeverDecode() {
    for op: UInt64 in 1..<64 {
      var decodes = false
      for a: UInt64 in 0..<8 {
        for b: UInt64 in 0..<8 {
          let word = ExhaustiveRoundTripTests.aluWord(opMul: op, mulB: b, mulA: a)
          if (try? Instruction(decoding: word)) != nil { decodes = true }
        }
      }
      #expect(decodes == !(11...13).contains(op), "op_mul \(op)")
    }
  }

  @Test func everyOpcodeHasExactlyOneRow() {
    for op in AddOpcode.allCases {
      #expect(AddOpcodeTable.rows.filter { $0.opcode == op }.count == 1, "\(op)")
    }
    for op in MulOpcode.allCases {
      #expect(MulOpcodeTable.rows.filter { $0.opcode == op }.count == 1, "\(op)")
    }
  }

  @Test func rowsNeverOverlap() {
    // For every add field combination, at most one row matches.
    for op: UInt64 in 0..<256 {
      for a: UInt64 in 0..<8 {
        for b: UInt64 in 0..<8 {
          for ma: UInt64 in 0..<2 {
            let fields = SideFields(
              opcode: UInt8(op), a: UInt8(a), b: UInt8(b), waddr: ma == 0 ? 1 : 6, magic: ma == 1)
            let matches = AddOpcodeTable.rowsByValue[Int(op)].filter { row in
              guard row.a.matches(fields.a), row.b.matches(fields.b) else { return false }
              if case .registerWithInOut(let out) = row.destination, out != fields.magic {
                return false
              }
              if case .waddrSelector(let s) = row.destination, s != fields.waddr { return false }
              return true
            }
            // fadd/faddnf and fmin/fmax share fields and split by operand order.
            let orderPairs = matches.count == 2 && matches.allSatisfy { $0.order != .any }
            #expect(matches.count <= 1 || orderPairs, "op \(op) a \(a) b \(b)")
          }
        }
      }
    }
  }

  @Test func reasonsNameTheProblem() {
    func reason(_ word: UInt64) -> String {
      do {
        _ = try Instruction(decoding: word)
        return ""
      } catch {
        return error.reason
      }
    }
    #expect(reason(0x0000_0000_0000_0000).contains("branch marker"))
    #expect(
      reason(ExhaustiveRoundTripTests.aluWord(sig: 27)).contains("signal code 27 is reserved"))
    #expect(reason(ExhaustiveRoundTripTests.aluWord(cond: 16)).contains("0x10 is reserved"))
    #expect(reason(ExhaustiveRoundTripTests.aluWord(opAdd: 190)).contains("unassigned"))
    #expect(
      reason(ExhaustiveRoundTripTests.aluWord(opAdd: 187, addB: 5)).contains("no operation"))
    #expect(
      reason(ExhaustiveRoundTripTests.aluWord(ma: 1, waddrA: 27, opAdd: 56))
        .contains("magic address 27 is undefined"))
    #expect(
      reason(ExhaustiveRoundTripTests.aluWord(sig: 15, opAdd: 56, addB: 7, raddrB: 50))
        .contains("index 50"))
    #expect(
      reason(ExhaustiveRoundTripTests.aluWord(sig: 23, opAdd: 56, addB: 7, raddrB: 3))
        .contains("rotate amount"))
    #expect(reason(0x0200_0001_0000_0000).contains("condition 1 is reserved"))
    #expect(reason(0x0200_0000_0060_0000).contains("msfign 3"))
    #expect(reason(0x0200_0000_0003_C000).contains("uniform branch destination 7"))
  }

  @Test func ignoredFieldsAreDroppedOnDecode() throws {
    // py-videocore6 writes bdu = 1 with ub = 0; Mesa's canonical form has 0.
    let py = try Instruction(decoding: 0x0200_0000_0000_9000)
    #expect(try py.encoded() == 0x0200_0000_0000_1000)
    // stvpm with the magic bit set decodes as stvpm and re-encodes with it clear.
    let stvpm = ExhaustiveRoundTripTests.aluWord(ma: 1, waddrA: 0, opAdd: 248, addB: 1, addA: 2)
    let decoded = try Instruction(decoding: stvpm)
    #expect(decoded.text().hasPrefix("stvpmv r2, r1"))
    #expect(try decoded.encoded() == stvpm & ~(1 << 44))
  }
}
