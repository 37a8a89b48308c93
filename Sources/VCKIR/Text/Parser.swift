/// A problem in IR text, with its line.
public struct IRParseError: Error, Hashable, Sendable, CustomStringConvertible {
  public var line: Int
  public var message: String
  public var description: String { "line \(line): \(message)" }
}

/// Reads the textual form that ``Printer`` writes (see docs/ir.md for the grammar), so
/// tests and tools can state IR as text. The result is not verified; run ``Verifier``
/// on it.
public enum IRParser {
  public static func parse(_ text: String) throws(IRParseError) -> Function {
    var parser = LineParser(lines: text.split(separator: "\n", omittingEmptySubsequences: false))
    return try parser.parseFunction()
  }
}

/// One token of a line.
private enum Token: Equatable {
  case word(String)  // opcodes, types, names, numbers, `varying`, `mask`
  case value(String)  // %name
  case block(String)  // ^name
  case symbol(Character)  // ( ) , : = { } *
  case function(String)  // @name
}

private func tokenize(_ line: Substring) -> [Token] {
  var tokens: [Token] = []
  var index = line.startIndex
  let symbols: Set<Character> = ["(", ")", ",", ":", "=", "{", "}", "*"]
  func isWordCharacter(_ character: Character) -> Bool {
    character.isLetter || character.isNumber || character == "_" || character == "."
      || character == "-" || character == "+"
  }
  while index < line.endIndex {
    let character = line[index]
    if character == "/" && line[index...].hasPrefix("//") { break }
    if character.isWhitespace {
      index = line.index(after: index)
      continue
    }
    if symbols.contains(character) {
      tokens.append(.symbol(character))
      index = line.index(after: index)
      continue
    }
    let isSigil = character == "%" || character == "^" || character == "@"
    var end = isSigil ? line.index(after: index) : index
    while end < line.endIndex && isWordCharacter(line[end]) { end = line.index(after: end) }
    if end == index { end = line.index(after: index) }
    let text = String(line[(isSigil ? line.index(after: index) : index)..<end])
    switch character {
    case "%": tokens.append(.value(text))
    case "^": tokens.append(.block(text))
    case "@": tokens.append(.function(text))
    default: tokens.append(.word(text))
    }
    index = end
  }
  return tokens
}

private struct LineParser {
  let lines: [Substring]
  var lineNumber = 0
  var tokens: [Token] = []
  var position = 0
  var function = Function(name: "", parameters: [])
  var values: [String: Value] = [:]
  var defined: Set<String> = []
  var blocks: [String: BlockID] = [:]

  init(lines: [Substring]) { self.lines = lines }

  func error(_ message: String) -> IRParseError { IRParseError(line: lineNumber, message: message) }

  /// Moves to the next line with tokens; false at the end of the text.
  mutating func nextLine() -> Bool {
    while lineNumber < lines.count {
      tokens = tokenize(lines[lineNumber])
      position = 0
      lineNumber += 1
      if !tokens.isEmpty { return true }
    }
    return false
  }

  var atEnd: Bool { position >= tokens.count }
  func peek() -> Token? { atEnd ? nil : tokens[position] }

  mutating func take() throws(IRParseError) -> Token {
    guard let token = peek() else { throw error("unexpected end of line") }
    position += 1
    return token
  }

  mutating func expect(_ symbol: Character) throws(IRParseError) {
    guard try take() == .symbol(symbol) else { throw error("expected '\(symbol)'") }
  }

  mutating func accept(_ symbol: Character) -> Bool {
    if peek() == .symbol(symbol) {
      position += 1
      return true
    }
    return false
  }

  mutating func word() throws(IRParseError) -> String {
    guard case .word(let text) = try take() else { throw error("expected a word") }
    return text
  }

  mutating func scalar() throws(IRParseError) -> ScalarType {
    let text = try word()
    guard let scalar = ScalarType(rawValue: text) else { throw error("unknown type '\(text)'") }
    return scalar
  }

  mutating func type() throws(IRParseError) -> IRType {
    if peek() == .word("varying") {
      position += 1
      return .varying(try scalar())
    }
    return .uniform(try scalar())
  }

  /// The value named `name`, made on first mention (its type is set where it is defined).
  mutating func value(named name: String) -> Value {
    if let value = values[name] { return value }
    let value = function.makeValue(.uniform(.u32))
    values[name] = value
    return value
  }

  mutating func define(_ name: String, type: IRType) throws(IRParseError) -> Value {
    guard defined.insert(name).inserted else { throw error("%\(name) is defined twice") }
    let value = value(named: name)
    function.valueTypes[value.id] = type
    return value
  }

  mutating func operand() throws(IRParseError) -> Value {
    guard case .value(let name) = try take() else { throw error("expected a %value") }
    return value(named: name)
  }

  mutating func blockID(_ name: String) -> BlockID {
    if let id = blocks[name] { return id }
    let id = BlockID(function.nextBlockID)
    function.nextBlockID += 1
    blocks[name] = id
    return id
  }

  mutating func target() throws(IRParseError) -> BlockTarget {
    guard case .block(let name) = try take() else { throw error("expected a ^block") }
    var arguments: [Value] = []
    if accept("(") {
      repeat { arguments.append(try operand()) } while accept(",")
      try expect(")")
    }
    return BlockTarget(blockID(name), arguments)
  }

