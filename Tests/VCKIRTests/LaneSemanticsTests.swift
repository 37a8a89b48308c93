import Testing
import VCKIR

@Suite struct LaneSemanticsTests {
  func evaluate(_ opcode: Opcode, _ type: ScalarType, _ a: UInt32, _ b: UInt32 = 0) -> UInt32 {
    LaneSemantics.evaluate(opcode, operandType: type, resultType: type, a, b)
  }
  func bits(_ value: Int32) -> UInt32 { UInt32(bitPattern: value) }
  func floatBits(_ value: Float) -> UInt32 { value.bitPattern }

  @Test func integerDivisionIsTotal() {
    #expect(evaluate(.div, .u32, 7, 0) == UInt32.max)
    #expect(evaluate(.rem, .u32, 7, 0) == 7)
    #expect(evaluate(.div, .i32, bits(Int32(-7)), bits(Int32(2))) == bits(Int32(-3)))
    #expect(evaluate(.rem, .i32, bits(Int32(-7)), bits(Int32(2))) == bits(Int32(-1)))
    #expect(evaluate(.div, .i32, bits(Int32.min), bits(Int32(-1))) == bits(Int32.min))
    #expect(evaluate(.rem, .i32, bits(Int32.min), bits(Int32(-1))) == 0)
    #expect(evaluate(.div, .i32, bits(Int32(5)), 0) == UInt32.max)
  }

  @Test func shiftsUseTheLowFiveBits() {
    #expect(evaluate(.shl, .u32, 1, 33) == 2)
    #expect(evaluate(.shr, .i32, bits(Int32(-8)), 1) == bits(Int32(-4)))
    #expect(evaluate(.shr, .u32, 0x8000_0000, 31) == 1)
  }

  @Test func floatMinMaxIgnoreNaN() {
    let nan = Float.nan.bitPattern
    #expect(evaluate(.min, .f32, nan, floatBits(Float(2))) == floatBits(Float(2)))
    #expect(evaluate(.max, .f32, floatBits(Float(-1)), nan) == floatBits(Float(-1)))
    #expect(evaluate(.min, .f32, floatBits(Float(3)), floatBits(Float(-3))) == floatBits(Float(-3)))
  }

  @Test func conversionsSaturate() {
    func convert(_ value: Float, to type: ScalarType) -> UInt32 {
      LaneSemantics.evaluate(.convert, operandType: .f32, resultType: type, value.bitPattern)
    }
    #expect(convert(-2.7, to: .i32) == bits(Int32(-2)))
    #expect(convert(3e10, to: .i32) == bits(Int32.max))
    #expect(convert(-5, to: .u32) == 0)
    #expect(convert(.nan, to: .u32) == 0)
    #expect(
      LaneSemantics.evaluate(.convert, operandType: .u32, resultType: .f32, UInt32.max)
        == Float(4_294_967_296).bitPattern)
    #expect(
      LaneSemantics.evaluate(.convert, operandType: .i32, resultType: .u32, bits(Int32(-1)))
        == UInt32.max)
  }

  @Test func mul24UsesLow24Bits() {
    #expect(evaluate(.mul24, .u32, 0x0100_0003, 5) == 15)
    #expect(evaluate(.mul24, .u32, 0xFF_FFFF, 0xFF_FFFF) == 0xFF_FFFF &* 0xFF_FFFF)
  }
}
