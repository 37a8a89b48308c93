import Testing
import VCKIR

/// Vector elements of loads and stores: the text form round-trips, the interpreter moves
/// `address + 4·index` and refuses an address not aligned to the whole vector.
@Suite struct VectorElementTests {
  /// Lane l copies words 4·s·l … 4·s·l+3 of buffer 0 to buffer 1 reversed, with a vec4
  /// load and a vec4 store; `s` is the stride in vectors (the shift of `4 · s` by 4 bytes
  /// is `shl 4`), and an `offset` in bytes is added to the address.
  static func reverse(offset: UInt32) throws -> Function {
    try IRParser.parse(
      """
      kernel @reverse(%0: *u32 src, %1: *u32 dst) {
      ^0(%0: u32, %1: u32):
        %2 = lane : varying u32
        %3 = const 4 : u32
        %4 = shl %2, %3 : varying u32
        %5 = const \(offset) : u32
        %6 = add %4, %5 : varying u32
        %7 = add %0, %6 : varying u32
        %8 = load vec4 0 %7 : varying u32
        %9 = load vec4 1 %7 : varying u32
        %10 = load vec4 2 %7 : varying u32
        %11 = load vec4 3 %7 : varying u32
        %12 = add %1, %6 : varying u32
        store vec4 0 %12, %11 : varying u32
        store vec4 1 %12, %10 : varying u32
        store vec4 2 %12, %9 : varying u32
        store vec4 3 %12, %8 : varying u32
        ret
      }
      """)
  }

  @Test func textRoundTripsAndInterpreterMovesEachElement() throws {
    let function = try Self.reverse(offset: 0)
    #expect(try IRParser.parse(Printer.print(function)) == function)
    #expect(Printer.print(function).contains("load vec4 2 %"))
    let source = (0..<64).map { UInt32($0) }
    let result = try launch(
      function, qpus: 1, arguments: [.buffer(0), .buffer(1)],
      buffers: [source, [UInt32](repeating: 0, count: 64)])
    for lane in 0..<16 {
      #expect(
        Array(result[1][(4 * lane)..<(4 * lane + 4)])
          == source[(4 * lane)..<(4 * lane + 4)].reversed())
    }
  }

  @Test func misalignedVectorAccessIsAnError() throws {
    let function = try Self.reverse(offset: 8)
    #expect {
      _ = try launch(
        function, qpus: 1, arguments: [.buffer(0), .buffer(1)],
        buffers: [[UInt32](repeating: 0, count: 80), [UInt32](repeating: 0, count: 80)])
    } throws: { error in
      "\(error)".contains("vec4 access at 0x")
        && "\(error)".contains("8 is not aligned to 16 bytes")
    }
  }

  @Test func invalidElementsAreRejected() throws {
    func kernel(_ text: String) -> String {
      """
      kernel @k(%0: *u32 p) {
      ^0(%0: u32):
        \(text.hasPrefix("load") ? "%1 = " : "")\(text) : varying u32
        ret
      }
      """
    }
    _ = try IRParser.parse(kernel("load vec4 3 %0"))
    _ = try IRParser.parse(kernel("store vec2 1 %0, %0"))
    for text in ["load vec3 0 %0", "load vec4 4 %0", "store vec2 2 %0, %0"] {
      #expect(throws: IRParseError.self, "\(text)") { _ = try IRParser.parse(kernel(text)) }
    }
  }
}
