import XCTest

@testable import VCKLang

/// Rendered diagnostics of the programs in lang/diagnostics/, compared with the `.expected`
/// file next to each. To accept new output after a deliberate change, run the tests with
/// `VCK_UPDATE_GOLDEN=1` and review the diff.
final class GoldenDiagnosticsTests: XCTestCase {
  func testRenderedDiagnosticsMatchTheGoldenFiles() throws {
    let directory = Fixtures.repository.appendingPathComponent("lang/diagnostics")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".vck") }.sorted()
    XCTAssertGreaterThanOrEqual(names.count, 5)
    let update = ProcessInfo.processInfo.environment["VCK_UPDATE_GOLDEN"] == "1"
    for name in names {
      let source = try Data(contentsOf: directory.appendingPathComponent(name))
      let result = Frontend.check(SourceFile(path: name, bytes: [UInt8](source)))
      let rendered = result.renderedDiagnostics()
      let expectedURL = directory.appendingPathComponent(
        String(name.dropLast(".vck".count)) + ".expected")
      if update {
        try Data(rendered.utf8).write(to: expectedURL)
        continue
      }
      let expected = try String(decoding: Data(contentsOf: expectedURL), as: UTF8.self)
      XCTAssertEqual(
        rendered, expected, "\(name): rendered diagnostics differ from the golden file")
    }
  }
}
