extension FunctionChecker {
  /// `vloadN(p, i)` and `vstoreN(p, i, v)` (N = 2 or 4): elements `N·i ..< N·i + N` of the
  /// memory `p` points to, as a register array `[N]T` (`T` is `p`'s element type). The
  /// index counts whole vectors, so every vector is aligned to its size and lies inside one
  /// 16-byte block (the TMU's vector lookups wrap inside such a block).
  ///
  /// The checked form is `.builtin(vloadN, [p, i])` of type `[N]T`, uniform when `i` is,
  /// and `.builtin(vstoreN, [p, i, v])` of type `void`.
  func checkVectorAccess(
    _ builtin: Builtin, width: Int, _ arguments: [Expression], range: SourceRange
  ) -> CheckedExpression? {
    let isLoad = builtin.isVectorLoad
    guard checkArgumentCount(builtin.name, arguments, isLoad ? 2 : 3, range: range) else {
      return nil
    }
    func checkRest(after position: Int) {
      for argument in arguments.dropFirst(position + 1) { _ = check(argument, expected: nil) }
    }
    guard let pointer = check(arguments[0], expected: nil) else {
      checkRest(after: 0)
      return nil
    }
    guard case .pointer(let element) = pointer.type else {
      var notes = [
        DiagnosticNote(
          isLoad
            ? "for example 'vload\(width)(x, i)' with 'x: *f32'"
            : "for example 'vstore\(width)(y, i, v)' with 'y: *f32'",
          at: nil)
      ]
      if case .load = pointer.kind {
        notes.insert(
          DiagnosticNote(
            "pass the pointer and the vector index apart: elements \(width)·i to \(width)·i + \(width - 1) are moved",
            at: nil), at: 0)
      }
      error(
        .invalidVectorAccess,
        "the first argument of '\(builtin.name)' must be a pointer parameter, found '\(pointer.type)'",
        at: arguments[0].range, notes: notes)
      checkRest(after: 0)
      return nil
    }
    guard let index = checkMemoryIndex(arguments[1]) else {
      checkRest(after: 1)
      return nil
    }
    let arrayType = VCKType.array(element, count: width)
    let uniformity = pointer.uniformity.joined(with: index.uniformity)
    if isLoad {
      return CheckedExpression(
        kind: .builtin(builtin, [pointer, index]), type: arrayType, uniformity: uniformity,
        range: range)
    }
    guard let value = check(arguments[2], expected: arrayType) else { return nil }
    guard value.type == arrayType else {
      var notes: [DiagnosticNote] = []
      switch value.type {
      case .array(let stored, let count) where count != width:
        notes.append(
          DiagnosticNote(
            "'\(builtin.name)' stores \(width) elements; use 'vstore\(count)' for \(count)"
              + (VectorAccessRules.widths.contains(count) ? "" : " (only 2 and 4 are offered)"),
            at: nil))
        _ = stored
      case .scalar:
        notes.append(
          DiagnosticNote(
            "store one element with 'p[i] = v', or a vector with a '\(arrayType)' array", at: nil))
      default: break
      }
      if value.type == .void {
        error(
          .voidValue, "this call returns nothing; it cannot be used as a value", at: value.range)
        return nil
      }
      error(
        .typeMismatch,
        "argument 3 of '\(builtin.name)' must be '\(arrayType)' (the elements of '*\(element)'), found '\(value.type)'",
        at: arguments[2].range, notes: notes)
      return nil
    }
    return CheckedExpression(
      kind: .builtin(builtin, [pointer, index, value]), type: .void,
      uniformity: uniformity.joined(with: value.uniformity), range: range)
  }
}

/// Facts about vector memory access shared by the checker's messages.
enum VectorAccessRules {
  /// The vector widths the language offers (`vload2`/`vload4`, `vstore2`/`vstore4`).
  static let widths: Set<Int> = [2, 4]
}
