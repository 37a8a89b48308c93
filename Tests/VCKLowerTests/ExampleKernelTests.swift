import Foundation
import Testing
import VCKIR
import VCKLower

/// Every example kernel: lowered, verified after every pass, run by the interpreter at
/// -O0 and -O2 (which must agree), and compared with a plain Swift implementation.
@Suite struct ExampleKernelTests {
  static let qpus = 3
  static let gsize = qpus * 16

  @Test func saxpy() throws {
    let kernel = try lowerKernel(try exampleSource("saxpy"), "saxpy")
    let n = 101
    let x = (0..<n).map { Float($0) * 0.25 - 7 }
    let y = (0..<n).map { Float(($0 * 7) % 11) - 2.5 }
    let result = try runBothLevels(
      kernel, qpus: Self.qpus, arguments: [.u32(UInt32(n)), .f32(-1.75), .buffer(0), .buffer(1)],
      buffers: [words(x), words(y)])
    #expect(floats(result[1]) == zip(x, y).map { -1.75 * $0 + $1 })
  }

  @Test func summation() throws {
    let kernel = try lowerKernel(try exampleSource("summation"), "summation")
    let n = 205
    let source = (0..<n).map { UInt32($0 * $0 + 3) }
    let result = try runBothLevels(
      kernel, qpus: Self.qpus, arguments: [.u32(UInt32(n)), .buffer(0), .buffer(1)],
      buffers: [source, [UInt32](repeating: 0, count: Self.gsize)])
    // Lane l sums words 8j ..< 8j + 8 for j = l, l + gsize, ...; the n % 8 words after the
    // last whole group of 8 go to lanes 0, 1, ...
    var expected = [UInt32](repeating: 0, count: Self.gsize)
    let whole = n / 8 * 8
    for i in 0..<n {
      expected[i < whole ? (i / 8) % Self.gsize : i - whole] &+= source[i]
    }
    #expect(result[1] == expected)
  }

  @Test func memsetAndScopy() throws {
    let memset = try lowerKernel(try exampleSource("memset"), "memset")
    let filled = try runBothLevels(
      memset, qpus: Self.qpus, arguments: [.u32(70), .buffer(0), .u32(0xDEAD_BEEF)],
      buffers: [[UInt32](repeating: 1, count: 75)])
    #expect(filled[0] == [UInt32](repeating: 0xDEAD_BEEF, count: 70) + [1, 1, 1, 1, 1])

    let scopy = try lowerKernel(try exampleSource("scopy"), "scopy")
    let source = (0..<53).map { Float($0) / 3 }
    let copied = try runBothLevels(
      scopy, qpus: 2, arguments: [.u32(53), .buffer(0), .buffer(1)],
      buffers: [words(source), [UInt32](repeating: 0, count: 53)])
    #expect(floats(copied[1]) == source)
  }

  @Test func sgemm() throws {
    let kernel = try lowerKernel(try exampleSource("sgemm"), "sgemm")
    // q = 37: two blocks of 16 steps of k, then 5 in the remainder loop.
    let (p, q, r) = (32, 37, 32)
    let (lda, ldb, ldc) = (q + 1, r, r + 3)
    let a = (0..<(p * lda)).map { Float(($0 * 13) % 17) * 0.5 - 4 }
    let b = (0..<(q * ldb)).map { Float(($0 * 7) % 19) * 0.25 - 2 }
    let c = (0..<(p * ldc)).map { Float(($0 * 5) % 23) - 11 }
    let (alpha, beta): (Float, Float) = (1.5, -0.5)
    let arguments: [KernelArgument] = [
      .u32(UInt32(p)), .u32(UInt32(q)), .u32(UInt32(r)), .buffer(0), .u32(UInt32(lda)),
      .buffer(1), .u32(UInt32(ldb)), .buffer(2), .u32(UInt32(ldc)), .f32(alpha), .f32(beta),
    ]
    let result = try runBothLevels(
      kernel, qpus: 3, arguments: arguments, buffers: [words(a), words(b), words(c)])
    var expected = c
    for i in 0..<p {
      for j in 0..<r {
        var acc: Float = 0
        for k in 0..<q { acc += a[i * lda + k] * b[k * ldb + j] }
        expected[i * ldc + j] = alpha * acc + beta * c[i * ldc + j]
      }
    }
    #expect(floats(result[2]) == expected)
  }

  @Test func collatzWithBreakUnderVaryingControl() throws {
    let kernel = try lowerKernel(try exampleSource("collatz"), "collatz")
    let starts: [UInt32] =
      (1...40).map { UInt32($0) } + [27, 97, 871, 1_431_655_765, 0, 3_000_000_000]
    let limit: UInt32 = 100
    let result = try runBothLevels(
      kernel, qpus: 2,
      arguments: [.u32(UInt32(starts.count)), .buffer(0), .buffer(1), .u32(limit)],
      buffers: [starts, [UInt32](repeating: 7, count: starts.count)])
    func steps(_ start: UInt32) -> UInt32 {
      var x = start
      var count: UInt32 = 0
      while x != 1 && count < limit {
        if x % 2 == 0 {
          x /= 2
        } else if x > 1_431_655_764 {
          break
        } else {
          x = 3 &* x &+ 1
        }
        count += 1
      }
      return count
    }
    #expect(result[1] == starts.map(steps))
  }

