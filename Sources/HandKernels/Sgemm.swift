import QPUISA

/// Single-precision matrix multiply `C = α·A·B + β·C` for square n×n
/// row-major matrices, n a multiple of 64.
///
/// QPU q computes rows q, q + 8, …; for each row it works on 64 columns at a
/// time, as four 16-lane tiles kept in registers. Row i of A streams through
/// the second uniform stream (`unifa`/`ldunifa`, one scalar A[i][k] for all
/// lanes), the four tiles of B's row k through the TMU, and each k costs one
/// fmul and one fadd per tile.
///
/// Uniforms: A, B, C addresses, n, α and β (f32 bit patterns).
public enum Sgemm: HandKernel {
  public static let name = "sgemm"
  /// The column tile width of one pass (n must be a multiple of it).
  public static let columnsPerPass = 64

  // Register-file assignment.
  static let a: UInt8 = 0, b: UInt8 = 1, c: UInt8 = 2, n: UInt8 = 3, alpha: UInt8 = 4
  static let beta: UInt8 = 5, stride: UInt8 = 6, laneOffset: UInt8 = 7, rowsLeft: UInt8 = 8
  static let aRow: UInt8 = 9, accumulators: [UInt8] = [10, 11, 12, 13], column: UInt8 = 14
  static let groupsLeft: UInt8 = 15, bPointer: UInt8 = 16, one: UInt8 = 17
  static let tileOffsets: [UInt8] = [18, 19, 20], cRow: UInt8 = 21, rowStep: UInt8 = 22
  static let cPointer: UInt8 = 23

  public static func program() throws -> [UInt64] {
    var p = ProgramBuilder()
    p.loadUniforms(into: [a, b, c, n, alpha, beta].map { .rf($0) })
    p.emit(.shl(.rf(stride), .rf(n), 2))  // row stride in bytes
    p.laneByteOffset(into: .rf(laneOffset))
    p.emit(.mov(.r0, 1))
    p.emit(.mov(.rf(one), 1))  // ldunifa cannot carry a small immediate
    p.emit(.shl(.rf(tileOffsets[0]), .r0, 6))  // 64 bytes: one 16-lane tile
    p.emit(.shl(.rf(tileOffsets[1]), .r0, 7))  // 128
    p.emit(.add(.rf(tileOffsets[2]), .rf(tileOffsets[0]), .rf(tileOffsets[1])))  // 192
    p.emit(.shl(.rf(rowStep), .rf(stride), 3))  // 8 rows
    p.emit(.shr(.rf(rowsLeft), .rf(n), 3))  // rows per QPU
    p.qpuNumber(into: .r0)
    p.emit(.nop, .umul24(.r1, .r0, .rf(stride)))  // q × stride
    p.emit(.add(.rf(aRow), .rf(a), .r1))
    p.emit(.add(.rf(cRow), .rf(c), .r1))

    let rowLoop = p.label("row")
    p.emit(.mov(.rf(column), 0))
    p.emit(.shr(.rf(groupsLeft), .rf(n), 6))

    let groupLoop = p.label("group")
    p.emit(.mov(.unifa, .rf(aRow)))  // A[i][0…] → the second uniform stream
    for accumulator in accumulators { p.emit(.mov(.rf(accumulator), 0)) }  // also the unifa delay
    p.emit(.add(.r0, .rf(b), .rf(column)))
    p.emit(.add(.rf(bPointer), .r0, .rf(laneOffset)))
    p.emit(.mov(.r4, .rf(n)))  // r4 = k iterations left (no SFU use, so r4 is free)

    let kLoop = p.label("k")
    // r5 = A[i][k]; the first tile's load; count k down.
    p.emit(.mov(.tmua, .rf(bPointer)), .sub(.r4, .r4, .rf(one)).push(.pushz), signals: .ldunifa)
    for offset in tileOffsets { p.emit(.add(.tmua, .rf(bPointer), .rf(offset))) }
    p.emit(.add(.rf(bPointer), .rf(bPointer), .rf(stride)), signals: .ldtmu, to: .r0)
    p.emit(.nop, .fmul(.r0, .r0, .r5), signals: .ldtmu, to: .r1)
    p.emit(
      .fadd(.rf(accumulators[0]), .rf(accumulators[0]), .r0), .fmul(.r1, .r1, .r5), signals: .ldtmu,
      to: .r2)
    p.emit(
      .fadd(.rf(accumulators[1]), .rf(accumulators[1]), .r1), .fmul(.r2, .r2, .r5), signals: .ldtmu,
      to: .r3)
    p.branch(to: kLoop, if: .anyna)
    p.emit(.fadd(.rf(accumulators[2]), .rf(accumulators[2]), .r2), .fmul(.r3, .r3, .r5))
    p.emit(.fadd(.rf(accumulators[3]), .rf(accumulators[3]), .r3))
    p.nop()

    // C tile = α·acc + β·C for the four tiles.
    p.emit(.add(.r0, .rf(cRow), .rf(column)))
    p.emit(.add(.rf(cPointer), .r0, .rf(laneOffset)))
    p.emit(.mov(.tmua, .rf(cPointer)))
    for offset in tileOffsets { p.emit(.add(.tmua, .rf(cPointer), .rf(offset))) }
    for (tile, accumulator) in accumulators.enumerated() {
      p.emit(.nop, .fmul(.r1, .rf(accumulator), .rf(alpha)), signals: .ldtmu, to: .r0)
      p.emit(.nop, .fmul(.r0, .r0, .rf(beta)))
      p.emit(.fadd(.tmud, .r0, .r1))
      if tile == 0 {
        p.emit(.mov(.tmua, .rf(cPointer)))
      } else {
        p.emit(.add(.tmua, .rf(cPointer), .rf(tileOffsets[tile - 1])))
      }
    }
    p.emit(.sub(.rf(groupsLeft), .rf(groupsLeft), 1).push(.pushz))
    p.branch(to: groupLoop, if: .anyna)
    p.emit(.add(.rf(column), .rf(column), .rf(tileOffsets[0])))  // delay slots: +256 bytes
    p.emit(.add(.rf(column), .rf(column), .rf(tileOffsets[2])))
    p.nop()

    p.emit(.sub(.rf(rowsLeft), .rf(rowsLeft), 1).push(.pushz))
    p.branch(to: rowLoop, if: .anyna)
    p.emit(.add(.rf(aRow), .rf(aRow), .rf(rowStep)))
    p.emit(.add(.rf(cRow), .rf(cRow), .rf(rowStep)))
    p.nop()
    p.finish()
    return try p.assemble().words
  }
}
