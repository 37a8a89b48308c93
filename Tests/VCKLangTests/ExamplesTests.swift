import XCTest

@testable import VCKLang

/// Paths of the repository's example kernels.
enum Fixtures {
  static let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static var examples: [URL] {
    let directory = repository.appendingPathComponent("examples")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".vck") }.sorted().map {
      directory.appendingPathComponent($0)
    }
  }

  static func source(_ url: URL) throws -> SourceFile {
    let data = try Data(contentsOf: url)
    return SourceFile(path: "examples/" + url.lastPathComponent, bytes: [UInt8](data))
  }
}

final class ExamplesTests: XCTestCase {
  func testEveryExampleChecksWithoutDiagnostics() throws {
    let examples = Fixtures.examples
    XCTAssertGreaterThanOrEqual(examples.count, 8, "the example kernels are missing")
    for url in examples {
      let result = Frontend.check(try Fixtures.source(url))
      XCTAssertEqual(result.renderedDiagnostics(), "", url.lastPathComponent)
      XCTAssertNotNil(result.program, url.lastPathComponent)
    }
  }

  func testRequiredExamplesExist() {
    let names = Set(Fixtures.examples.map { $0.deletingPathExtension().lastPathComponent })
    for required in ["saxpy", "summation", "memset", "scopy", "sgemm", "reduction"] {
      XCTAssertTrue(names.contains(required), "examples/\(required).vck is missing")
    }
  }
}
