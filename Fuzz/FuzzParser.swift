// libFuzzer entry point for the .vck front end: every input is lexed, parsed, checked, its
// diagnostics rendered and, when it checks, its AST printed. Any crash, hang or sanitizer
// report is a bug. Built by build.sh together with the VCKLang sources (see README.md).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontEnd(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let result = Frontend.check(SourceFile(path: "fuzz.vck", bytes: bytes))
  _ = result.renderedDiagnostics()
  if let program = result.program {
    _ = ASTPrinter.print(program)
    for function in program.functions {
      _ = ConstantEvaluator(function: function)
    }
  }
  return 0
}
