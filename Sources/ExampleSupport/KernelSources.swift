/// The example kernels in VCK, embedded as strings (kept identical to
/// `examples/NAME.vck` by a test).
public enum KernelSources {
  public static let memset = """
    // Fills n words of dst with value, four consecutive words per lane and memory request
    // (vstore4); the n % 4 words past the last whole vector are filled by the first lanes.
    kernel memset(n: u32, dst: *u32, value: u32) {
        for i in gid() ..< n / 4 step gsize() { vstore4(dst, i, splat(value)) }
        if gid() < n % 4 { dst[n - n % 4 + gid()] = value }
    }
    """

  public static let scopy = """
    // Copies n floats from x to y, four consecutive floats per lane and memory request (vload4,
    // vstore4); the n % 4 floats past the last whole vector are copied by the first lanes.
    kernel scopy(n: u32, x: *f32, y: *f32) {
        for i in gid() ..< n / 4 step gsize() { vstore4(y, i, vload4(x, i)) }
        if gid() < n % 4 { y[n - n % 4 + gid()] = x[n - n % 4 + gid()] }
    }
    """

  public static let summation = """
    // Each lane sums a strided slice of src, eight consecutive words at a time: two vload4
    // requests issued before either result is used, so both are in flight together (lane l of
    // the launch takes words 8l ..< 8l + 8, then 8(l + gsize()) ..< ..., and so on). The n % 8
    // words past the last whole pair of vectors go to the first lanes. dst[gid()] receives the
    // partial sum of that lane (the host adds the gsize() partial sums).
    kernel summation(n: u32, src: *u32, dst: *u32) {
        var acc: u32 = 0
        for i in gid() ..< n / 8 step gsize() {
            let a = vload4(src, 2 * i)
            let b = vload4(src, 2 * i + 1)
            acc += ((a[0] + a[1]) + (a[2] + a[3])) + ((b[0] + b[1]) + (b[2] + b[3]))
        }
        if gid() < n % 8 { acc += src[n - n % 8 + gid()] }
        dst[gid()] = acc
    }
    """

  public static let saxpy = """
    // y = a * x + y over n elements; every lane of every QPU takes every gsize()-th element.
    kernel saxpy(n: u32, a: f32, x: *f32, y: *f32) {
        for i in gid() ..< n step gsize() {
            y[i] = a * x[i] + y[i]
        }
    }
    """

  public static let sgemm = """
    // C = alpha * A·B + beta * C, row-major; p x q times q x r (p and r multiples of 16). Each
    // QPU owns 16x16 tiles of C: lane l accumulates column j0 + l of the tile, one register per
    // row. k advances 16 at a time: the block's 16 rows of B (one 64-byte line each) stay in
    // registers, and each row of A's 16x16 block is read as 16 consecutive scalars (the same
    // in every lane: one uniform stream, docs/backend.md §7e), each multiplied into one row.
    let TILE = 16
    let HALF = TILE / 2

    kernel sgemm(p: u32, q: u32, r: u32, a: *f32, lda: u32, b: *f32, ldb: u32,
                 c: *f32, ldc: u32, alpha: f32, beta: f32) {
        let tiles_r = r / TILE
        let q_blocks = q - q % TILE
        for tile in qpu() ..< (p / TILE) * tiles_r step qpus() {
            let i0 = (tile / tiles_r) * TILE
            let j0 = (tile % tiles_r) * TILE
            var acc: [TILE]f32 = splat(0.0)
            // Rows 0…7 of each block of B are loaded one pass ahead (docs/backend.md §7g):
            // the first block's here, the next block's at the end of each pass.
            var blo: [HALF]f32 = splat(0.0)
            if q_blocks > 0 {
                var bi = j0 + lane()
                unroll for kk in 0 ..< HALF {
                    blo[kk] = b[bi]                       // lane l: B[kk][j0+l]
                    bi += ldb
                }
            }
            for k0 in 0 ..< q_blocks step TILE {
                var bv: [TILE]f32 = splat(0.0)
                unroll for kk in 0 ..< HALF { bv[kk] = blo[kk] }
                var bi = (k0 + HALF) * ldb + j0 + lane()
                unroll for kk in HALF ..< TILE {
                    bv[kk] = b[bi]                        // lane l: B[k0+kk][j0+l]
                    bi += ldb
                }
                var ai = i0 * lda + k0
                unroll for t in 0 ..< TILE {
                    // A[i0+t][k0+kk], the same for all lanes
                    unroll for kk in 0 ..< TILE { acc[t] += a[ai + kk] * bv[kk] }
                    ai += lda
                }
                // The next block's rows 0…7; in the last pass this block's again, so that no
                // load reads past B's last full block.
                var ni = min(k0 + TILE, q_blocks - TILE) * ldb + j0 + lane()
                unroll for kk in 0 ..< HALF {
                    blo[kk] = b[ni]
                    ni += ldb
                }
            }
            for k in q_blocks ..< q {                     // the last q % 16 steps
                let av = a[(i0 + lane()) * lda + k]       // lane l: A[i0+l][k]
                let bv = b[k * ldb + j0 + lane()]         // lane l: B[k][j0+l]
                unroll for t in 0 ..< TILE { acc[t] += broadcast(av, t) * bv }
            }
            // C's 16 rows are all read before any is written: a load after a store to the same
            // buffer waits for the store (docs/backend.md §7f).
            var cv: [TILE]f32 = splat(0.0)
            unroll for t in 0 ..< TILE { cv[t] = c[(i0 + t) * ldc + j0 + lane()] }
            unroll for t in 0 ..< TILE {
                c[(i0 + t) * ldc + j0 + lane()] = alpha * acc[t] + beta * cv[t]
            }
        }
    }
    """

  public static let histogram = """
    // A histogram of n keys into 256 bins: every lane adds 1 to the bin of its key with an
    // atomic. Lanes and QPUs that hit the same bin all count (semantics: lang/spec.md §8.6).
    kernel histogram(n: u32, keys: *u32, counts: *u32) {
        for i in gid() ..< n step gsize() {
            atomic_add(counts[keys[i] & 255], 1)
        }
    }
    """

  public static let blur = """
    // A 3×3 box blur of an image (row-major f32, width × height = the launch grid), with the
    // edges clamped: each lane computes the output pixel at its grid point (gid_x(), gid_y()).
    kernel blur(src: *f32, dst: *f32) grid 2 {
        let x = gid_x()
        let y = gid_y()
        let width = grid_x()
        let height = grid_y()
        var sum = 0.0
        unroll for dy in 0 ..< 3 {
            let row = min(max(y + dy, 1) - 1, height - 1)
            unroll for dx in 0 ..< 3 {
                let column = min(max(x + dx, 1) - 1, width - 1)
                sum += src[row * width + column]
            }
        }
        dst[y * width + x] = sum * (1.0 / 9.0)
    }
    """
}
