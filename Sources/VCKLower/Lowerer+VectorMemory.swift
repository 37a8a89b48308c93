import VCKIR
import VCKLang

/// `vloadN(p, i)` and `vstoreN(p, i, v)`: one IR `load`/`store` per element, each marked
/// with its ``VectorElement`` and all with the same address `p + 4·N·i` (element 0's) and
/// mask, so that the backend issues them as one TMU vector lookup.
extension Lowerer {
  /// The byte address of vector `index` of `width` elements: `pointer + (index << log2(4·width))`.
  mutating func vectorAddress(
    _ pointer: CheckedExpression, _ index: CheckedExpression, width: Int
  ) throws(LoweringError) -> Value {
    let base = try value(pointer)
    var offset = try value(index)
    if type(of: offset).scalar != .u32 { offset = emit(.convert, [offset], type: .u32) }
    let shift = UInt32((4 * width).trailingZeroBitCount)
    return emit(.add, [base, emit(.shl, [offset, constant(shift, .u32)])])
  }

  /// The elements of `vloadN(p, i)`.
  mutating func lowerVectorLoad(
    _ builtin: Builtin, _ arguments: [CheckedExpression], at expression: CheckedExpression
  ) throws(LoweringError) -> [Value] {
    guard let width = builtin.vectorWidth, arguments.count == 2,
      case .array(let element, _) = expression.type
    else { throw LoweringError("malformed '\(builtin.name)'", at: expression.range) }
    let address = try vectorAddress(arguments[0], arguments[1], width: width)
    let mask = activeMask()
    let loaded = ssa.builder.vectorLoad(element.ir, width: width, address: address, mask: mask)
    guard let mask, expression.uniformity == .uniform, type(of: address).shape == .uniform
    else { return loaded }
    // As for a uniform `p[i]` under a mask: the active lanes read the same words, the
    // others got 0, so the largest bit pattern over the active lanes is each word.
    return loaded.map { word in
      let bits = element.ir == .u32 ? word : emit(.bitcast, [word], type: .u32)
      let uniform = emit(.reduceMax, [bits, mask])
      return element.ir == .u32 ? uniform : emit(.bitcast, [uniform], type: element.ir)
    }
  }

  /// `vstoreN(p, i, v)`: the array's elements, then one store per element.
  mutating func lowerVectorStore(
    _ builtin: Builtin, _ arguments: [CheckedExpression], at expression: CheckedExpression
  ) throws(LoweringError) {
    guard let width = builtin.vectorWidth, arguments.count == 3 else {
      throw LoweringError("malformed '\(builtin.name)'", at: expression.range)
    }
    let address = try vectorAddress(arguments[0], arguments[1], width: width)
    let values = try arrayValues(arguments[2])
    guard values.count == width else {
      throw LoweringError(
        "'\(builtin.name)' needs \(width) elements, found \(values.count)", at: expression.range)
    }
    ssa.builder.vectorStore(values, address: address, mask: activeMask())
  }
}
