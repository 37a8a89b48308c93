import VCKIR

/// Which buffer parameter each IR value points into, for the aliasing rule of the language
/// (lang/spec.md §9): memory reached through different buffer parameters does not overlap
/// where it is written, so an access through one needs no ordering against stores through
/// another.
///
/// A value's base is the buffer parameter it was computed from by adding or subtracting
/// integers (`p + 4·i`, `p + 4·i − 8`), through selects and block parameters whose inputs
/// all agree. Anything else — two pointers combined, an address built from integers alone,
/// disagreeing inputs — has no known base, and an access through it is ordered against
/// every store.
struct PointerBases {
  /// What a value is, as far as addresses go.
  enum Base: Hashable {
    /// Not reached yet by the analysis (block parameters in loops start here).
    case undetermined
    /// An integer not derived from any buffer parameter.
    case integer
    /// An address in the buffer of entry parameter `index`.
    case parameter(Int)
    /// Derived from pointers in a way the analysis does not follow.
    case unknown

    func joined(with other: Base) -> Base {
      if self == .undetermined { return other }
      if other == .undetermined || other == self { return self }
      return .unknown
    }
  }

  private var bases: [Base]

  init(_ function: Function) {
    bases = Array(repeating: .undetermined, count: function.valueTypes.count)
    guard let entry = function.blocks.first else { return }
    for (index, parameter) in entry.parameters.enumerated() {
      if index < function.parameters.count, case .buffer = function.parameters[index].kind {
        bases[parameter.id] = .parameter(index)
      } else {
        bases[parameter.id] = .integer
      }
    }
    let entryParameters = Set(entry.parameters)
    var changed = true
    while changed {
      changed = false
      func update(_ value: Value, _ base: Base) {
        let joined = bases[value.id].joined(with: base)
        if joined != bases[value.id] {
          bases[value.id] = joined
          changed = true
        }
      }
      for block in function.blocks {
        for instruction in block.instructions {
          guard let result = instruction.result else { continue }
          update(result, transfer(instruction))
        }
        for target in block.terminator.targets {
          guard let targetBlock = function.blocks.first(where: { $0.id == target.block })
          else { continue }
          for (parameter, argument) in zip(targetBlock.parameters, target.arguments)
          where !entryParameters.contains(parameter) {
            update(parameter, bases[argument.id])
          }
        }
      }
    }
  }

  private func transfer(_ instruction: Instruction) -> Base {
    let operands = instruction.operands.map { bases[$0.id] }
    func isInteger(_ base: Base) -> Bool { base == .integer || base == .undetermined }
    switch instruction.opcode {
    case .add:
      if isInteger(operands[0]) { return operands[1] == .undetermined ? .integer : operands[1] }
      if isInteger(operands[1]) { return operands[0] }
      return .unknown
    case .sub:
      return isInteger(operands[1])
        ? (operands[0] == .undetermined ? .integer : operands[0])
        : .unknown
    case .select:
      return operands[1].joined(with: operands[2])
    case .load, .constant:
      // The language has no conversion from integers to pointers: a loaded word is an
      // integer, never an address on its own.
      return .integer
    default:
      return operands.allSatisfy(isInteger) ? .integer : .unknown
    }
  }

  /// The buffer parameter an access at `address` goes to, or nil if it is not known.
  func parameter(of address: Value) -> Int? {
    if case .parameter(let index) = bases[address.id] { return index }
    return nil
  }

  /// The entry parameters `function` may store through (stores and atomics); every
  /// buffer parameter when one store's buffer is not known.
  func writtenParameters(of function: Function) -> Set<Int> {
    var written: Set<Int> = []
    for block in function.blocks {
      for instruction in block.instructions
      where instruction.opcode == .store || instruction.opcode.isAtomic {
        guard let parameter = parameter(of: instruction.operands[0]) else {
          return Set(
            function.parameters.indices.filter {
              if case .buffer = function.parameters[$0].kind { return true }
              return false
            })
        }
        written.insert(parameter)
      }
    }
    return written
  }
}

/// The stores that may still be in flight (not waited for with `tmuwt`) at a point: the
/// buffer parameters they went to, and whether one went through an unknown address.
struct PendingStores: Hashable {
  var parameters: Set<Int> = []
  var unknown = false

  var isEmpty: Bool { parameters.isEmpty && !unknown }

  /// Whether an access through `parameter` (nil: unknown) must wait for these stores:
  /// the same buffer, or either side not known.
  func conflict(with parameter: Int?) -> Bool {
    guard let parameter else { return !isEmpty }
    return unknown || parameters.contains(parameter)
  }

  mutating func insert(_ parameter: Int?) {
    if let parameter { parameters.insert(parameter) } else { unknown = true }
  }

  mutating func formUnion(_ other: PendingStores) {
    parameters.formUnion(other.parameters)
    unknown = unknown || other.unknown
  }
}