  @Test func helpersAreInlined() throws {
    let kernel = try lowerKernel(try exampleSource("helpers"), "grey")
    let n = 37
    let rgb = (0..<(3 * n)).map { Float(($0 * 29) % 31) / 20 - 0.3 }
    let exposure: Float = 0.8
    let result = try runBothLevels(
      kernel, qpus: 2, arguments: [.u32(UInt32(n)), .buffer(0), .buffer(1), .f32(exposure)],
      buffers: [words(rgb), [UInt32](repeating: 0, count: n)])
    let expected = (0..<n).map { i -> Float in
      let y = 0.2126 * rgb[3 * i] + 0.7152 * rgb[3 * i + 1] + 0.0722 * rgb[3 * i + 2]
      let clamped = Float.minimum(Float.maximum(y * exposure, 0), 1)
      if clamped <= 0 { return 0 }
      return Foundation.exp2(Float(1) / 2.2 * Foundation.log2(clamped))
    }
    #expect(floats(result[1]) == expected)
    #expect(!kernel.blocks.isEmpty)
  }

  @Test func histogramWithAtomics() throws {
    let kernel = try lowerKernel(try exampleSource("histogram"), "histogram")
    let n = 300
    // Few distinct keys, so lanes of one instruction often hit the same bin.
    let keys: [UInt32] = (0..<n).map { index in
      let bin = UInt32((index * 7 + index / 5) % 11)
      return bin * 256 + UInt32(index % 3)
    }
    let result = try runBothLevels(
      kernel, qpus: 3, arguments: [.u32(UInt32(n)), .buffer(0), .buffer(1)],
      buffers: [keys, [UInt32](repeating: 0, count: 256)])
    var counts = [UInt32](repeating: 0, count: 256)
    for key in keys { counts[Int(key & 255)] += 1 }
    #expect(result[1] == counts)
    #expect(result[0] == keys)
  }

  @Test func blurOnATwoDimensionalGrid() throws {
    let kernel = try lowerKernel(try exampleSource("blur"), "blur")
    #expect(kernel.gridDimensions == 2)
    let (width, height) = (21, 5)  // two workgroups per row, the second one mostly off the grid
    let image = (0..<(width * height)).map { Float(($0 * 37) % 101) / 8 }
    let result = try runBothLevels(
      kernel, grid: [width, height], arguments: [.buffer(0), .buffer(1)],
      buffers: [words(image), [UInt32](repeating: 0x7FC0_0000, count: width * height + 16)])
    let expected = BlurReference.blur(image, width: width, height: height)
    #expect(Array(floats(result[1]).prefix(width * height)) == expected)
    #expect(result[1].suffix(16).allSatisfy { $0 == 0x7FC0_0000 }, "no lane past the grid stores")
  }

  /// The interpreter's reduction order: a rotate tree, result from lane 0.
  static func treeReduce<T>(_ lanes: [T], _ combine: (T, T) -> T) -> T {
    var tree = lanes
    for shift in [1, 2, 4, 8] {
      tree = (0..<16).map { combine(tree[$0], tree[($0 - shift + 16) % 16]) }
    }
    return tree[0]
  }

  @Test func reductions() throws {
    let kernels = try lowerKernels(try exampleSource("reduction"))
    let sumMax = try #require(kernels["reduce_sum_max"])
    let n = 150
    let source = (0..<n).map { Float(($0 * 37) % 101) * 0.125 - 6 }
    let qpus = 2
    let result = try runBothLevels(
      sumMax, qpus: qpus, arguments: [.u32(UInt32(n)), .buffer(0), .buffer(1), .buffer(2)],
      buffers: [words(source), [0, 0], [0, 0]])
    var sums = [Float](repeating: 0, count: 32)
    var largest = [Float](repeating: -3.4028235e38, count: 32)
    for i in 0..<n {
      sums[i % 32] += source[i]
      largest[i % 32] = Float.maximum(largest[i % 32], source[i])
    }
    let expectedSums = (0..<qpus).map {
      Self.treeReduce(Array(sums[($0 * 16)..<($0 * 16 + 16)]), +)
    }
    let expectedMaxima = (0..<qpus).map {
      Self.treeReduce(Array(largest[($0 * 16)..<($0 * 16 + 16)]), Float.maximum)
    }
    #expect(floats(result[1]) == expectedSums)
    #expect(floats(result[2]) == expectedMaxima)

    let rotateSum = try #require(kernels["rotate_sum"])
    let integers = (0..<n).map { UInt32($0 * 3 + 1) }
    let rotated = try runBothLevels(
      rotateSum, qpus: qpus, arguments: [.u32(UInt32(n)), .buffer(0), .buffer(1)],
      buffers: [integers, [0, 0]])
    var laneSums = [UInt32](repeating: 0, count: 32)
    for i in 0..<n { laneSums[i % 32] &+= integers[i] }
    #expect(rotated[1] == (0..<qpus).map { laneSums[($0 * 16)..<($0 * 16 + 16)].reduce(0, &+) })
  }
}

/// The blur example's reference: the 3×3 neighbourhood, edges clamped, summed row by row
/// in f32 and scaled by the f32 nearest to 1/9, as the kernel does.
enum BlurReference {
  static func blur(_ image: [Float], width: Int, height: Int) -> [Float] {
    var output = [Float](repeating: 0, count: width * height)
    for y in 0..<height {
      for x in 0..<width {
        var sum: Float = 0
        for dy in -1...1 {
          let row = min(max(y + dy, 0), height - 1)
          for dx in -1...1 { sum += image[row * width + min(max(x + dx, 0), width - 1)] }
        }
        output[y * width + x] = sum * Float(1.0 / 9.0)
      }
    }
    return output
  }
}
