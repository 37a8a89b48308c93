/// Builds a ``Function`` instruction by instruction, inferring result types.
///
/// The builder never traps: an ill-typed request is recorded in ``errors`` (and the
/// verifier rejects the function), so front ends can check once at the end.
public struct IRBuilder {
  /// The function being built.
  public var function: Function
  /// The block new instructions go to.
  public var currentBlock: BlockID
  /// The source offset stamped on the instructions ``emit(_:_:type:immediate:)`` creates
  /// (see ``Instruction/sourceOffset``); -1 when unknown.
  public var sourceOffset: Int32 = -1
  /// Typing problems met so far.
  public private(set) var errors: [TypeError] = []
  private var blockIndex: [BlockID: Int]

  /// Starts a kernel with the given parameters; the entry block is the insertion point.
  public init(name: String, parameters: [Parameter]) {
    function = Function(name: name, parameters: parameters)
    currentBlock = function.entry
    blockIndex = [function.entry: 0]
  }

  /// The kernel parameters' values, in order.
  public var parameterValues: [Value] { function.blocks[0].parameters }

  /// A new empty block with parameters of the given types.
  public mutating func makeBlock(parameterTypes: [IRType] = []) -> (BlockID, [Value]) {
    let id = function.appendBlock()
    blockIndex[id] = function.blocks.count - 1
    let values = parameterTypes.map { function.makeValue($0) }
    function.blocks[function.blocks.count - 1].parameters = values
    return (id, values)
  }

  /// Adds one parameter to `block` and returns it.
  public mutating func addParameter(to block: BlockID, type: IRType) -> Value {
    let value = function.makeValue(type)
    function.blocks[index(block)].parameters.append(value)
    return value
  }

  /// Makes `block` the insertion point.
  public mutating func position(at block: BlockID) { currentBlock = block }

  /// The block with identity `id`.
  public func block(_ id: BlockID) -> Block { function.blocks[index(id)] }

  /// Changes the block with identity `id`.
  public mutating func modifyBlock(_ id: BlockID, _ change: (inout Block) -> Void) {
    change(&function.blocks[index(id)])
  }

  private func index(_ id: BlockID) -> Int { blockIndex[id] ?? 0 }

  // MARK: Instructions

  /// Appends `opcode(operands)` to the current block and returns its result.
  @discardableResult
  public mutating func emit(
    _ opcode: Opcode, _ operands: [Value], type declared: ScalarType? = nil,
    immediate: UInt32 = 0
  ) -> Value {
    let operandTypes = operands.map { function.type(of: $0) }
    let type: IRType
    switch TypeRules.resultType(of: opcode, operands: operandTypes, declared: declared) {
    case .success(let inferred): type = inferred
    case .failure(let error):
      errors.append(error)
      type = IRType(declared ?? operandTypes.first?.scalar ?? .u32, .varying)
    }
    let result = function.makeValue(type)
    var instruction = Instruction(
      opcode, operands, result: result, type: type, immediate: immediate)
    instruction.sourceOffset = sourceOffset
    append(instruction)
    return result
  }

  /// Appends an instruction as it is (no inference), e.g. one copied from elsewhere.
  public mutating func append(_ instruction: Instruction) {
    function.blocks[index(currentBlock)].instructions.append(instruction)
  }

  /// A uniform constant with the given bit pattern.
  public mutating func constant(bits: UInt32, _ scalar: ScalarType) -> Value {
    emit(.constant, [], type: scalar, immediate: scalar == .bool ? (bits == 0 ? 0 : 1) : bits)
  }
  /// A uniform `u32` constant.
  public mutating func constant(_ value: UInt32) -> Value { constant(bits: value, .u32) }
  /// A uniform `i32` constant.
  public mutating func constant(_ value: Int32) -> Value {
    constant(bits: UInt32(bitPattern: value), .i32)
  }
  /// A uniform `f32` constant.
  public mutating func constant(_ value: Float) -> Value { constant(bits: value.bitPattern, .f32) }
  /// A uniform `bool` constant.
  public mutating func constant(_ value: Bool) -> Value { constant(bits: value ? 1 : 0, .bool) }

  /// A load of a `scalar` from the per-lane byte address `address`.
  public mutating func load(_ scalar: ScalarType, address: Value, mask: Value? = nil) -> Value {
    emit(.load, [address] + (mask.map { [$0] } ?? []), type: scalar)
  }

  /// The `width` words of a vector access at `address` (element 0's address, a multiple
  /// of `4 · width` bytes): one `load` per element, marked with its ``VectorElement``.
  public mutating func vectorLoad(
    _ scalar: ScalarType, width: Int, address: Value, mask: Value? = nil
  ) -> [Value] {
    (0..<width).map { index in
      emit(
        .load, [address] + (mask.map { [$0] } ?? []), type: scalar,
        immediate: VectorElement(width: width, index: index).bits)
    }
  }

  /// Stores `values` as one vector access at `address` (element 0's address, a multiple
  /// of `4 · values.count` bytes): one `store` per element, marked with its
  /// ``VectorElement``.
  public mutating func vectorStore(_ values: [Value], address: Value, mask: Value? = nil) {
    for (element, value) in values.enumerated() {
      store(value, address: address, mask: mask)
      let block = index(currentBlock)
      let last = function.blocks[block].instructions.count - 1
      function.blocks[block].instructions[last].vectorElement = VectorElement(
        width: values.count, index: element)
    }
  }

  /// A store of `value` to the per-lane byte address `address`.
  public mutating func store(_ value: Value, address: Value, mask: Value? = nil) {
    let operands = [address, value] + (mask.map { [$0] } ?? [])
    let operandTypes = operands.map { function.type(of: $0) }
    var type = function.type(of: value)
    switch TypeRules.resultType(of: .store, operands: operandTypes) {
    case .success(let stored): type = stored
    case .failure(let error): errors.append(error)
    }
    append(Instruction(.store, operands, result: nil, type: type))
  }

  /// A barrier: every QPU of the launch waits here for all the others.
  public mutating func barrier() {
    append(Instruction(.barrier, [], result: nil, type: .uniform(.bool)))
  }

  // MARK: Terminators

  /// Ends the current block with `terminator`.
  public mutating func terminate(_ terminator: Terminator) {
    function.blocks[index(currentBlock)].terminator = terminator
  }

  /// Ends the current block with `br block(arguments)`.
  public mutating func branch(to block: BlockID, _ arguments: [Value] = []) {
    terminate(.branch(BlockTarget(block, arguments)))
  }

  /// Ends the current block with `cbr condition, then, else` (a uniform condition).
  public mutating func branch(
    if condition: Value, then thenTarget: BlockTarget, else elseTarget: BlockTarget
  ) {
    terminate(.conditionalBranch(condition: condition, then: thenTarget, else: elseTarget))
  }

  /// Ends the current block with `ret`.
  public mutating func returnFromKernel() { terminate(.return) }
}
