extension FunctionChecker {
  /// The kernel's grid dimensions: N of a valid `grid N` clause, else 0.
  var gridDimensions: Int {
    guard isKernel, let grid = function?.grid, (1...3).contains(grid.dimensions) else { return 0 }
    return grid.dimensions
  }

  /// `grid N` is for kernels only, with N = 1, 2 or 3.
  func checkGridClause(_ function: FunctionSyntax) {
    guard let grid = function.grid else { return }
    if !function.isKernel {
      error(
        .invalidGrid, "only a kernel can have a grid; '\(function.name.name)' is a helper",
        at: grid.range)
    } else if !(1...3).contains(grid.dimensions) {
      error(
        .invalidGrid, "a grid has 1, 2 or 3 dimensions, not \(grid.dimensions)", at: grid.range)
    }
  }

  /// Why `builtin` does not fit this kernel (to follow its name), or nil when it fits.
  func gridProblem(_ builtin: Builtin) -> String? {
    guard isKernel, let required = builtin.requiredGrid else { return nil }
    let dimensions = gridDimensions
    if required == 0 && dimensions > 0 {
      let coordinates = ["gid_x()", "gid_y()", "gid_z()"].prefix(dimensions).joined(separator: ", ")
      return "belongs to kernels without a grid (a 'grid \(dimensions)' kernel uses "
        + "\(coordinates) and grid_x()…)"
    }
    if required > 0 && dimensions == 0 {
      return "needs a kernel declared with 'grid \(required)' or more, "
        + "as in 'kernel k(...) grid \(max(required, 2)) { }'"
    }
    if required > dimensions {
      return "needs a grid of at least \(required) dimensions; "
        + "this kernel is declared 'grid \(dimensions)'"
    }
    return nil
  }

  /// Records a launch-dependent built-in and, in a kernel, checks that it fits the grid.
  func noteGridBuiltin(_ builtin: Builtin, at range: SourceRange) {
    guard builtin.requiredGrid != nil else { return }
    if gridBuiltins[builtin] == nil { gridBuiltins[builtin] = range }
    if let problem = gridProblem(builtin) {
      error(.gridMismatch, "'\(builtin.name)()' \(problem)", at: range)
    }
  }

  /// A helper call: the helper's launch-dependent built-ins must fit this kernel too.
  func noteGridBuiltins(of callee: String, _ builtins: Set<Builtin>, calledAt range: SourceRange) {
    for builtin in builtins.sorted(by: { $0.name < $1.name }) {
      if gridBuiltins[builtin] == nil { gridBuiltins[builtin] = range }
      if let problem = gridProblem(builtin) {
        error(
          .gridMismatch, "'\(callee)' uses \(builtin.name)(), which \(problem)", at: range)
      }
    }
  }

  /// `barrier()` synchronises the 16 batches of one workgroup group, not a whole grid.
  func checkBarrierInGrid(at range: SourceRange, helper: String? = nil) {
    guard gridDimensions > 0 else { return }
    let what = helper.map { "'\($0)' contains barrier(), which" } ?? "barrier()"
    error(
      .gridMismatch,
      "\(what) cannot be used in a 'grid \(gridDimensions)' kernel: its workgroups do not all run at once",
      at: range)
  }
}
