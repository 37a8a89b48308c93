/// The stores that may still be in flight (not waited for with `tmuwt`) at a point: the
/// buffer parameters they went to, and whether one went through an unknown address.
struct PendingStores: Hashable {
  var parameters: Set<Int> = []
  var unknown = false

  var isEmpty: Bool { parameters.isEmpty && !unknown }

  /// Whether an access through `parameter` (nil: unknown) must wait for these stores:
  /// the same buffer, or either side not known.
  func conflict(with parameter: Int?) -> Bool {
    guard let parameter else { return !isEmpty }
    return unknown || parameters.contains(parameter)
  }

  mutating func insert(_ parameter: Int?) {
    if let parameter { parameters.insert(parameter) } else { unknown = true }
  }

  mutating func formUnion(_ other: PendingStores) {
    parameters.formUnion(other.parameters)
    unknown = unknown || other.unknown
  }
}
