import ArgumentParser

/// The options every example takes: which kernel runs, and how the figures are printed.
public struct ExampleOptions: ParsableArguments {
  @Flag(help: "Run the hand-written QPU assembly instead of the kernel compiled from VCK.")
  public var hand = false

  @Flag(
    help: """
      Print the figures as one JSON object on the last line of standard output: \
      correct, device, instructions, modelled_seconds, seconds and the modelled rate.
      """)
  public var json = false

  public init() {}
}

/// A transform for a whole-number option: accepts decimal integers in `range` and refuses
/// anything else (negative, too large, not a number) with a message that names the range.
///
/// Use it with `parsing: .unconditional`, so that a negative value is read as a value and
/// not as an unknown option:
///
/// ```swift
/// @Option(parsing: .unconditional, help: "…", transform: wholeNumber(in: 1...1 << 20))
/// var count = 1024
/// ```
public func wholeNumber(in range: ClosedRange<Int>) -> @Sendable (String) throws -> Int {
  { text in
    guard let value = Int(text), range.contains(value) else {
      throw ValidationError("it takes a whole number in \(describe(range))")
    }
    return value
  }
}

/// `1…2^28`-style text for a range, powers of two written as such.
public func describe(_ range: ClosedRange<Int>) -> String {
  "\(describe(range.lowerBound))…\(describe(range.upperBound))"
}

private func describe(_ value: Int) -> String {
  if value >= 1 << 16, value.nonzeroBitCount == 1 { return "2^\(value.trailingZeroBitCount)" }
  if value >= 1 << 16, (value + 1).nonzeroBitCount == 1 {
    return "2^\((value + 1).trailingZeroBitCount)-1"
  }
  return "\(value)"
}
