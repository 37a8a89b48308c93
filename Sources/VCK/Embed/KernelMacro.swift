/// Declares a kernel checked and compiled when Swift compiles, with a typed launch.
///
/// Write it in the body of a type. For a kernel `scale(n: u32, a: f32, x: *f32)` it
/// declares the struct `ScaleKernel` and the static property `scale`, whose
/// `launch(on:qpus:n:a:x:timeout:)` takes a `UInt32`, a `Float` and a `Buffer<Float>`:
///
/// ```swift
/// enum Kernels {
///   #kernel(
///     """
///     kernel scale(n: u32, a: f32, x: *f32) {
///         for i in gid() ..< n step gsize() { x[i] = a * x[i] }
///     }
///     """)
/// }
/// ```
///
/// A `.vck` error fails the Swift build at its line and column inside the literal, with
/// the message `vckc` prints. The literal must be a plain string literal.
///
/// - Parameter source: The `.vck` source, as a string literal without interpolation; it
///   must hold one kernel (see ``kernel(_:name:)`` otherwise).
@freestanding(declaration, names: arbitrary)
public macro kernel(_ source: String) =
  #externalMacro(module: "VCKMacros", type: "KernelDeclarationMacro")

/// Declares the kernel `name` of a source that holds several, checked and compiled when
/// Swift compiles (see ``kernel(_:)``).
///
/// - Parameters:
///   - source: The `.vck` source, as a string literal without interpolation.
///   - name: The kernel to declare, as a string literal.
@freestanding(declaration, names: arbitrary)
public macro kernel(_ source: String, name: String) =
  #externalMacro(module: "VCKMacros", type: "KernelDeclarationMacro")
