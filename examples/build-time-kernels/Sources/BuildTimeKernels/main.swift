import Foundation
import VCK

/// A kernel embedded with #kernel: checked and compiled when this file compiles.
enum Kernels {
  #kernel(
    """
    kernel scale(n: u32, a: f32, x: *f32) {
        for i in gid() ..< n step gsize() { x[i] = a * x[i] }
    }
    """)
}

let device = try Device.default()
print("device: \(device.info)")

// #kernel: Kernels.scale.launch takes n: UInt32, a: Float, x: Buffer<Float>.
let n = 1000
let x = try device.makeBuffer((0..<n).map { Float($0) })
try Kernels.scale.launch(on: device, n: UInt32(n), a: 2, x: x)
let scaledRight = x.array == (0..<n).map { 2 * Float($0) }
print("scale: x[0..<4] = \(Array(x.array.prefix(4))), correct: \(scaledRight)")

// VCKPlugin: kernels.vck compiled at build time into HistogramKernel.
let values = try device.makeBuffer((0..<500).map { UInt32($0 * 7 % 10) })
let counts = try device.makeBuffer(of: UInt32.self, count: 10)
try HistogramKernel().launch(on: device, n: 500, bins: 10, values: values, counts: counts)
let countedRight = counts.array == [UInt32](repeating: 50, count: 10)
print("histogram: \(counts.array), correct: \(countedRight)")

guard scaledRight && countedRight else {
  print("FAILED")
  exit(1)
}
print(
  "OK: both kernels were compiled when this program was built "
    + "(\(Kernels.scale.embedded.isCompiledAtBuildTime && HistogramKernel().embedded.isCompiledAtBuildTime))"
)
