/// Builds a QPU program in Swift: dual-issued add/mul pairs with signals,
/// labels, and branches whose targets are resolved when the program is
/// assembled.
///
/// ```swift
/// var program = ProgramBuilder()
/// program.emit(.eidx(.r0), signals: .ldunif)        // r0 = lane, r5 = uniform
/// program.emit(.shl(.r0, .r0, 2), .mov(.rf(1), .r5))
/// let loop = program.label("loop")
/// program.emit(.sub(.rf(1), .rf(1), 1).push(.pushz))
/// program.branch(to: loop, if: .anyna)
/// program.nop(3)                                    // the branch's delay slots
/// program.endProgram()
/// let words = try program.assemble().words
/// ```
public struct ProgramBuilder: Sendable {
  /// A position in the program that branches can target.
  public struct Label: Hashable, Sendable {
    fileprivate let id: Int
    /// The label's name in listings.
    public let name: String
  }

  private enum Item: Sendable {
    case alu(SymbolicALUInstruction)
    case branch(BranchInstruction, target: Label?)
    case assembly(ParsedInstruction)
  }

  private var items: [Item] = []
  private var labelNames: [String] = []
  private var positions: [Int: Int] = [:]

  public init() {}

  /// The number of instructions emitted so far.
  public var count: Int { items.count }

  /// A new label, not yet bound to a position.
  public mutating func newLabel(_ name: String? = nil) -> Label {
    let label = Label(id: labelNames.count, name: name ?? "L\(labelNames.count)")
    labelNames.append(label.name)
    return label
  }

  /// Binds a label to the next instruction's position.
  public mutating func bind(_ label: Label) {
    positions[label.id] = items.count
  }

  /// A new label bound to the next instruction's position.
  public mutating func label(_ name: String? = nil) -> Label {
    let label = newLabel(name)
    bind(label)
    return label
  }

  /// Emits one ALU instruction: an add and a mul operation issued together.
  public mutating func emit(
    _ add: SymbolicAddOperation = .nop, _ mul: SymbolicMulOperation = .nop,
    signals: Signals = [], to signalDestination: Destination? = nil, rotate: Rotation? = nil
  ) {
    items.append(
      .alu(
        SymbolicALUInstruction(
          add: add, mul: mul, signals: signals, signalDestination: signalDestination,
          rotation: rotate)))
  }

  /// Emits an ALU instruction.
  public mutating func emit(_ instruction: SymbolicALUInstruction) {
    items.append(.alu(instruction))
  }

  /// Emits `count` no-operation instructions carrying `signals`.
  public mutating func nop(_ count: Int = 1, signals: Signals = []) {
    for _ in 0..<count { emit(signals: signals) }
  }

  /// Emits a branch to a label. The three instructions after it (its delay
  /// slots) always execute; emit them next.
  public mutating func branch(
    to label: Label, if condition: BranchCondition = .always, msfign: MSFSign = .none,
    uniformTarget: UniformBranchTarget? = nil, writesLink: Bool = false
  ) {
    let branch = BranchInstruction(
      condition: condition, msfign: msfign, target: .relative(0), uniformTarget: uniformTarget,
      writesLink: writesLink)
    items.append(.branch(branch, target: label))
  }

  /// Emits a branch with an explicit target.
  public mutating func emit(_ branch: BranchInstruction) {
    items.append(.branch(branch, target: nil))
  }

  /// Emits one instruction written in text assembly. Branch targets may name
  /// labels created with ``label(_:)`` or ``newLabel(_:)``.
  public mutating func emit(assembly text: String) throws(AssemblyError) {
    do {
      items.append(.assembly(try InstructionSyntax.parse(Substring(text))))
    } catch {
      throw AssemblyError(diagnostics: [
        AssemblyDiagnostic(fileName: "<builder>", line: items.count, message: error.message)
      ])
    }
  }

  /// Emits the program end: the last-thread-switch marker pair, the final
  /// `thrsw` and its delay slots (the sequence py-videocore6 programs end
  /// with; see semantics.md §8.2). Make TMU writes complete first (`tmuwt`).
  public mutating func endProgram() {
    nop(signals: .thrsw)
    nop(signals: .thrsw)
    nop(2)
    nop(signals: .thrsw)
    nop(3)
  }

  /// Resolves labels and encodes every instruction. Errors name the
  /// instruction index as the line (`<builder>:N`, 1-based).
  public func assemble() throws(AssemblyError) -> AssembledProgram {
    var program = AssembledProgram(words: [], instructions: [], labels: [:], sourceLines: [])
    var labelsByName: [String: Int] = [:]
    for (id, position) in positions { labelsByName[labelNames[id]] = position }
    program.labels = labelsByName
    var diagnostics: [AssemblyDiagnostic] = []
    for (index, item) in items.enumerated() {
      func fail(_ message: String) {
        diagnostics.append(
          AssemblyDiagnostic(fileName: "<builder>", line: index + 1, message: message))
      }
      do {
        let instruction: Instruction
        switch item {
        case .alu(let symbolic):
          instruction = .alu(try symbolic.resolved())
        case .branch(var branch, let label?):
          guard let target = positions[label.id] else {
            fail("label '\(label.name)' is never bound")
            continue
          }
          branch.target = .relative(Int32((target - (index + 4)) * 8))
          instruction = .branch(branch)
        case .branch(let branch, nil):
          instruction = .branch(branch)
        case .assembly(let parsed):
          instruction = try Assembler.resolve(parsed, at: index, labels: labelsByName)
        }
        let word = try instruction.encoded()
        program.words.append(word)
        program.instructions.append(try Instruction(decoding: word))
        program.sourceLines.append(index + 1)
      } catch let error as EncodingError {
        fail(error.description)
      } catch let error as LineError {
        fail(error.message)
      } catch {
        fail("\(error)")
      }
    }
    if !diagnostics.isEmpty { throw AssemblyError(diagnostics: diagnostics) }
    return program
  }
}
