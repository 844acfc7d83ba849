// The radix-2 butterflies of one NTT pass over a range of butterflies: one by one for half < 8
// (half = 1 needs no multiplication), in runs for half ≥ 8, eight at a time — fused in the
// AVX-512 IFMA kernel (CMontgomeryNTT.h) where the build has it, else batched products
// (`Fr.multiply`) and then the additions. Not constant-time.

#if MONTGOMERY_IFMA
import CMontgomery
#endif

extension NTTDomain {
    /// Butterflies number k in `range` of the pass with block size 2·half: k = group·half + j
    /// combines a[group·2·half + j] and a[group·2·half + j + half] with twiddle
    /// twiddles[j·twiddleStride] (= ω^(j·n/(2·half))).
    @inline(__always)
    static func butterflies(_ a: UnsafeMutableBufferPointer<Fr>, _ twiddles: UnsafePointer<Fr>, twiddleStride stride: Int,
                            half: Int, range: Range<Int>) {
        let base = a.baseAddress!
        var k = range.lowerBound
        if half == 1 {  // twiddle 1 throughout: no multiplications
            while k < range.upperBound {
                let u = base[2 * k], v = base[2 * k + 1]
                base[2 * k] = u + v
                base[2 * k + 1] = u - v
                k += 1
            }
            return
        }
        if half >= 8 {
            vectorButterflies(base, twiddles, twiddleStride: stride, half: half, range: range)
            return
        }
        while k < range.upperBound {
            let j = k & (half - 1)  // half is a power of two
            let top = (k - j) * 2 + j
            let blockEnd = min(range.upperBound, k - j + half)
            var jj = j, index = top
            while k < blockEnd {
                let u = base[index]
                let v = base[index + half] * twiddles[jj * stride]
                base[index] = u + v
                base[index + half] = u - v
                k += 1
                jj += 1
                index += 1
            }
        }
    }

    /// `butterflies` for half ≥ 8, in runs of up to `run` consecutive butterflies of one group
    /// (strided twiddles are gathered into a contiguous buffer first): with AVX-512 IFMA, whole
    /// butterflies eight at a time (`zk_fr_butterflies`, CMontgomeryNTT.h); elsewhere the run's
    /// products a[i + half]·ω^… with `Fr.multiply` (eight at a time), then the additions.
    @inline(__always)
    static func vectorButterflies(_ base: UnsafeMutablePointer<Fr>, _ twiddles: UnsafePointer<Fr>, twiddleStride stride: Int,
                                  half: Int, range: Range<Int>) {
        let run = 64
        withUnsafeTemporaryAllocation(of: Fr.self, capacity: run) { gathered in
            let gathered = gathered.baseAddress!
            var k = range.lowerBound
            while k < range.upperBound {
                let j = k & (half - 1)
                let index = (k - j) * 2 + j
                let count = min(run, range.upperBound - k, half - j)
                let lower = base + index, upper = base + index + half
                var w = twiddles + j
                if stride != 1 {
                    for c in 0..<count { gathered[c] = twiddles[(j + c) * stride] }
                    w = UnsafePointer(gathered)
                }
                #if MONTGOMERY_IFMA
                let whole = count & ~7
                lower.withMemoryRebound(to: zk_limbs.self, capacity: whole) { lower in
                    upper.withMemoryRebound(to: zk_limbs.self, capacity: whole) { upper in
                        w.withMemoryRebound(to: zk_limbs.self, capacity: whole) { w in
                            zk_fr_butterflies(lower, upper, w, whole)
                        }
                    }
                }
                for c in whole..<count {
                    let u = lower[c], v = upper[c] * w[c]
                    lower[c] = u + v
                    upper[c] = u - v
                }
                #else
                Fr.multiply(upper, w, into: upper, count: count)
                for c in 0..<count {
                    let u = lower[c], v = upper[c]
                    lower[c] = u + v
                    upper[c] = u - v
                }
                #endif
                k += count
            }
        }
    }
}
