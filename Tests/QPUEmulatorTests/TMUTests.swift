import Testing

@testable import QPUEmulator

/// General-memory TMU lookups (semantics.md §11).
@Suite struct TMUTests {
  let block = Harness.dataBase + 0x400

  @Test func vec4StoreAndLoadWrapInside16ByteBlocks() throws {
    let source =
      Harness.prologue + """
        nop ; nop ; ldunifrf.rf20
        shl r2, r1, 2
        add r2, r2, rf20
        add r2, r2, 4
        eidx r0
        bnot tmuc, 3
        mov tmud, r0
        sub r0, r0, -16
        mov tmud, r0
        sub r0, r0, -16
        mov tmud, r0
        sub r0, r0, -16
        mov tmud, r0
        mov tmua, r2
        tmuwt -
        bnot tmuc, 3
        mov tmua, r2
        nop ; nop ; ldtmu.rf10
        nop ; nop ; ldtmu.rf11
        nop ; nop ; ldtmu.rf12
        nop ; nop ; ldtmu.rf13

        """ + Harness.epilogue(["rf10", "rf11", "rf12", "rf13"])
    let result = try Harness.run(
      source, uniforms: [Harness.dataBase, Harness.inputA, Harness.inputB, block])
    for element in 0..<4 {
      #expect(result.lanes(element) == (0..<16).map { UInt32($0 + 16 * element) })
    }
    let memory = result.words(at: 0x400, count: 64)
    for lane in 0..<16 {
      for j in 0..<4 {
        #expect(memory[lane * 4 + j] == UInt32(lane + 16 * ((j + 3) % 4)), "lane \(lane) word \(j)")
      }
    }
  }

  /// Config 0xFFFFFAFC: vec4, then vec2, then 32-bit (0xFF shifted in).
  @Test func vectorLoadsPopInElementOrder() throws {
    var data = [UInt32](repeating: 0, count: 0x600 / 4)
    for index in 0..<64 { data[0x500 / 4 + index] = UInt32(1000 + index) }
    let source = """
      eidx r1 ; nop ; ldunif
      shl r1, r1, 2
      add rf63, r5, r1 ; nop ; ldunifrf.rf20
      nop ; nop ; ldunifrf.tmuc
      shl r2, r1, 2
      add tmua, r2, rf20
      add tmua, r2, rf20
      add tmua, r2, rf20
      nop ; nop ; ldtmu.rf10
      nop ; nop ; ldtmu.rf11
      nop ; nop ; ldtmu.rf12
      nop ; nop ; ldtmu.rf13
      nop ; nop ; ldtmu.rf14
      nop ; nop ; ldtmu.rf15
      nop ; nop ; ldtmu.rf16
      mov rf62, 8
      shl rf62, rf62, 3

      """ + Harness.epilogue((10...16).map { "rf\($0)" })
    let result = try Harness.run(
      source, uniforms: [Harness.dataBase, Harness.dataBase + 0x500, 0xFFFF_FAFC], data: data)
    func word(_ lane: Int, _ element: Int) -> UInt32 { UInt32(1000 + lane * 4 + element) }
    for k in 0..<4 { #expect(result.lanes(k) == (0..<16).map { word($0, k) }, "vec4 \(k)") }
    for k in 0..<2 { #expect(result.lanes(4 + k) == (0..<16).map { word($0, k) }, "vec2 \(k)") }
    #expect(result.lanes(6) == (0..<16).map { word($0, 0) })
  }

  @Test func conditionalAddressWriteMasksLanes() throws {
    let a: [UInt32] = (0..<16).map { $0 % 3 == 0 ? 0 : 1 }
    let source =
      Harness.prologue + """
        sub.pushz -, rf1, 0
        eidx r0
        add tmud, r0, 1
        mov.ifa tmua, rf63
        tmuwt -

        """ + Harness.end
    let result = try Harness.run(source, a: a, data: Array(repeating: 0xAAAA_AAAA, count: 16))
    let expected: [UInt32] = (0..<16).map { (lane: Int) -> UInt32 in
      lane % 3 == 0 ? UInt32(lane + 1) : 0xAAAA_AAAA
    }
    #expect(result.lanes(0) == expected)
  }

  @Test func uniformConfigThroughTmuauAndAtomicAdd() throws {
    // Every lane adds 1 to the same word with an atomic add (config 0xFFFFFF87);
    // lanes are served in order, so the old values are 0…15.
    let source =
      Harness.prologue + """
        nop ; nop ; ldunifrf.rf20
        mov tmud, 1
        mov tmuau, rf20
        nop ; nop ; ldtmu.rf10

        """ + Harness.epilogue(["rf10"])
    let result = try Harness.run(
      source,
      uniforms: [
        Harness.dataBase, Harness.inputA, Harness.inputB, Harness.dataBase + 0x800, 0xFFFF_FF87,
      ])
    #expect(result.lanes(0) == (0..<16).map { UInt32($0) })
    #expect(result.words(at: 0x800, count: 1) == [16])
  }
}
