extension SymbolicALUInstruction {
  /// The instruction at mux level: register-file reads assigned to raddr_a
  /// and raddr_b, a small immediate to raddr_b with the smimm signal, a
  /// rotation to raddr_b with the rot signal.
  ///
  /// Ports go in order of first appearance (add A, add B, mul A, mul B); for
  /// fadd/faddnf and fmin/fmax the ports are swapped when that makes the
  /// operand order select the written operation (encoding.md §13.2), so
  /// disassembled text assembles back to the same word.
  public func resolved() throws(EncodingError) -> ALUInstruction {
    let slots = [add.a, add.b, mul.a, mul.b]
    var registers: [UInt8] = []
    var immediates: [UInt32] = []
    for case let source? in slots {
      switch source.operand {
      case .accumulator(let n) where n > 5:
        throw .outOfRange("accumulator r\(n) does not exist (r0…r5)")
      case .register(let n) where n > 63:
        throw .outOfRange("register rf\(n) does not exist (rf0…rf63)")
      case .register(let n) where !registers.contains(n): registers.append(n)
      case .immediate(let v) where !immediates.contains(v): immediates.append(v)
      default: break
      }
    }
    var signals = self.signals
    var raddrB: UInt8?
    var raddrBUse = ""
    if immediates.count > 1 {
      throw .invalidOperands(
        "two different small immediates (\(immediates.map(SmallImmediate.text).joined(separator: ", "))); "
          + "an instruction holds one, in raddr_b")
    }
    if let value = immediates.first {
      guard let index = SmallImmediate.index(of: value) else {
        throw .notSmallImmediate(
          "\(SmallImmediate.describe(value)) is not a small immediate (they are the integers "
            + "-16…15 and the powers of two 2^-8…2^7 as f32)")
      }
      if rotation != nil {
        throw .invalidOperands("a small immediate cannot share an instruction with rot")
      }
      signals.insert(.smallImmediate)
      if SignalTable.codes[signals] == nil {
        throw .invalidSignals(
          "a small immediate cannot share an instruction with "
            + "\(self.signals.names.joined(separator: " + ")) (smimm combines only with ldvary or ldtmu)"
        )
      }
      raddrB = index
      raddrBUse = "the small immediate \(SmallImmediate.text(value))"
    }
    if let rotation {
      signals.insert(.rot)
      raddrB = rotation.raddrB
      raddrBUse = "the rotate amount"
    }
    var raddrA: UInt8 = 0
    var portOfRegister: [UInt8: Mux] = [:]
    if raddrB != nil {
      if registers.count > 1 {
        throw .invalidOperands(
          "reads \(registers.map { "rf\($0)" }.joined(separator: " and ")), but raddr_b holds "
            + "\(raddrBUse): only one register-file read is left")
      }
    } else if registers.count > 2 {
      throw .invalidOperands(
        "reads \(registers.count) register-file entries (\(registers.map { "rf\($0)" }.joined(separator: ", "))); "
          + "an instruction has two read ports, raddr_a and raddr_b")
    }
    if let first = registers.first {
      raddrA = first
      portOfRegister[first] = .a
    }
    if registers.count == 2 {
      raddrB = registers[1]
      portOfRegister[registers[1]] = .b
    }
    func source(_ s: SymbolicSource?) -> Source? {
      guard let s else { return nil }
      switch s.operand {
      case .accumulator(let n): return Source(Mux(rawValue: n)!, s.unpack)
      case .register(let n): return Source(portOfRegister[n]!, s.unpack)
      case .immediate: return Source(.b, s.unpack)
      }
    }
    var result = ALUInstruction(
      add: AddOperation(
        add.opcode, destination: add.destination, a: source(add.a), b: source(add.b),
        pack: add.pack, flags: add.flags),
      mul: MulOperation(
        mul.opcode, destination: mul.destination, a: source(mul.a), b: source(mul.b),
        pack: mul.pack, flags: mul.flags),
      signals: signals, signalDestination: signalDestination, raddrA: raddrA,
      raddrB: raddrB ?? 0)
    result.fixOperandOrder(registers: registers, raddrBIsFree: raddrBUse.isEmpty)
    return result
  }
}

extension ALUInstruction {
  /// Swaps the register ports when that makes fadd/faddnf or fmin/fmax decode
  /// as written; otherwise the encoder swaps the operands themselves.
  fileprivate mutating func fixOperandOrder(registers: [UInt8], raddrBIsFree: Bool) {
    let row = AddOpcodeTable.row(add.opcode)
    guard row.order != .any, let a = add.a, let b = add.b, raddrBIsFree else { return }
    let wantDescending = row.order == .descending
    func ordered(_ x: Source, _ y: Source) -> Bool {
      let (kx, ky) = (OperationCoding.orderKey(x), OperationCoding.orderKey(y))
      return wantDescending ? kx > ky : kx <= ky
    }
    if ordered(a, b) { return }
    if registers.count == 2 {
      var swapped = self
      swapped.raddrA = raddrB
      swapped.raddrB = raddrA
      swapped.flipPorts()
      if ordered(swapped.add.a!, swapped.add.b!) { self = swapped }
    } else if registers.count == 1, a == b, a.mux == .a, wantDescending {
      // The same register through both ports: A via raddr_b, B via raddr_a.
      raddrB = raddrA
      add.a?.mux = .b
    }
  }

  private mutating func flipPorts() {
    func flip(_ s: inout Source?) {
      if s?.mux == .a {
        s?.mux = .b
      } else if s?.mux == .b {
        s?.mux = .a
      }
    }
    flip(&add.a)
    flip(&add.b)
    flip(&mul.a)
    flip(&mul.b)
  }
}
