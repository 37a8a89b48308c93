import Dispatch
import Foundation
import V3DRuntime
import VCK

extension ExampleReport {
  /// Compiles an example kernel (JIT) with `options` and prints what the compiler made of it.
  public func compile(
    _ source: String, kernel name: String, options: CompileOptions = CompileOptions()
  ) throws -> Kernel {
    let start = DispatchTime.now()
    let kernel = try device.compile(source: source, kernel: name, options: options)
    let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
    print(
      "compiled \(name).vck in \(String(format: "%.1f", milliseconds)) ms: "
        + "\(kernel.compiled.statistics)")
    return kernel
  }
}
