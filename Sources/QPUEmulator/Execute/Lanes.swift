/// The 16 lanes of one QPU register, one 32-bit word each, held inline (no heap).
public typealias Lanes = SIMD16<UInt32>

/// A per-lane mask: all ones where a lane takes part, zero where it does not.
typealias LaneMask = SIMD16<UInt32>

extension SIMD16 where Scalar == UInt32 {
  /// The lanes rotated so that output lane j holds input lane (j − amount) mod 16.
  /// One case per amount, so that each is a fixed shuffle of the four vector registers.
  @inline(__always)
  func rotatedFully(by amount: Int) -> Lanes {
    switch amount & 15 {
    case 0: return self
    case 1: return rotated(1)
    case 2: return rotated(2)
    case 3: return rotated(3)
    case 4: return rotated(4)
    case 5: return rotated(5)
    case 6: return rotated(6)
    case 7: return rotated(7)
    case 8: return rotated(8)
    case 9: return rotated(9)
    case 10: return rotated(10)
    case 11: return rotated(11)
    case 12: return rotated(12)
    case 13: return rotated(13)
    case 14: return rotated(14)
    default: return rotated(15)
    }
  }

  /// The lanes rotated inside each quad: output lane 4q + j holds input lane
  /// 4q + ((j − amount) mod 4).
  @inline(__always)
  func rotatedInQuads(by amount: Int) -> Lanes {
    switch amount & 3 {
    case 0: return self
    case 1: return rotatedInQuads(1)
    case 2: return rotatedInQuads(2)
    default: return rotatedInQuads(3)
    }
  }

  /// Full rotation by a constant (inlined with `n` known, it becomes shuffles).
  @inline(__always)
  private func rotated(_ n: Int) -> Lanes {
    var result = Lanes()
    for lane in 0..<16 { result[lane] = self[(lane &- n) & 15] }
    return result
  }

  @inline(__always)
  private func rotatedInQuads(_ n: Int) -> Lanes {
    var result = Lanes()
    for lane in 0..<16 { result[lane] = self[(lane & ~3) | ((lane &- n) & 3)] }
    return result
  }

  /// Every lane of quad q takes the value of lane 4q (an r5 write).
  @inline(__always)
  var quadBroadcast: Lanes {
    var result = Lanes()
    for lane in 0..<16 { result[lane] = self[lane & ~3] }
    return result
  }

  /// Whether every lane is zero: eight 64-bit words OR-ed together (the generic `==` of
  /// `SIMD16` compares lane by lane, hundreds of host instructions).
  @inline(__always)
  var isAllZero: Bool {
    withUnsafeBytes(of: self) { raw in
      var bits: UInt64 = 0
      for word in 0..<8 { bits |= raw.load(fromByteOffset: word * 8, as: UInt64.self) }
      return bits == 0
    }
  }

  /// Whether every lane is all ones.
  @inline(__always)
  var isAllOnes: Bool { (~self).isAllZero }

  /// Lane `index`, read from memory (a lane picked by a run-time index, without
  /// extracting it from the vector registers).
  @inline(__always)
  func lane(_ index: Int) -> UInt32 {
    withUnsafeBytes(of: self) { $0.load(fromByteOffset: index &* 4, as: UInt32.self) }
  }

  /// Lane-wise select: `other` where `mask` is set, else `self`.
  @inline(__always)
  func merging(_ other: Lanes, where mask: LaneMask) -> Lanes {
    (other & mask) | (self & ~mask)
  }
}

/// Converts a 16-bit lane set (bit i = lane i) to a lane mask.
@inline(__always)
func laneMask(bits: UInt16) -> LaneMask {
  var mask = LaneMask()
  for lane in 0..<16 where bits & (1 << lane) != 0 { mask[lane] = ~0 }
  return mask
}

/// Lane mask with every lane set (computed where it is used: a global constant costs a
/// `swift_once` check on every use from another file).
var allLanes: LaneMask {
  @inline(__always) get { LaneMask(repeating: ~0) }
}
