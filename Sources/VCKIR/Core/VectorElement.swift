/// Marks a `load` or `store` as element ``index`` of a *vector access*: `width` (2 or 4)
/// consecutive 32-bit words per lane that the backend moves with one TMU lookup.
///
/// Every element of one access has the same address operand (and mask): the address of
/// element 0, which must be a multiple of `4 · width` bytes in every active lane (so the
/// vector lies inside one aligned 16-byte block, as the TMU's vector lookups require);
/// element `index` is the word at that address plus `4 · index`. Each element is still an
/// ordinary load or store of one word for every pass and for the interpreter; the backend
/// fuses the elements of an access that it finds together into one lookup, and selects an
/// element it finds alone as a scalar access.
///
/// Stored in ``Instruction/immediate`` (unused by loads and stores otherwise) as
/// `width << 8 | index`; 0 means a scalar access.
public struct VectorElement: Hashable, Sendable, CustomStringConvertible {
  /// Words in the whole access: 2 or 4.
  public var width: Int
  /// Which word of the access this instruction moves, `0 ..< width`.
  public var index: Int

  public init(width: Int, index: Int) {
    self.width = width
    self.index = index
  }

  /// The widths a vector access may have.
  public static let widths: Set<Int> = [2, 4]

  /// Whether width and index are valid.
  public var isValid: Bool { Self.widths.contains(width) && (0..<width).contains(index) }

  /// The byte alignment the access's address needs: `4 · width`.
  public var alignment: UInt32 { UInt32(4 * width) }

  /// The bits kept in ``Instruction/immediate``.
  public var bits: UInt32 { UInt32(width) << 8 | UInt32(index) }

  /// The textual form, e.g. `vec4 2`.
  public var description: String { "vec\(width) \(index)" }
}

extension Instruction {
  /// For a `load` or `store` that is one element of a vector access, which element of
  /// which width; `nil` for a scalar access and for every other opcode.
  public var vectorElement: VectorElement? {
    get {
      guard opcode == .load || opcode == .store, immediate != 0 else { return nil }
      return VectorElement(width: Int(immediate >> 8), index: Int(immediate & 0xFF))
    }
    set { immediate = newValue?.bits ?? 0 }
  }
}
