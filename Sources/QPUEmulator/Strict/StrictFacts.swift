import QPUISA

/// Works out, once per instruction word, which strict-mode rules an
/// instruction can trip and which it imposes on the instructions after it.
enum StrictFacts {
  static func derive(_ d: inout DecodedInstruction, _ alu: ALUInstruction, fourThreadMode: Bool) {
    let signals = alu.signals
    let smallImmediate = signals.contains(.smallImmediate)
    let inputs = alu.add.inputs + alu.mul.inputs
    let destinations = [alu.add.destination, alu.mul.destination, alu.signalDestination]
      .compactMap { $0 }
    let magicWrites = destinations.compactMap { destination -> MagicRegister? in
      if case .magic(let m) = destination { return m }
      return nil
    }
    var hazards: UInt64 = 0

    // Accumulators read and written.
    var accumulatorReads: UInt8 = 0
    for input in inputs where input.mux.rawValue <= 5 {
      accumulatorReads |= 1 << input.mux.rawValue
    }
    var accumulatorWrites: UInt8 = 0
    for m in magicWrites where m.rawValue <= 5 { accumulatorWrites |= 1 << m.rawValue }
    if magicWrites.contains(.r5rep) || signals.contains(.ldunif) || signals.contains(.ldunifa) {
      accumulatorWrites |= 1 << 5
    }
    d.accumulatorReads = accumulatorReads
    d.accumulatorWrites = accumulatorWrites
    if accumulatorReads & (1 << 4) != 0 { hazards |= StrictRule.r4ReadAfterSFU.bit }
    if accumulatorWrites & (1 << 4) != 0 { hazards |= StrictRule.r4WriteAfterSFU.bit }
    for n in 0..<6 where accumulatorWrites & (1 << n) != 0 {
      d.imposes1 |= UInt64(1) << UInt64(StrictRule.rotateAfterR0Write.rawValue + n)
    }
    if accumulatorWrites & (1 << 5) != 0 { d.imposes1 |= StrictRule.rotateAmountAfterR5Write.bit }

    // SFU.
    let sfuMagic = magicWrites.filter { $0.kind == .sfu }.count
    let sfuOperation = Predecoder.sfuFunction(alu.add.opcode) != nil ? 1 : 0
    if sfuMagic + sfuOperation > 0 {
      hazards |= HazardBits.of(.sfuAfterSFU, .sfuInThrswDelaySlot)
    }
    if sfuMagic > 0 { d.imposes1 |= HazardBits.afterSFU }

    // Uniform streams.
    let mainUniformReads =
      [Signals.ldunif, .ldunifrf, .wrtmuc, .ldtlbu].filter { signals.contains($0) }.count
      + magicWrites.filter(\.consumesUniform).count
    if mainUniformReads > 0 {
      hazards |= HazardBits.of(.uniformInBranchDelaySlot, .uniformInThreadEnd)
    }
    let secondStreamReads = [Signals.ldunifa, .ldunifarf].filter { signals.contains($0) }.count
    if secondStreamReads > 0 { hazards |= StrictRule.ldunifaTooSoonAfterUnifa.bit }
    if magicWrites.contains(.unifa) {
      hazards |= StrictRule.unifaWriteInBranchDelaySlot.bit
      d.imposes1 |= HazardBits.afterUnifa
      d.imposes2 |= HazardBits.afterUnifa
      d.imposes3 |= HazardBits.afterUnifa
    }
    if signals.contains(.thrsw) { hazards |= StrictRule.thrswInBranchDelaySlot.bit }

    // Register file.
    let registerWrites = destinations.filter {
      if case .register = $0 { return true }
      return false
    }
    if !registerWrites.isEmpty { hazards |= StrictRule.registerFileWriteInThreadEnd.bit }
    var registersRead: [UInt8] = []
    for input in inputs {
      if input.mux == .a { registersRead.append(alu.raddrA) }
      if input.mux == .b && !smallImmediate { registersRead.append(alu.raddrB) }
    }
    if registersRead.contains(where: { $0 <= 2 }) {
      hazards |= StrictRule.payloadReadInThreadEnd.bit
    }
    if alu.add.opcode == .tmuwt { hazards |= StrictRule.tmuwtInLastInstruction.bit }
    if alu.add.opcode == .barrierid || magicWrites.contains(.syncb) {
      hazards |= StrictRule.barrierInThrswDelaySlot.bit
    }

    // Rotation.
    if let rotation = alu.rotation {
      for input in alu.mul.inputs where input.mux.rawValue <= 5 {
        hazards |=
          UInt64(1) << UInt64(StrictRule.rotateAfterR0Write.rawValue + Int(input.mux.rawValue))
      }
      if rotation == .byR5 { hazards |= StrictRule.rotateAmountAfterR5Write.bit }
    }
    d.hazards |= hazards

    // Rules of the instruction alone.
    var violations: [StrictRule] = []
    let tmuWrites = magicWrites.filter { $0.kind == .tmu }.count
    let ldtmu = signals.contains(.ldtmu) ? 1 : 0
    let others =
      sfuMagic + sfuOperation
      + magicWrites.filter { [.synchronisation, .tlb, .vpm].contains($0.kind) }.count
      + [Signals.ldtlb, .ldtlbu].filter { signals.contains($0) }.count
    let peripherals = tmuWrites + ldtmu + others
    if peripherals > 1 {
      violations.append(
        tmuWrites == 1 && ldtmu == 1 && others == 0 ? .tmuWriteWithLdtmu : .onePeripheralAccess)
    }
    let uniformConsumers = mainUniformReads + secondStreamReads
    if mainUniformReads > 0 && secondStreamReads > 0 {
      violations.append(.ldunifWithLdunifa)
    } else if uniformConsumers > 1 {
      violations.append(.oneUniformConsumer)
    }
    var written = destinations.filter { $0 != .discard }.map { destination -> Destination in
      destination == .magic(.r5rep) ? .magic(.r5) : destination
    }
    if signals.contains(.ldunif) || signals.contains(.ldunifa) { written.append(.magic(.r5)) }
    if Set(written).count != written.count { violations.append(.twoWritersOfOneDestination) }
    if usesCarry(alu.add.flags) && ![.add, .sub, .min, .umin, .fcmp].contains(alu.add.opcode)
      || usesCarry(alu.mul.flags) && ![.add, .sub].contains(alu.mul.opcode)
    {
      violations.append(.carryOfUncharacterisedOperation)
    }
    if fourThreadMode {
      let upperWrite = registerWrites.contains {
        if case .register(let n) = $0 { return n >= 32 }
        return false
      }
      if upperWrite || registersRead.contains(where: { $0 >= 32 }) {
        violations.append(.upperRegisterFileInFourThreadMode)
      }
    }
    for rule in violations { d.staticViolations |= 1 << UInt32(rule.rawValue - 32) }

    d.readsFlags =
      alu.add.flags.condition != nil || alu.mul.flags.condition != nil
      || alu.add.flags.update != nil || alu.mul.flags.update != nil
      || [.vfla, .vflna, .vflb, .vflnb, .flapush, .flbpush].contains(alu.add.opcode)
    d.writesFlags = alu.add.flags.push != nil || alu.mul.flags.push != nil
  }

  static func usesCarry(_ flags: ALUFlags) -> Bool {
    if flags.push == .pushc { return true }
    if let update = flags.update { return [.andc, .andnc, .nornc, .norc].contains(update) }
    return false
  }
}
