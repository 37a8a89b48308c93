/// The kernel shapes the scaling benchmark grows, each as source text for a size `n`.
enum Shape: String, CaseIterable {
  /// `n` independent statements, each a load, a multiply-add and a store.
  case straightLine = "straight-line"
  /// `n` values loaded first and summed afterwards, so all `n` are live at once.
  case manyLiveValues = "many-live-values"
  /// One `if … else if …` chain of `n` arms on a varying value.
  case elseIfChain = "else-if-chain"
  /// `n` grid-stride loops one after another (issue 19's series).
  case loopsInSequence = "loops-in-sequence"
  /// `n` counted loops nested in each other.
  case nestedLoops = "nested-loops"

  /// The sizes measured by default: doubling up to where each shape gets slow.
  var defaultSizes: [Int] {
    switch self {
    case .straightLine: return [512, 1024, 2048, 4096, 8192]
    case .manyLiveValues: return [64, 128, 256, 512, 1024]
    case .elseIfChain: return [64, 128, 256, 512, 1024]
    case .loopsInSequence: return [256, 512, 1024, 2048, 4096]
    case .nestedLoops: return [32, 64, 128, 256, 512]
    }
  }

  /// The kernel `k` of this shape at size `n`.
  func source(_ n: Int) -> String {
    var lines: [String] = []
    switch self {
    case .straightLine:
      lines.append("kernel k(x: *f32, y: *f32) {")
      lines.append("    let base = gid() * \(n)")
      for index in 0..<n {
        lines.append("    y[base + \(index)] = x[base + \(index)] * \(index % 7 + 1).5 + 1.0")
      }
    case .manyLiveValues:
      lines.append("kernel k(x: *f32, y: *f32) {")
      lines.append("    let base = gid() * \(n)")
      for index in 0..<n { lines.append("    let v\(index) = x[base + \(index)]") }
      lines.append("    var sum: f32 = 0.0")
      for index in (0..<n).reversed() { lines.append("    sum = sum * 0.5 + v\(index)") }
      lines.append("    y[gid()] = sum")
    case .elseIfChain:
      lines.append("kernel k(x: *u32, y: *u32) {")
      lines.append("    let v = x[gid()]")
      lines.append("    var r: u32 = 0")
      var chain = "    "
      for index in 0..<n {
        chain += "if v == \(index) {\n        r = \(index * 7 + 3)\n    } else "
      }
      lines.append(chain + "{\n        r = 1\n    }")
      lines.append("    y[gid()] = r")
    case .loopsInSequence:
      lines.append("kernel k(n: u32, x: *f32, y: *f32) {")
      lines.append("    var acc: f32 = 0.0")
      for index in 0..<n {
        lines.append("    for i in gid() ..< n step gsize() {")
        lines.append("        acc = acc * \(index % 2 == 0 ? "0.5" : "0.25") + x[i]")
        lines.append("    }")
      }
      lines.append("    y[gid()] = acc")
    case .nestedLoops:
      lines.append("kernel k(n: u32, x: *f32, y: *f32) {")
      lines.append("    var acc: f32 = 0.0")
      for depth in 0..<n {
        let indent = String(repeating: "    ", count: depth + 1)
        lines.append("\(indent)for j\(depth) in 0 ..< n {")
        lines.append("\(indent)    acc = acc * 0.5 + x[j\(depth)]")
      }
      for depth in (0..<n).reversed() {
        lines.append(String(repeating: "    ", count: depth + 1) + "}")
      }
      lines.append("    y[gid()] = acc")
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }
}
