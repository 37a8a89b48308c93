import QPUISA
import VCKIR

/// Vector memory access (``VectorElement``): the element loads or stores of one access
/// that sit together in a block become one TMU lookup of 2–4 words per lane.
///
/// A vecN lookup needs its config byte in the TMU's config shift register
/// (semantics.md §11.2): `mov tmuc, 0xFFFFFFF8 | N` — a small immediate (−6, −5, −4), so
/// one ALU operation that usually pairs with another; `tmuau` with a config uniform would
/// save that operation but takes a uniform per lookup, which a loop cannot replay. The
/// lookup then takes one address (`tmua`) and, for a load, N `ldtmu` pops in element order;
/// for a store, N `tmud` writes before the address. The config byte is per pixel (bit 7),
/// so a condition on the `tmua` write masks lanes exactly as for scalar accesses.
///
/// Grouping, per block: the elements of one access share the opcode, address, mask and
/// width. Load elements are fused at the first one when no store, atomic or barrier comes
/// between them; store elements at the last one when no other memory operation comes
/// between them (so no access changes order with another that may alias it). A load
/// group may lack elements (unused ones were deleted): its lookup moves words `0 ...` the
/// highest element present (within the vector, so within its 16-byte block) and pops the
/// missing ones into scratch registers. A store group moves the elements `0 ..< m` it
/// holds without a gap. Elements left out of a group are selected as scalar accesses at
/// `address + 4·index`.
struct VectorAccessPlan {
  /// One fused lookup.
  struct Group {
    var isLoad: Bool
    /// The IR address (element 0's) and mask of the access.
    var address: Value
    var mask: Value?
    /// The words the lookup moves (2, 3 or 4), and for each word the instruction that
    /// moves it (`nil` for a load element that no longer exists).
    var words: [IRInstruction?]
  }

  /// The groups, by the index (in the block) of the instruction where each is selected.
  var groups: [Int: Group] = [:]
  /// Instructions selected as part of a group elsewhere in the block.
  var absorbed: Set<Int> = []

  init(_ block: Block) {
    struct Key: Hashable {
      var isLoad: Bool
      var address: Value
      var mask: Value?
      var width: Int
    }
    /// Open groups: the members' block indices by element.
    var open: [Key: [Int: Int]] = [:]
    let instructions = block.instructions

    func close(_ key: Key) {
      guard let members = open.removeValue(forKey: key), members.count >= 2 else { return }
      if key.isLoad {
        let count = (members.keys.max() ?? 0) + 1
        let words = (0..<count).map { members[$0].map { instructions[$0] } }
        let leader = members.values.min() ?? 0
        groups[leader] = Group(isLoad: true, address: key.address, mask: key.mask, words: words)
        absorbed.formUnion(members.values.filter { $0 != leader })
      } else {
        var count = 0
        while members[count] != nil { count += 1 }
        guard count >= 2 else { return }
        let positions = (0..<count).compactMap { members[$0] }
        let leader = positions.max() ?? 0
        groups[leader] = Group(
          isLoad: false, address: key.address, mask: key.mask,
          words: positions.map { instructions[$0] })
        absorbed.formUnion(positions.filter { $0 != leader })
      }
    }
    func closeAll(where condition: (Key) -> Bool) {
      for key in open.keys.filter(condition).sorted(by: { $0.address < $1.address }) {
        close(key)
      }
    }

    for (position, instruction) in instructions.enumerated() {
      let opcode = instruction.opcode
      let element = instruction.vectorElement
      var key: Key?
      if let element, element.isValid {
        key = Key(
          isLoad: opcode == .load, address: instruction.operands[0], mask: instruction.mask,
          width: element.width)
      }
      // Which open groups this instruction may not be moved across.
      if opcode == .load {
        closeAll { !$0.isLoad && $0 != key }
      } else if opcode == .store || opcode == .barrier || opcode.isAtomic {
        closeAll { $0 != key }
      }
      guard let key, let element else { continue }
      if open[key]?[element.index] != nil { close(key) }
      open[key, default: [:]][element.index] = position
    }
    closeAll { _ in true }
  }
}

extension InstructionSelector {
  /// The config word of a vecN general lookup (per pixel, regular load/store, N words),
  /// followed by 0xFF configs for later lookups: −6, −5, −4 for N = 2, 3, 4.
  static func vectorConfiguration(words: Int) -> UInt32 { 0xFFFF_FFF8 | UInt32(words) }

  /// Selects a fused vector lookup.
  mutating func selectVectorAccess(_ group: VectorAccessPlan.Group) {
    let words = group.words.count
    let address = operand(group.address)
    let mask = group.mask.map { operand($0) }
    let config = constant(Self.vectorConfiguration(words: words))
    if group.isLoad {
      waitForConflictingStores()
      emit(.mul(.mov), .fixed(.magic(.tmuc)), config, comment: "vec\(words) load")
      let destinations = group.words.map { member -> MachineDestination in
        if let result = member?.result { return destination(result) }
        return .virtual(temporary())
      }
      if let mask {
        pushIsZero(mask)
        emit(.mul(.mov), .fixed(.magic(.tmua)), address, flags: ALUFlags(condition: .ifna))
      } else if group.words.contains(where: { $0.map(switchesThreads(on:)) == true }) {
        emit(.mul(.mov), .fixed(.magic(.tmua)), address, signals: .thrsw)
        switchedThreadsOnLoads = true
      } else {
        emit(.mul(.mov), .fixed(.magic(.tmua)), address)
      }
      for d in destinations { emit(.none, signals: .ldtmu, signalDestination: d) }
      if mask != nil {
        for (d, member) in zip(destinations, group.words) where member != nil {
          emit(.mul(.mov), d, .immediate(0), flags: ALUFlags(condition: .ifa))
        }
      }
    } else {
      emit(.mul(.mov), .fixed(.magic(.tmuc)), config, comment: "vec\(words) store")
      for member in group.words {
        guard let member else { continue }
        emit(.mul(.mov), .fixed(.magic(.tmud)), operand(member.operands[1]))
      }
      if let mask {
        pushIsZero(mask)
        emit(.mul(.mov), .fixed(.magic(.tmua)), address, flags: ALUFlags(condition: .ifna))
      } else {
        emit(.mul(.mov), .fixed(.magic(.tmua)), address)
      }
      pendingStores.insert(accessedParameter)
    }
  }

  /// The address a lone vector element moves as a scalar access: the access's address
  /// plus 4 bytes per element (a small immediate).
  mutating func scalarElementAddress(_ instruction: IRInstruction) -> MachineOperand {
    let address = operand(instruction.operands[0])
    guard let element = instruction.vectorElement, element.index > 0 else { return address }
    let sum = temporary()
    binary(.add(.add), .virtual(sum), address, .immediate(UInt32(4 * element.index)))
    return .virtual(sum)
  }
}
