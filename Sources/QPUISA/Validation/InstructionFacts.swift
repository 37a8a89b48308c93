/// What one instruction reads, writes and starts, as the pipeline rules need it.
public struct InstructionFacts: Sendable {
  public var isBranch = false
  public var isUniformBranch = false
  public var threadSwitch = false
  /// Registers written (accumulators as magic r0…r5, register-file entries).
  public var writes: [Destination] = []
  public var accumulatorReads: Set<UInt8> = []
  public var registerFileReads: Set<UInt8> = []
  /// Peripheral accesses other than ldtmu: TMU writes, SFU starts, TSY, TLB, VPM.
  public var peripheralWrites = 0
  public var tmuWrites = 0
  public var tmuLookups = 0
  public var tmuDataWrites = 0
  public var loadsTMUResult = false
  /// SFU started through a magic register (result in r4 two instructions later).
  public var magicSFUStart = false
  public var sfuStart = false
  public var uniformReads = 0
  public var readsUnifaStream = false
  public var readsMainStream = false
  public var writesUnifa = false
  public var barrier = false
  public var multop = false
  public var umul24 = false
  public var tmuwt = false
  public var usesFlags = false
  public var writesFlags = false
  public var rotation: Rotation?
  public var rotatedAccumulators: Set<UInt8> = []

  private static let sfuOpcodes: Set<AddOpcode> = [.recip, .rsqrt, .exp, .log, .sin, .rsqrt2]

  public init(_ instruction: Instruction) {
    self.init()
    switch instruction {
    case .branch(let branch):
      isBranch = true
      isUniformBranch = branch.uniformTarget != nil
      if branch.uniformTarget == .absolute || branch.uniformTarget == .relative {
        uniformReads += 1
        readsMainStream = true
      }
      if branch.condition != .always { usesFlags = true }
      if case .register(let n) = branch.target { registerFileReads.insert(n) }
      if case .register(let n) = branch.uniformTarget { registerFileReads.insert(n) }
    case .alu(let alu): describe(alu)
    }
  }

  private init() {}

  private mutating func describe(_ alu: ALUInstruction) {
    let signals = alu.signals
    threadSwitch = signals.contains(.thrsw)
    rotation = alu.rotation
    for (destination, flags, inputs): (Destination?, ALUFlags, [Source]) in [
      (alu.add.destination, alu.add.flags, alu.add.inputs),
      (alu.mul.destination, alu.mul.flags, alu.mul.inputs),
    ] {
      if flags.condition != nil { usesFlags = true }
      if flags.push != nil || flags.update != nil { writesFlags = true }
      if let destination { noteWrite(destination) }
      for input in inputs {
        switch input.mux {
        case .a: registerFileReads.insert(alu.raddrA)
        case .b:
          if !signals.contains(.smallImmediate) && !signals.contains(.rot) {
            registerFileReads.insert(alu.raddrB)
          }
        default: accumulatorReads.insert(input.mux.rawValue)
        }
      }
    }
    for input in alu.mul.inputs where alu.rotation != nil && input.mux.rawValue <= 5 {
      rotatedAccumulators.insert(input.mux.rawValue)
    }
    if Self.sfuOpcodes.contains(alu.add.opcode) {
      sfuStart = true
      peripheralWrites += 1
    }
    switch alu.add.opcode {
    case .barrierid: barrier = true
    case .tmuwt: tmuwt = true
    case .vfla, .vflna, .vflb, .vflnb, .flapush, .flbpush: usesFlags = true
    default: break
    }
    multop = alu.mul.opcode == .multop
    umul24 = alu.mul.opcode == .umul24
    if signals.contains(.ldtmu) { loadsTMUResult = true }
    if signals.contains(.ldtlb) || signals.contains(.ldtlbu) { peripheralWrites += 1 }
    if signals.contains(.ldunif) || signals.contains(.ldunifa) { writes.append(.magic(.r5)) }
    if let destination = alu.signalDestination { writes.append(destination) }
    uniformReads += signals.intersection([.ldunif, .ldunifrf, .ldtlbu, .wrtmuc]).isEmpty ? 0 : 1
    if !signals.intersection([.ldunif, .ldunifrf]).isEmpty { readsMainStream = true }
    if !signals.intersection([.ldunifa, .ldunifarf]).isEmpty { readsUnifaStream = true }
    if signals.contains(.ldtlbu) && signals.contains(.wrtmuc) { uniformReads += 1 }
  }

  private mutating func noteWrite(_ destination: Destination) {
    guard case .magic(let register) = destination else {
      writes.append(destination)
      return
    }
    if register.consumesUniform {
      uniformReads += 1
      readsMainStream = true
    }
    switch register.kind {
    case .accumulator:
      writes.append(register == .r5rep ? .magic(.r5) : destination)
    case .tmu:
      peripheralWrites += 1
      tmuWrites += 1
      if register == .tmua || register == .tmuau { tmuLookups += 1 }
      if register == .tmud { tmuDataWrites += 1 }
    case .sfu:
      peripheralWrites += 1
      magicSFUStart = true
      sfuStart = true
    case .synchronisation, .tlb, .vpm: peripheralWrites += 1
    case .uniformAddress: writesUnifa = true
    case .discard, .other: break
    }
  }

  /// Whether the instruction writes accumulator `n` (r5rep counts as r5).
  public func writesAccumulator(_ n: UInt8) -> Bool {
    writes.contains { destination in
      if case .magic(let register) = destination { return register.rawValue == n }
      return false
    }
  }

  /// Whether the instruction writes the register file.
  public var writesRegisterFile: Bool {
    writes.contains { if case .register = $0 { return true } else { return false } }
  }
}
