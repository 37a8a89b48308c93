import VCKIR

/// A source variable, one element of a register array, or a pseudo-variable that
/// lowering threads through SSA construction like any other variable.
enum VariableKey: Hashable {
  /// A scalar (or pointer) variable of one inlined function instance.
  case local(instance: Int, index: Int)
  /// One element of a register array: arrays are scalarised into values.
  case element(instance: Int, index: Int, element: Int)
  /// The lanes currently executing.
  case mask
  /// Lanes that left loop `scope` with a `break` in this iteration.
  case broken(scope: Int)
  /// Lanes that skipped to the next iteration of loop `scope` with `continue`.
  case continued(scope: Int)
  /// Lanes that returned from the kernel or helper `scope`.
  case returned(scope: Int)
  /// The result of helper `scope`.
  case result(scope: Int)
}

/// On-the-fly SSA construction (Braun, Buchwald, Hack, Leißa, Mallon, Zwinkau: "Simple
/// and Efficient Construction of Static Single Assignment Form", CC 2013) over an
/// ``IRBuilder``, with block parameters in place of phis.
///
/// Variables are written per block; a read looks backwards through predecessors and
/// adds a block parameter where definitions meet. Blocks whose predecessors are not all
/// known yet (loop headers, join points) are *unsealed*: reads there make provisional
/// parameters that get their arguments when the block is sealed. Trivial parameters are
/// left for ``RemoveTrivialParameters``.
struct SSAConstruction {
  var builder: IRBuilder
  /// The IR type of every variable, set before the variable is first written.
  var types: [VariableKey: IRType] = [:]
  /// Problems met (edges into sealed blocks, reads of unknown variables).
  var problems: [String] = []
  private var definitions: [VariableKey: [BlockID: Value]] = [:]
  private var sealed: Set<BlockID> = []
  private var incomplete: [BlockID: [(VariableKey, Value)]] = [:]
  private var predecessors: [BlockID: [BlockID]] = [:]
  /// Parameters whose placeholder arguments still need their real values.
  private var pending: [(VariableKey, Value, BlockID)] = []

  init(builder: IRBuilder) {
    self.builder = builder
    sealed.insert(builder.function.entry)
  }

  var currentBlock: BlockID { builder.currentBlock }

  /// A new, unsealed block.
  mutating func makeBlock() -> BlockID { builder.makeBlock().0 }

  mutating func position(at block: BlockID) { builder.position(at: block) }

  // MARK: Variables

  mutating func write(_ key: VariableKey, _ value: Value) {
    definitions[key, default: [:]][currentBlock] = value
  }

  mutating func read(_ key: VariableKey) -> Value { read(key, in: currentBlock) }

  /// The value of `key` at the end of `block`.
  ///
  /// Never recurses: a parameter made where predecessors meet gets placeholder
  /// arguments at once (keeping arguments in parameter order) and is queued; the queue
  /// then fills the arguments in, each lookup again only walking single-predecessor
  /// chains. So deeply nested or very long programs cannot overflow the stack.
  mutating func read(_ key: VariableKey, in block: BlockID) -> Value {
    let value = lookup(key, in: block)
    drainPendingArguments()
    return value
  }

  private mutating func lookup(_ key: VariableKey, in block: BlockID) -> Value {
    if let value = definitions[key]?[block] { return value }
    var chain: [BlockID] = []
    var current = block
    var value: Value
    while true {
      if let known = definitions[key]?[current] {
        value = known
        break
      }
      if !sealed.contains(current) {
        value = addParameter(for: key, to: current)
        incomplete[current, default: []].append((key, value))
        break
      }
      let incoming = predecessors[current] ?? []
      if incoming.count == 1 {
        chain.append(current)
        current = incoming[0]
        continue
      }
      if incoming.isEmpty {
        value = undefinedValue(for: key, in: current)
        break
      }
      value = addParameter(for: key, to: current)
      definitions[key, default: [:]][current] = value
      addPlaceholderArguments(for: key, parameter: value, of: current)
      break
    }
    definitions[key, default: [:]][current] = value
    for link in chain { definitions[key, default: [:]][link] = value }
    return value
  }

  private func type(of key: VariableKey) -> IRType {
    types[key] ?? .varying(.bool)
  }

  private mutating func addParameter(for key: VariableKey, to block: BlockID) -> Value {
    if types[key] == nil { problems.append("no type for variable \(key)") }
    return builder.addParameter(to: block, type: type(of: key))
  }

  /// Gives every edge into `block` an argument slot for `parameter` (the parameter
  /// itself, replaced when the queue is drained) and queues the real arguments.
  private mutating func addPlaceholderArguments(
    for key: VariableKey, parameter: Value, of block: BlockID
  ) {
    for predecessor in predecessors[block] ?? [] {
      builder.modifyBlock(predecessor) { predecessorBlock in
        predecessorBlock.terminator = predecessorBlock.terminator.mapTargets { target in
          target.block == block ? BlockTarget(block, target.arguments + [parameter]) : target
        }
      }
    }
    pending.append((key, parameter, block))
  }

  private mutating func drainPendingArguments() {
    while let (key, parameter, block) = pending.popLast() {
      guard let slot = builder.block(block).parameters.firstIndex(of: parameter) else {
        problems.append("lost parameter \(parameter)")
        continue
      }
      for predecessor in predecessors[block] ?? [] {
        let argument = lookup(key, in: predecessor)
        builder.modifyBlock(predecessor) { predecessorBlock in
          predecessorBlock.terminator = predecessorBlock.terminator.mapTargets { target in
            guard target.block == block, slot < target.arguments.count else { return target }
            var arguments = target.arguments
            arguments[slot] = argument
            return BlockTarget(block, arguments)
          }
        }
      }
    }
  }

  /// A value for a variable read where it has no definition (only in unreachable code
  /// or before a first assignment the checker allowed): zero.
  private mutating func undefinedValue(for key: VariableKey, in block: BlockID) -> Value {
    let scalar = type(of: key).scalar
    let value = builder.function.makeValue(.uniform(scalar))
    let zero = Instruction(.constant, [], result: value, type: .uniform(scalar))
    builder.modifyBlock(block) { $0.instructions.insert(zero, at: 0) }
    return value
  }

  /// Declares that every predecessor of `block` is known: provisional parameters get
  /// their arguments.
  mutating func seal(_ block: BlockID) {
    guard !sealed.contains(block) else { return }
    sealed.insert(block)
    for (key, parameter) in incomplete[block] ?? [] {
      addPlaceholderArguments(for: key, parameter: parameter, of: block)
    }
    incomplete[block] = nil
    drainPendingArguments()
  }

  // MARK: Terminators

  private mutating func addEdge(to target: BlockID) {
    if sealed.contains(target) {
      problems.append("edge into sealed block \(target)")
    }
    if !(predecessors[target] ?? []).contains(currentBlock) {
      predecessors[target, default: []].append(currentBlock)
    }
  }

  mutating func jump(to target: BlockID) {
    addEdge(to: target)
    builder.branch(to: target)
  }

  mutating func branch(if condition: Value, then thenBlock: BlockID, else elseBlock: BlockID) {
    addEdge(to: thenBlock)
    addEdge(to: elseBlock)
    builder.branch(if: condition, then: BlockTarget(thenBlock), else: BlockTarget(elseBlock))
  }

  mutating func returnFromKernel() { builder.returnFromKernel() }

  /// Continues in a fresh block nothing branches to (code after `return`/`break`).
  mutating func startUnreachableBlock() {
    let block = makeBlock()
    sealed.insert(block)
    position(at: block)
  }
}
