/// A test generator driven by a seeded ``SplitMix``: the same seed gives the same choices.
protocol SeededChoices {
  var generator: SplitMix { get set }
}

extension SeededChoices {
  /// A number in `range`.
  mutating func random(_ range: ClosedRange<Int>) -> Int {
    Int.random(in: range, using: &generator)
  }

  /// True `percent` times in 100.
  mutating func chance(_ percent: Int) -> Bool { random(0...99) < percent }
}

/// What the random `.vck` source generators share: the lines written so far, the current
/// indent and a counter for fresh names.
protocol RandomSourceWriter: SeededChoices {
  var lines: [String] { get set }
  var indent: Int { get }
  var names: Int { get set }
}

extension RandomSourceWriter {
  /// Appends `text` at the current indent.
  mutating func line(_ text: String) {
    lines.append(String(repeating: "    ", count: indent) + text)
  }

  /// A name not used before: `prefix` and a number.
  mutating func fresh(_ prefix: String) -> String {
    names += 1
    return "\(prefix)\(names)"
  }
}
