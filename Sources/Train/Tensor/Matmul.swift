// Single-precision matrix multiply through OpenBLAS `cblas_sgemm`, plus the naive triple
// loop beside it as the test oracle. Row-major throughout; no allocation in `gemm`.
import CBLAS

/// C[m×n] = alpha · op(A) · op(B) + beta · C, row-major, via `cblas_sgemm`.
/// - Parameters: `a` is m×k (or k×m when `transA`), `b` is k×n (or n×k when `transB`).
@inline(__always)
func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
          alpha: Float = 1, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
          beta: Float = 0, _ c: UnsafeMutablePointer<Float>) {
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha,
                a, Int32(transA ? m : k), b, Int32(transB ? k : n), beta, c, Int32(n))
}

/// Reference for `gemm`: the textbook triple loop, accumulating in Double.
func matmulNaive(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                 _ a: [Float], _ b: [Float]) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k {
                let av = transA ? a[p * m + i] : a[i * k + p]
                let bv = transB ? b[j * k + p] : b[p * n + j]
                s += Double(av) * Double(bv)
            }
            c[i * n + j] = Float(s)
        }
    }
    return c
}

/// Sets the number of OpenBLAS threads (1 … cores).
func setBLASThreads(_ n: Int) {
    openblas_set_num_threads(Int32(n))
}
