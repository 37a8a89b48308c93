/// The typing rules of the IR, shared by the builder (to infer result types) and the
/// verifier (to check them).
public enum TypeRules {
  /// The least result type of `opcode` applied to operands of `operandTypes`, or a
  /// message saying why the operands are ill-typed.
  ///
  /// `declared` is the result scalar for opcodes whose result type is not implied by
  /// their operands (`const`, `convert`, `bitcast`, `load`); `store` returns the stored
  /// value's type.
  public static func resultType(
    of opcode: Opcode, operands operandTypes: [IRType], declared: ScalarType? = nil
  ) -> Result<IRType, TypeError> {
    let shape = operandTypes.reduce(Shape.uniform) { $0.joined(with: $1.shape) }
    func fail(_ message: String) -> Result<IRType, TypeError> {
      .failure(TypeError(message: "\(opcode.rawValue): \(message)"))
    }
    func arity(_ expected: ClosedRange<Int>) -> Bool { expected.contains(operandTypes.count) }
    let scalars = operandTypes.map(\.scalar)

    switch opcode.info.category {
    case .constant:
      guard arity(0...0), let declared else { return fail("takes no operands and a type") }
      return .success(.uniform(declared))
    case .index:
      guard arity(0...0) else { return fail("takes no operands") }
      return .success(IRType(.u32, opcode == .lane ? .varying : .uniform))
    case .arithmetic(let integerOnly):
      guard arity(2...2), scalars[0] == scalars[1] else {
        return fail("needs two operands of one type")
      }
      guard integerOnly ? scalars[0].isInteger : scalars[0].isNumeric else {
        return fail("not defined on \(scalars[0].rawValue)")
      }
      if opcode == .mul24 && scalars[0] != .u32 { return fail("needs u32 operands") }
      return .success(IRType(scalars[0], shape))
    case .bitwise:
      guard arity(2...2), scalars[0] == scalars[1], scalars[0] != .f32 else {
        return fail("needs two integer or bool operands of one type")
      }
      return .success(IRType(scalars[0], shape))
    case .shift:
      guard arity(2...2), scalars[0].isInteger, scalars[1].isInteger else {
        return fail("needs an integer value and an integer amount")
      }
      return .success(IRType(scalars[0], shape))
    case .comparison(let ordered):
      guard arity(2...2), scalars[0] == scalars[1] else {
        return fail("needs two operands of one type")
      }
      if ordered && !scalars[0].isNumeric { return fail("cannot order bool values") }
      return .success(IRType(.bool, shape))
    case .unary(let floatOnly, let integerOrBool):
      guard arity(1...1) else { return fail("takes one operand") }
      let scalar = scalars[0]
      let allowed =
        floatOnly ? scalar == .f32 : integerOrBool ? scalar != .f32 : scalar.isNumeric
      guard allowed, opcode != .clz || scalar == .u32 else {
        return fail("not defined on \(scalar.rawValue)")
      }
      return .success(IRType(scalar, shape))
    case .conversion:
      guard arity(1...1), let declared else { return fail("takes one operand and a type") }
      if opcode == .bitcast && (scalars[0] == .bool || declared == .bool) {
        return fail("cannot reinterpret bool")
      }
      if opcode == .convert && (scalars[0] == .bool) != (declared == .bool) {
        return fail("cannot convert between bool and numbers")
      }
      return .success(IRType(declared, shape))
    case .select:
      guard arity(3...3), scalars[0] == .bool, scalars[1] == scalars[2] else {
        return fail("needs a bool condition and two operands of one type")
      }
      return .success(IRType(scalars[1], shape))
    case .laneMove:
      guard arity(2...2), operandTypes[1].shape == .uniform, scalars[1].isInteger else {
        return fail("needs a value and a uniform integer lane amount")
      }
      return .success(IRType(scalars[0], opcode == .broadcast ? .uniform : operandTypes[0].shape))
    case .reduction:
      guard arity(1...2), scalars[0].isNumeric else { return fail("needs a numeric operand") }
      if operandTypes.count == 2 && scalars[1] != .bool { return fail("mask must be bool") }
      return .success(.uniform(scalars[0]))
    case .vote:
      guard arity(1...1), scalars[0] == .bool else { return fail("needs a bool operand") }
      return .success(.uniform(.bool))
    case .load:
      guard arity(1...2), scalars[0] == .u32, let declared, declared != .bool else {
        return fail("needs a u32 address and a 32-bit element type")
      }
      if operandTypes.count == 2 && scalars[1] != .bool { return fail("mask must be bool") }
      return .success(IRType(declared, shape))
    case .store:
      guard arity(2...3), scalars[0] == .u32, scalars[1] != .bool else {
        return fail("needs a u32 address and a 32-bit value")
      }
      if operandTypes.count == 3 && scalars[2] != .bool { return fail("mask must be bool") }
      return .success(operandTypes[1])
    case .atomic:
      let data = opcode.atomicDataCount
      guard arity((data + 1)...(data + 2)), scalars[0] == .u32 else {
        return fail("needs a u32 address, \(data) operand(s) and an optional mask")
      }
      let value = scalars[1]
      guard scalars[1...data].allSatisfy({ $0 == value }) else {
        return fail("operands must have one type")
      }
      let allowed = opcode == .atomicExchange ? value != .bool : value.isInteger
      guard allowed else { return fail("not defined on \(value.rawValue)") }
      if operandTypes.count == data + 2 && scalars[data + 1] != .bool {
        return fail("mask must be bool")
      }
      return .success(.varying(value))
    case .barrier:
      guard arity(0...0) else { return fail("takes no operands") }
      return .success(.uniform(.bool))
    }
  }
}

/// A typing rule broken by an instruction.
public struct TypeError: Error, Hashable, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}
