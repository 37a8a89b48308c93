/// A bit field of the 64-bit instruction word.
struct Field: Sendable {
  let low: UInt64
  let width: UInt64

  init(_ high: UInt64, _ low: UInt64) {
    self.low = low
    self.width = high - low + 1
  }

  var mask: UInt64 { (1 << width) - 1 }

  func get(_ word: UInt64) -> UInt64 { (word >> low) & mask }

  func get8(_ word: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: get(word)) }

  func put<T: BinaryInteger>(_ value: T) -> UInt64 { (UInt64(value) & mask) << low }
}

/// The fields of V3D 4.2 instruction words (encoding.md §2 and §10.1).
enum Fields {
  static let opMul = Field(63, 58)
  static let sig = Field(57, 53)
  static let cond = Field(52, 46)
  static let mm = Field(45, 45)
  static let ma = Field(44, 44)
  static let waddrM = Field(43, 38)
  static let waddrA = Field(37, 32)
  static let opAdd = Field(31, 24)
  static let mulB = Field(23, 21)
  static let mulA = Field(20, 18)
  static let addB = Field(17, 15)
  static let addA = Field(14, 12)
  static let raddrA = Field(11, 6)
  static let raddrB = Field(5, 0)

  static let branchMarker = Field(57, 56)
  static let branchAddressLow = Field(55, 35)
  static let branchCondition = Field(34, 32)
  static let branchAddressHigh = Field(31, 24)
  static let branchLink = Field(23, 23)
  static let branchMSFSign = Field(22, 21)
  static let branchUnused = Field(20, 18)
  static let branchBDU = Field(17, 15)
  static let branchUB = Field(14, 14)
  static let branchBDI = Field(13, 12)
  static let branchRaddrA = Field(11, 6)
  static let branchLowUnused = Field(5, 0)
}

/// The raw fields of one ALU's half of an instruction.
struct SideFields: Equatable {
  var opcode: UInt8
  var a: UInt8
  var b: UInt8
  var waddr: UInt8
  var magic: Bool
}
