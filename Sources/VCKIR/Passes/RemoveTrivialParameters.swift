/// Removes block parameters that always receive the same value (SSA construction's
/// "trivial phis"): a parameter whose incoming arguments are all one value `v` or the
/// parameter itself is replaced by `v`. Repeats until nothing changes, so chains of
/// trivial parameters (as on-the-fly SSA construction leaves in loops) all go.
public struct RemoveTrivialParameters: FunctionPass {
  public init() {}
  public var name: String { "remove-trivial-parameters" }

  public func run(on function: inout Function) {
    var changed = true
    while changed {
      changed = false
      var incoming: [BlockID: [[Value]]] = [:]
      for block in function.blocks {
        for target in block.terminator.targets {
          incoming[target.block, default: []].append(target.arguments)
        }
      }
      var replacements: [Value: Value] = [:]
      var removed: [BlockID: Set<Int>] = [:]
      // Replacements made earlier in this round are followed, so a chain of trivial
      // parameters (one per loop of a long sequence) goes in one round, not one round
      // per link.
      func resolve(_ value: Value) -> Value {
        var current = value
        while let next = replacements[current] { current = next }
        return current
      }
      for block in function.blocks.dropFirst() {
        guard let edges = incoming[block.id], !edges.isEmpty else { continue }
        for (index, parameter) in block.parameters.enumerated() {
          var unique: Value? = nil
          var trivial = true
          for arguments in edges where index < arguments.count {
            let argument = resolve(arguments[index])
            if argument == parameter || argument == unique { continue }
            if unique != nil {
              trivial = false
              break
            }
            unique = argument
          }
          guard trivial, let unique else { continue }
          // A uniform value may replace a varying parameter; never the reverse.
          guard function.type(of: unique).isSubtype(of: function.type(of: parameter)) else {
            continue
          }
          replacements[parameter] = unique
          removed[block.id, default: []].insert(index)
        }
      }
      guard !replacements.isEmpty else { break }
      changed = true
      for index in function.blocks.indices {
        let id = function.blocks[index].id
        if let drop = removed[id] {
          function.blocks[index].parameters = function.blocks[index].parameters.enumerated()
            .filter { !drop.contains($0.offset) }.map(\.element)
        }
        function.blocks[index].terminator = function.blocks[index].terminator.mapTargets {
          target in
          guard let drop = removed[target.block] else { return target }
          let arguments = target.arguments.enumerated().filter { !drop.contains($0.offset) }
            .map(\.element)
          return BlockTarget(target.block, arguments)
        }
      }
      function.replaceUses(replacements)
    }
  }
}
