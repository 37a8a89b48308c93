import VCKIR
import VCKLang

extension Lowerer {
  mutating func lower(_ block: CheckedBlock) throws(LoweringError) {
    for statement in block.statements { try lower(statement) }
  }

  mutating func lower(_ statement: CheckedStatement) throws(LoweringError) {
    let enclosing = ssa.builder.sourceOffset
    ssa.builder.sourceOffset = Int32(clamping: statement.range.start)
    defer { ssa.builder.sourceOffset = enclosing }
    switch statement.kind {
    case .declaration(let id, let initialValue):
      declareType(of: id)
      let mask = allLanesActive ? nil : ssa.read(.mask)
      if case .array = frame.function[id].type {
        for (index, value) in try arrayValues(initialValue).enumerated() {
          ssa.write(elementKey(id, index), value)
          declarationMasks[elementKey(id, index)] = mask
        }
      } else {
        ssa.write(key(id), try value(initialValue))
        declarationMasks[key(id)] = mask
      }
    case .assignment(let target, let op, let newValue):
      try assign(to: target, op, newValue, at: statement.range)
    case .evaluate(let expression):
      if case .void = expression.type, case .call(let function, let arguments) = expression.kind {
        _ = try inline(function, arguments, at: expression.range)
      } else if case .builtin(let builtin, let arguments) = expression.kind,
        builtin.vectorWidth != nil
      {
        if builtin.isVectorLoad {
          _ = try lowerVectorLoad(builtin, arguments, at: expression)
        } else {
          try lowerVectorStore(builtin, arguments, at: expression)
        }
      } else {
        _ = try value(expression)
      }
    case .ifElse(let condition, let thenBlock, let elseBlock):
      if condition.uniformity == .uniform {
        try lowerUniformIf(condition, thenBlock, elseBlock)
      } else {
        try lowerVaryingIf(condition, thenBlock, elseBlock)
      }
    case .whileLoop(let condition, let body, let info):
      try lowerLoop(varying: info.isVarying || Self.needsMask(body), body: body) {
        lowerer throws(LoweringError) in
        try lowerer.value(condition)
      }
    case .forLoop(let counter, let start, let end, let step, let body, let info):
      declareType(of: counter)
      let first = try value(start)
      let limit = try value(end)
      let stride = try value(step)
      ssa.write(key(counter), first)
      if info.isVarying && allLanesActive && Self.canRunUnmasked(body) {
        try lowerMainLoop(counter: counter, limit: limit, stride: stride, body: body)
      }
      try lowerLoop(
        varying: info.isVarying || Self.needsMask(body), body: body,
        condition: { lowerer throws(LoweringError) in
          lowerer.emit(.lt, [lowerer.ssa.read(lowerer.key(counter)), limit])
        },
        increment: { lowerer in
          let next = lowerer.emit(.add, [lowerer.ssa.read(lowerer.key(counter)), stride])
          lowerer.assign(lowerer.key(counter), next)
        })
    case .unrolledFor(let counter, let start, let end, let step, let body):
      guard step > 0 else {
        throw LoweringError("'unroll for' needs a positive step", at: statement.range)
      }
      let count = end > start ? (end - start + step - 1) / step : 0
      guard count <= Int64(Self.maximumUnrolledIterations) else {
        throw LoweringError(
          "'unroll for' would repeat its body \(count) times (at most "
            + "\(Self.maximumUnrolledIterations))", at: statement.range)
      }
      var current = start
      while current < end {
        frames[frames.count - 1].unrollValues[counter] = current
        try lower(body)
        current += step
      }
      frames[frames.count - 1].unrollValues[counter] = nil
    case .returnStatement(let result):
      try lowerReturn(result, at: statement.range)
    case .breakStatement:
      try lowerBreak(at: statement.range)
    case .continueStatement:
      try lowerContinue(at: statement.range)
    case .barrier:
      ssa.builder.barrier()
    }
  }

  mutating func assign(
    to target: CheckedAssignmentTarget, _ op: BinaryOperator?, _ newValue: CheckedExpression,
    at range: SourceRange
  ) throws(LoweringError) {
    func combine(_ lowerer: inout Lowerer, _ old: Value, _ value: Value) throws(LoweringError)
      -> Value
    {
      guard let op else { return value }
      guard let opcode = Self.binaryOpcodes[op] else {
        throw LoweringError("unsupported compound assignment", at: range)
      }
      return lowerer.emit(opcode, [old, value])
    }
    switch target {
    case .variable(let id):
      if case .array(_, let count) = frame.function[id].type {
        guard op == nil else {
          throw LoweringError("compound assignment to a whole register array", at: range)
        }
        let values = try arrayValues(newValue)
        for index in 0..<min(count, values.count) { assign(elementKey(id, index), values[index]) }
        return
      }
      let value = try value(newValue)
      let combined = try combine(&self, op == nil ? value : ssa.read(key(id)), value)
      assign(key(id), combined)
    case .element(let id, let index):
      guard case .array(_, let count) = frame.function[id].type else {
        throw LoweringError("indexing a value that is not a register array", at: range)
      }
      let arrayExpression = CheckedExpression(
        kind: .variable(id), type: frame.function[id].type, uniformity: .varying, range: range)
      let element = try elementIndex(index, of: arrayExpression)
      guard element < count else { throw LoweringError("index out of bounds", at: range) }
      let value = try value(newValue)
      let elementKey = elementKey(id, element)
      let combined = try combine(&self, op == nil ? value : ssa.read(elementKey), value)
      assign(elementKey, combined)
    case .memory(let pointer, let index):
      let address = try address(pointer, index)
      let value = try value(newValue)
      var stored = value
      if op != nil {
        guard case .pointer(let element) = pointer.type else {
          throw LoweringError("storing through a value that is not a pointer", at: range)
        }
        let old = ssa.builder.load(element.ir, address: address, mask: activeMask())
        stored = try combine(&self, old, value)
      }
      ssa.builder.store(stored, address: address, mask: activeMask())
    }
  }
}
