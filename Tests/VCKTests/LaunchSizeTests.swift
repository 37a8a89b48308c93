import Foundation
import Testing
import V3DRuntime

@testable import VCK

/// Launches beyond 16 batches, one-lane-per-element launches, empty buffers and n = 0
/// (issue 16, items 4 and 5), and how parameters and buffers print.
@Suite struct LaunchSizeTests {
  static let perLane = """
    kernel triple(n: u32, dst: *u32) {
        let i = gid()
        if i < n { dst[i] = i * 3 }
    }
    """

  @Test func oneLanePerElementCoversMoreThan256Elements() throws {
    let device = Device.emulator()
    let kernel = try device.compile(source: Self.perLane)
    #expect(!kernel.readsLaunchSize)
    #expect(kernel.maximumQPUs == 65_535)
    let n = 1000
    let dst = try device.makeBuffer(of: UInt32.self, count: n)
    let result = try kernel.launch(UInt32(n), dst, lanes: n)
    #expect(dst.array == (0..<n).map { UInt32($0 * 3) })
    #expect(result.modelledSeconds != nil)
    #expect(Kernel.batches(forLanes: n) == 63)
    #expect(Kernel.batches(forLanes: 0) == 1)
    #expect(Kernel.batches(forLanes: Int.max) == Int.max / 16 + 1)
  }

  @Test func gridStrideKernelsRunOnMoreThan16Batches() throws {
    let device = Device.emulator()
    let saxpy = try device.compile(source: saxpySource)
    #expect(saxpy.readsLaunchSize)
    let x = try device.makeBuffer([Float](repeating: 1, count: 700))
    let y = try device.makeBuffer([Float](repeating: 2, count: 700))
    try saxpy.launch(UInt32(700), Float(3), x, y, qpus: 40)
    #expect(y.allSatisfy { $0 == 5 })
  }

  @Test func kernelsWithBarriersStayWithin16Batches() throws {
    let device = Device.emulator()
    let kernel = try device.compile(
      source: """
        kernel k(n: u32, dst: *u32) {
            dst[gid()] = n
            barrier()
        }
        """)
    #expect(kernel.maximumQPUs == 16)
    let dst = try device.makeBuffer(of: UInt32.self, count: 17 * 16)
    #expect(throws: KernelLaunchError.self) { try kernel.launch(UInt32(1), dst, qpus: 17) }
    do {
      try kernel.launch(UInt32(1), dst, lanes: 257)
      Issue.record("expected a refusal")
    } catch {
      #expect("\(error)" == "a launch covers 0…256 lanes (the kernel uses barrier()), not 257")
    }
  }

  @Test func emptyBuffersAndNZero() throws {
    let device = Device.emulator()
    let empty = try device.makeBuffer(of: Float.self, count: 0)
    #expect(empty.isEmpty && empty.array.isEmpty)
    let alsoEmpty = try device.makeBuffer([Float]())
    #expect(alsoEmpty.count == 0)
    let saxpy = try device.compile(source: saxpySource)
    try saxpy.launch(UInt32(0), Float(2), empty, alsoEmpty)
    let triple = try device.compile(source: Self.perLane)
    let none = try device.makeBuffer(of: UInt32.self, count: 0)
    try triple.launch(UInt32(0), none, lanes: 0)
    #expect(throws: RuntimeError.self) { try device.makeBuffer(of: Float.self, count: -1) }
  }

  @Test func parametersAndBuffersPrintInTheLanguagesTerms() throws {
    let device = Device.emulator()
    let saxpy = try device.compile(source: saxpySource)
    let printed = "\(saxpy.parameters)"
    #expect(!printed.contains("VCKIR") && !printed.contains("QPUBackend"))
    #expect(printed.contains("n: u32") && printed.contains("x: *f32"))
    #expect("\(saxpy.parameters[1].kind)" == "f32")
    let y = try device.makeBuffer([Float](repeating: 1, count: 6))
    try saxpy.launch(UInt32(6), Float(2), try device.makeBuffer((0..<6).map(Float.init)), y)
    #expect("\(y)" == "[1.0, 3.0, 5.0, 7.0, 9.0, 11.0]")
    #expect(String(reflecting: y) == "Buffer<Float>(6): [1.0, 3.0, 5.0, 7.0, 9.0, 11.0]")
    // The README's example, and slices that read and write the buffer.
    #expect("\(y[0..<4])" == "[1.0, 3.0, 5.0, 7.0]")
    #expect("\(y.prefix(2))" == "[1.0, 3.0]")
    #expect(String(reflecting: y[4..<6]) == "Buffer<Float>[4..<6]: [9.0, 11.0]")
    let slice = y[2..<5]
    #expect(slice.startIndex == 2 && slice.count == 3 && slice[3] == 7)
    slice[3] = 70
    #expect(y[3] == 70)
    y[0..<2] = y[4..<6]
    #expect(Array(y) == [9, 11, 5, 70, 9, 11])
    #expect(Array(y[1..<4][2..<3]) == [5])
  }
}
