/// The 16 lanes of one QPU register, one 32-bit word each, held inline (no heap).
public typealias Lanes = SIMD16<UInt32>

/// A per-lane mask: all ones where a lane takes part, zero where it does not.
typealias LaneMask = SIMD16<UInt32>

extension SIMD16 where Scalar == UInt32 {
  /// The lanes rotated so that output lane j holds input lane (j − amount) mod 16.
  @inline(__always)
  func rotatedFully(by amount: Int) -> Lanes {
    let n = amount & 15
    if n == 0 { return self }
    var result = Lanes()
    for lane in 0..<16 { result[lane] = self[(lane &- n) & 15] }
    return result
  }

  /// The lanes rotated inside each quad: output lane 4q + j holds input lane
  /// 4q + ((j − amount) mod 4).
  @inline(__always)
  func rotatedInQuads(by amount: Int) -> Lanes {
    let n = amount & 3
    if n == 0 { return self }
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

/// Lane mask with every lane set.
let allLanes = LaneMask(repeating: ~0)
