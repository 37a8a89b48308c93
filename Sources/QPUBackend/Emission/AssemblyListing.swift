import QPUISA

extension CompiledKernel {
  /// The statistics header: counts, registers, uniform layout and launch expectations,
  /// as `//` comment lines.
  public var statisticsHeader: String {
    var lines = ["// kernel \(name): \(statistics)"]
    let branchWords = redirectOffsetWords
    let slots = uniforms.enumerated().map { index, slot -> String in
      if case .parameter(let parameter) = slot, parameters.indices.contains(parameter) {
        return "[\(index)] \(parameters[parameter].name)"
      }
      if let branch = branchWords[index], case .constant(let bits) = slot {
        let address = "0x" + String(branch * 8, radix: 16)
        return "[\(index)] ub offset \(Int32(bitPattern: bits)) (branch at \(address))"
      }
      return "[\(index)] \(slot)"
    }
    lines.append("// uniforms: " + (slots.isEmpty ? "none" : slots.joined(separator: ", ")))
    let batches =
      gridDimensions > 0
      ? "grid \(gridDimensions): one 16-lane batch per workgroup of 16x1x1 points, x fastest"
      : "one 16-lane batch per QPU index"
    lines.append(
      "// launch: \(batches), \(threadsPerQPU) threads per QPU, "
        + (switchesThreadsOnLoads
          ? "thread switches on loads (\(batchesPerQPU) batches per QPU), " : "")
        + "single segment \(singleSegment ? "on" : "off")"
        + (usesBarriers ? ", barriers (all batches in one supergroup)" : ""))
    return lines.joined(separator: "\n")
  }

  /// The uniform words that are `ub` branches' offsets (docs/backend.md §3a), by stream
  /// index: the branch's instruction index.
  var redirectOffsetWords: [Int: Int] {
    var result: [Int: Int] = [:]
    var position = 0
    for (index, word) in words.enumerated() {
      guard let instruction = try? QPUInstruction(decoding: word) else { return [:] }
      if case .branch(let branch) = instruction, branch.uniformTarget == .relative {
        result[position] = index
      }
      position += InstructionFacts(instruction).uniformReads
    }
    return result
  }

  /// The program in the disassembler's syntax: the statistics header and per-loop figures,
  /// block labels, each instruction with its byte address and what it is for, branch
  /// targets by label.
  ///
  /// With `sourceLine` (a source offset → the text to show, e.g. `12: let x = a[i]`), a
  /// comment line with the source statement precedes each run of instructions that comes
  /// from it. Instructions in `marked` (index → why) start with `>>` and are followed by a
  /// `// ^ why` line (``BackendError/rejectedInstructions`` marks what the validator
  /// rejected).
  public func assemblyListing(
    style: DisassemblyStyle = .vck, sourceLine: ((Int) -> String?)? = nil,
    marked: [Int: String] = [:]
  ) -> String {
    var lines = [statisticsHeader]
    let loops = loopSummary(sourceLine: sourceLine)
    if !loops.isEmpty { lines.append(loops) }
    var lastSource: String?
    var names = labels
    for (index, word) in words.enumerated() {
      if case .branch(let branch)? = try? QPUISA.Instruction(decoding: word),
        case .relative(let offset) = branch.target
      {
        let target = index + 4 + Int(offset) / 8
        if names[target] == nil { names[target] = "L\(target)" }
      }
    }
    for (index, word) in words.enumerated() {
      if let name = names[index] { lines.append("\(name):") }
      if let sourceLine, sourceOffsets.indices.contains(index), sourceOffsets[index] >= 0,
        let text = sourceLine(sourceOffsets[index]), text != lastSource
      {
        lines.append("  // \(text)")
        lastSource = text
      }
      var line =
        (marked[index] == nil ? "  " : ">>") + "/* 0x"
        + String(index * 8, radix: 16).leftPadded(to: 4) + " */  "
      switch Result(catching: { () throws(DecodingError) in try QPUISA.Instruction(decoding: word) }
      ) {
      case .success(let instruction):
        var text = instruction.text(style: style)
        var note = comments.indices.contains(index) ? comments[index] : ""
        if case .branch(let branch) = instruction, case .relative(let offset) = branch.target {
          let target = index + 4 + Int(offset) / 8
          note = "-> " + (names[target] ?? "L\(target)")
        }
        if !note.isEmpty {
          text = text.padding(toLength: max(text.count, 60), withPad: " ", startingAt: 0)
          text += "  // " + note
        }
        line += text
      case .failure(let error):
        line += "<invalid: \(error.reason)>"
      }
      lines.append(line)
      if let why = marked[index] { lines.append("  // ^ rejected: \(why)") }
    }
    return lines.joined(separator: "\n")
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}