  mutating func parseFunction() throws(IRParseError) -> Function {
    guard nextLine(), try word() == "kernel", case .function(let name) = try take() else {
      throw error("expected 'kernel @name('")
    }
    try expect("(")
    var parameters: [Parameter] = []
    var parameterNames: [String] = []
    if !accept(")") {
      repeat {
        guard case .value(let valueName) = try take() else { throw error("expected %value") }
        try expect(":")
        let isBuffer = accept("*")
        let scalar = try scalar()
        let parameterName = try word()
        parameters.append(
          Parameter(
            name: parameterName, kind: isBuffer ? .buffer(element: scalar) : .scalar(scalar)))
        parameterNames.append(valueName)
      } while accept(",")
      try expect(")")
    }
    var gridDimensions = 0
    if peek() == .word("grid") {
      position += 1
      guard let dimensions = Int(try word()), (1...3).contains(dimensions) else {
        throw error("expected 1, 2 or 3 grid dimensions")
      }
      gridDimensions = dimensions
    }
    try expect("{")
    function = Function(name: name, parameters: parameters)
    function.gridDimensions = gridDimensions
    function.blocks = []
    function.valueTypes = []
    function.nextBlockID = 0
    var entryParameters: [Value] = []
    for (valueName, parameter) in zip(parameterNames, parameters) {
      entryParameters.append(try define(valueName, type: parameter.valueType))
    }

    var current: Block? = nil
    var parsedEntry = false
    while nextLine() {
      if tokens == [.symbol("}")] {
        if current != nil { throw error("block without a terminator") }
        return try finish()
      }
      if case .block(let blockName) = tokens[0] {
        if current != nil { throw error("block without a terminator") }
        position = 1
        var block = Block(id: blockID(blockName))
        if accept("(") {
          var index = 0
          repeat {
            guard case .value(let valueName) = try take() else { throw error("expected %value") }
            try expect(":")
            let type = try type()
            if !parsedEntry, index < entryParameters.count,
              values[valueName] == entryParameters[index]
            {
              block.parameters.append(entryParameters[index])
            } else {
              block.parameters.append(try define(valueName, type: type))
            }
            index += 1
          } while accept(",")
          try expect(")")
        }
        try expect(":")
        if !parsedEntry && block.parameters != entryParameters {
          throw error("the entry block's parameters must be the kernel parameters")
        }
        parsedEntry = true
        current = block
        continue
      }
      guard var block = current else { throw error("instruction outside a block") }
      if let terminator = try parseTerminator() {
        block.terminator = terminator
        function.blocks.append(block)
        current = nil
      } else {
        block.instructions.append(try parseInstruction())
        current = block
      }
      if !atEnd { throw error("unexpected text after the instruction") }
    }
    throw error("missing '}'")
  }

  mutating func parseTerminator() throws(IRParseError) -> Terminator? {
    switch peek() {
    case .word("ret"):
      position += 1
      return .return
    case .word("br"):
      position += 1
      return .branch(try target())
    case .word("cbr"):
      position += 1
      let condition = try operand()
      try expect(",")
      let thenTarget = try target()
      try expect(",")
      return .conditionalBranch(condition: condition, then: thenTarget, else: try target())
    default: return nil
    }
  }

  mutating func parseInstruction() throws(IRParseError) -> Instruction {
    var resultName: String? = nil
    if case .value(let name) = peek(), position + 1 < tokens.count,
      tokens[position + 1] == .symbol("=")
    {
      resultName = name
      position += 2
    }
    let mnemonic = try word()
    guard let opcode = Opcode(rawValue: mnemonic) else {
      throw error("unknown opcode '\(mnemonic)'")
    }
    var operands: [Value] = []
    var immediateText: [String] = []
    var immediate: UInt32 = 0
    if opcode == .constant {
      while case .word(let text) = peek() {
        immediateText.append(text)
        position += 1
      }
    } else if peek() != .symbol(":") {
      if opcode == .load || opcode == .store, case .word(let text) = peek(), text.hasPrefix("vec") {
        position += 1
        guard let width = Int(text.dropFirst(3)), let index = Int(try word()),
          VectorElement(width: width, index: index).isValid
        else { throw error("expected 'vec2 K' or 'vec4 K' with K below the width") }
        immediate = VectorElement(width: width, index: index).bits
      }
      repeat {
        if peek() == .word("mask") { position += 1 }
        operands.append(try operand())
      } while accept(",")
    }
    try expect(":")
    let type = try type()
    if opcode == .constant { immediate = try constantBits(immediateText, type.scalar) }
    let result = try resultName.map { name throws(IRParseError) in try define(name, type: type) }
    return Instruction(opcode, operands, result: result, type: type, immediate: immediate)
  }

  func constantBits(_ words: [String], _ scalar: ScalarType) throws(IRParseError) -> UInt32 {
    if words.count == 2, words[0] == "bits", words[1].hasPrefix("0x"),
      let bits = UInt32(words[1].dropFirst(2), radix: 16)
    {
      return bits
    }
    guard words.count == 1 else { throw error("expected one constant") }
    let text = words[0]
    switch scalar {
    case .bool:
      guard text == "true" || text == "false" else { throw error("expected true or false") }
      return text == "true" ? 1 : 0
    case .u32:
      guard let value = UInt32(text) else { throw error("'\(text)' is not a u32") }
      return value
    case .i32:
      guard let value = Int32(text) else { throw error("'\(text)' is not an i32") }
      return UInt32(bitPattern: value)
    case .f32:
      guard let value = Float(text) else { throw error("'\(text)' is not an f32") }
      return value.bitPattern
    }
  }

  mutating func finish() throws(IRParseError) -> Function {
    if let undefined = values.keys.sorted().first(where: { !defined.contains($0) }) {
      throw error("%\(undefined) is used but never defined")
    }
    let present = Set(function.blocks.map(\.id))
    if let missing = blocks.first(where: { !present.contains($0.value) }) {
      throw error("^\(missing.key) is used but never defined")
    }
    guard !function.blocks.isEmpty else { throw error("a kernel needs a block") }
    return function
  }
}
