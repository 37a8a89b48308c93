extension KernelParameter: CustomStringConvertible {
  /// The parameter as a kernel signature spells it (`n: u32`, `x: *f32`), with its
  /// uniform word when the kernel reads it.
  public var description: String {
    "\(name): \(kind)" + (uniformSlot.map { " (uniform \($0))" } ?? " (unused)")
  }
}
