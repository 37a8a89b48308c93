// libFuzzer entry point for the .vckb loader: any bytes must decode to an artifact or fail
// with an ArtifactError; never trap, hang or read out of bounds. Built by Fuzz/build-artifact.sh.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArtifact(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if let contents = try? KernelArtifact.decode(bytes) {
    // What loads must re-encode to a loadable artifact.
    let again = KernelArtifact.encode(contents, compiler: "fuzz")
    guard (try? KernelArtifact.decode(again)) == contents else {
      fatalError("re-encoding changed the artifact")
    }
  }
  return 0
}
