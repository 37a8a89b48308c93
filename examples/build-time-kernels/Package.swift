// swift-tools-version:6.1
import PackageDescription

// An example package outside VCK's own build: it depends on VCK by path, embeds a kernel
// with the #kernel macro, and compiles kernels.vck with the VCKPlugin build tool. Build it
// from this folder with `swift build`, run it with `swift run`.
let package = Package(
  name: "BuildTimeKernels",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "VCK", path: "../..")
  ],
  targets: [
    .executableTarget(
      name: "BuildTimeKernels",
      dependencies: [.product(name: "VCK", package: "VCK")],
      plugins: [.plugin(name: "VCKPlugin", package: "VCK")])
  ]
)
