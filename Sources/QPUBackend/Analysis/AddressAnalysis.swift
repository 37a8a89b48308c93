import VCKIR

/// What the addresses of a function are made of, computed once per function for the
/// clients that reason about memory accesses:
///
/// - **the buffer** an address points into — the entry parameter it was computed from —
///   for the aliasing rule of the language (lang/spec.md §9): memory reached through
///   different buffer parameters does not overlap where it is written, so an access
///   through one needs no ordering against stores through another (`StoreSinking`, the
///   selector's `tmuwt` placement), and a buffer no store reaches may be read through the
///   uniform cache (`UniformStreamPlan`);
/// - **the linear form** of an address (``LinearAddress``): which addresses are a constant
///   distance apart, so that loads from consecutive words form one stream.
///
/// A value's buffer is the buffer parameter it was computed from by adding or subtracting
/// integers (`p + 4·i`, `p + 4·i − 8`), through selects and block parameters whose inputs
/// all agree. Anything else — two pointers combined, a pointer in other arithmetic, an
/// address built from integers alone, disagreeing inputs — has no known buffer, and an
/// access through it is ordered against every store (and never read as a stream).
///
/// The analysis depends on which instruction defines each value, not on the order of the
/// instructions in their blocks: it stays valid for the function with its stores sunk.
struct AddressAnalysis {
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
  /// The instruction that defines each value, by value id (nil: a block parameter).
  private var definitions: [IRInstruction?]
  /// The buffer parameters (entry parameter indices) a store or atomic may write: every
  /// buffer parameter when one store's buffer is not known.
  private(set) var writtenBuffers: Set<Int> = []
  /// The buffer parameters no store or atomic writes.
  private(set) var readOnlyBuffers: Set<Int> = []

  init(_ function: Function) {
    bases = Array(repeating: .undetermined, count: function.valueTypes.count)
    definitions = Array(repeating: nil, count: function.valueTypes.count)
    for block in function.blocks {
      for instruction in block.instructions {
        if let result = instruction.result { definitions[result.id] = instruction }
      }
    }
    guard let entry = function.blocks.first else { return }
    for (index, parameter) in entry.parameters.enumerated() {
      if index < function.parameters.count, case .buffer = function.parameters[index].kind {
        bases[parameter.id] = .parameter(index)
      } else {
        bases[parameter.id] = .integer
      }
    }
    findBases(function)
    let buffers = Set(
      function.parameters.indices.filter {
        if case .buffer = function.parameters[$0].kind { return true }
        return false
      })
    writtenBuffers = writtenBuffers(of: function) ?? buffers
    readOnlyBuffers = buffers.subtracting(writtenBuffers)
  }

  /// Iterates the transfer functions to their fixed point.
  private mutating func findBases(_ function: Function) {
    let entryParameters = Set(function.blocks.first?.parameters ?? [])
    let blocks = Dictionary(
      function.blocks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var changed = true
    func update(_ value: Value, _ base: Base) {
      let joined = bases[value.id].joined(with: base)
      if joined != bases[value.id] {
        bases[value.id] = joined
        changed = true
      }
    }
    while changed {
      changed = false
      for block in function.blocks {
        for instruction in block.instructions {
          guard let result = instruction.result else { continue }
          update(result, transfer(instruction))
        }
        for target in block.terminator.targets {
          guard let targetBlock = blocks[target.block] else { continue }
          for (parameter, argument) in zip(targetBlock.parameters, target.arguments)
          where !entryParameters.contains(parameter) {
            update(parameter, bases[argument.id])
          }
        }
      }
    }
  }

  private func transfer(_ instruction: IRInstruction) -> Base {
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
    case _ where instruction.opcode.isAtomic:
      return .integer  // the word the atomic read
    default:
      return operands.allSatisfy(isInteger) ? .integer : .unknown
    }
  }

  /// The stored-to buffers, or nil when a store's or atomic's buffer is not known.
  private func writtenBuffers(of function: Function) -> Set<Int>? {
    var written: Set<Int> = []
    for block in function.blocks {
      for instruction in block.instructions
      where instruction.opcode == .store || instruction.opcode.isAtomic {
        guard let buffer = buffer(of: instruction.operands[0]) else { return nil }
        written.insert(buffer)
      }
    }
    return written
  }

  /// The buffer parameter (entry parameter index) an access at `address` goes to, or nil
  /// if it is not known.
  func buffer(of address: Value) -> Int? {
    guard address.id < bases.count, case .parameter(let index) = bases[address.id] else {
      return nil
    }
    return index
  }

  /// `value` as a linear form over the values it is added up from: through additions,
  /// subtractions, and shifts and multiplications by constants, at most `depth` levels
  /// down; anything else is a term of its own.
  func linearForm(of value: Value, depth: Int = 8) -> LinearAddress {
    let leaf = LinearAddress(terms: [value: 1])
    guard depth > 0, let instruction = definition(value) else { return leaf }
    let operands = instruction.operands
    func constant(_ operand: Value) -> UInt32? {
      guard let definition = definition(operand), definition.opcode == .constant else {
        return nil
      }
      return definition.immediate
    }
    func form(_ operand: Value) -> LinearAddress { linearForm(of: operand, depth: depth - 1) }
    switch instruction.opcode {
    case .constant:
      return LinearAddress(constant: instruction.immediate)
    case .add:
      return form(operands[0]).adding(form(operands[1]))
    case .sub:
      return form(operands[0]).adding(form(operands[1]).scaled(by: UInt32.max))
    case .shl:
      guard let amount = constant(operands[1]), amount < 32 else { return leaf }
      return form(operands[0]).scaled(by: 1 << amount)
    case .mul:
      if let factor = constant(operands[1]) { return form(operands[0]).scaled(by: factor) }
      if let factor = constant(operands[0]) { return form(operands[1]).scaled(by: factor) }
      return leaf
    default:
      return leaf
    }
  }

  private func definition(_ value: Value) -> IRInstruction? {
    value.id < definitions.count ? definitions[value.id] : nil
  }
}
