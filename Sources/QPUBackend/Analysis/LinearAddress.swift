import VCKIR

/// An address as a sum of IR values with constant coefficients plus a constant, modulo
/// 2^32: two addresses with the same terms are a constant distance apart.
struct LinearAddress: Hashable {
  var terms: [Value: UInt32] = [:]
  var constant: UInt32 = 0

  func advanced(by bytes: UInt32) -> LinearAddress {
    var copy = self
    copy.constant &+= bytes
    return copy
  }

  func scaled(by factor: UInt32) -> LinearAddress {
    var result = LinearAddress(constant: constant &* factor)
    for (value, coefficient) in terms where coefficient &* factor != 0 {
      result.terms[value] = coefficient &* factor
    }
    return result
  }

  func adding(_ other: LinearAddress) -> LinearAddress {
    var result = self
    result.constant &+= other.constant
    for (value, coefficient) in other.terms {
      let sum = (result.terms[value] ?? 0) &+ coefficient
      result.terms[value] = sum == 0 ? nil : sum
    }
    return result
  }
}
