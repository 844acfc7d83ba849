// Radix-2 number-theoretic transform over Fr on a domain of size 2^k ≤ 2^28: iterative
// Cooley–Tukey (decimation in time after a bit-reversal permutation) with precomputed
// twiddles, its inverse, and coset versions. `nttNaive` is the O(n²) test oracle.
// In place; for n ≥ 2^12 the passes that stay inside a 2^13-element block run block by
// block (one sweep of memory, blocks spread over cores) with their twiddles in a small
// per-pass table (contiguous, so they stay in cache), and the later passes are split
// across cores. Butterflies of the passes with half ≥ 8 run eight at a time (IFMA kernel
// where the build has it). Not constant-time.

#if MONTGOMERY_IFMA
import CMontgomery
#endif
import Support

/// The multiplicative subgroup {ω^0, …, ω^(n−1)} of Fr*, n = 2^logSize, with twiddles.
public struct NTTDomain: Sendable {
    /// log₂ of the domain size.
    public let logSize: Int
    /// n = 2^logSize.
    public let size: Int
    /// ω, a primitive n-th root of unity (`Fr.rootOfUnity(logSize:)`).
    public let root: Fr
    /// ω⁻¹.
    public let rootInverse: Fr
    /// n⁻¹ mod r.
    public let sizeInverse: Fr
    /// ω^0 … ω^(n/2 − 1).
    let twiddles: [Fr]
    /// ω^0 … ω^−(n/2 − 1).
    let inverseTwiddles: [Fr]
    /// The twiddles of the passes inside a block, pass by pass: entries half..<2·half hold
    /// ω_{2·half}^j for j < half (half = 1, 2, …, blockSize/2; entry 0 unused). The full
    /// table would be read with stride n/(2·half), one cache line per twiddle.
    let blockTwiddles: [Fr]
    /// `blockTwiddles` for ω⁻¹.
    let inverseBlockTwiddles: [Fr]

    /// The domain of size 2^logSize, or `nil` unless 0 ≤ logSize ≤ 28.
    public init?(logSize: Int) {
        guard let root = Fr.rootOfUnity(logSize: logSize), let rootInverse = root.inverse,
              let sizeInverse = Fr(UInt64(1) << UInt64(logSize)).inverse else { return nil }
        self.logSize = logSize
        size = 1 << logSize
        self.root = root
        self.rootInverse = rootInverse
        self.sizeInverse = sizeInverse
        twiddles = Self.powers(of: root, count: max(size / 2, 1))
        inverseTwiddles = Self.powers(of: rootInverse, count: max(size / 2, 1))
        blockTwiddles = Self.passTables(twiddles, size: size)
        inverseBlockTwiddles = Self.passTables(inverseTwiddles, size: size)
    }

    /// The per-pass tables of `blockTwiddles` from twiddles[k] = ω^k (ω of order `size`).
    static func passTables(_ twiddles: [Fr], size n: Int) -> [Fr] {
        let block = min(n, blockSize)
        var table = [Fr](repeating: .zero, count: max(block, 1))
        var half = 1
        while 2 * half <= block {
            for j in 0..<half { table[half + j] = twiddles[j * (n / (2 * half))] }
            half *= 2
        }
        return table
    }

    /// The smallest domain with at least `minimumSize` points, or `nil` beyond 2^28.
    public init?(minimumSize: Int) {
        var logSize = 0
        while (1 << logSize) < minimumSize {
            logSize += 1
            if logSize > Fr.twoAdicity { return nil }
        }
        self.init(logSize: logSize)
    }

    /// [1, x, x², …, x^(count−1)].
    static func powers(of x: Fr, count: Int) -> [Fr] {
        var result = [Fr]()
        result.reserveCapacity(count)
        var power = Fr.one
        for _ in 0..<count {
            result.append(power)
            power *= x
        }
        return result
    }

    /// Coefficients → evaluations: values[i] ← Σ_j values[j]·ω^(ij). `values.count` must be
    /// `size`; returns `false` (leaving values unchanged) otherwise.
    @discardableResult
    public func forward(_ values: inout [Fr]) -> Bool {
        guard values.count == size else { return false }
        Self.transform(&values, twiddles: twiddles, blockTwiddles: blockTwiddles)
        return true
    }

    /// Evaluations → coefficients (the inverse of `forward`).
    @discardableResult
    public func inverse(_ values: inout [Fr]) -> Bool {
        guard values.count == size else { return false }
        Self.transform(&values, twiddles: inverseTwiddles, blockTwiddles: inverseBlockTwiddles)
        Self.scaleByPowers(&values, of: .one, times: sizeInverse)
        return true
    }

    /// Coefficients → evaluations on the coset shift·⟨ω⟩: values[i] ← p(shift·ω^i).
    @discardableResult
    public func cosetForward(_ values: inout [Fr], shift: Fr = Fr.multiplicativeGenerator) -> Bool {
        guard values.count == size else { return false }
        Self.scaleByPowers(&values, of: shift)
        Self.transform(&values, twiddles: twiddles, blockTwiddles: blockTwiddles)
        return true
    }

    /// Evaluations on the coset shift·⟨ω⟩ → coefficients, each multiplied by `factor`;
    /// `false` for a wrong count or shift 0.
    @discardableResult
    public func cosetInverse(_ values: inout [Fr], shift: Fr = Fr.multiplicativeGenerator, times factor: Fr = .one) -> Bool {
        guard values.count == size, let shiftInverse = shift.inverse else { return false }
        Self.transform(&values, twiddles: inverseTwiddles, blockTwiddles: inverseBlockTwiddles)
        Self.scaleByPowers(&values, of: shiftInverse, times: sizeInverse * factor)
        return true
    }

    /// Coefficients of the polynomial with evaluations `values` on the domain, evaluated on
    /// the coset shift·⟨ω⟩: `inverse` then `cosetForward`, with the two scalings fused.
    @discardableResult
    func interpolateThenCosetForward(_ values: inout [Fr], shift: Fr = Fr.multiplicativeGenerator) -> Bool {
        guard values.count == size else { return false }
        Self.transform(&values, twiddles: inverseTwiddles, blockTwiddles: inverseBlockTwiddles)
        Self.scaleByPowers(&values, of: shift, times: sizeInverse)
        Self.transform(&values, twiddles: twiddles, blockTwiddles: blockTwiddles)
        return true
    }

    /// values[i] ← values[i]·c·x^i, in parallel chunks. Each chunk keeps the powers for
    /// `scaleRun` consecutive indices, c·x^(i+k), and moves them on by x^scaleRun: two
    /// batched products (`Fr.multiply`) per value instead of a chain of single ones.
    static func scaleByPowers(_ values: inout [Fr], of x: Fr, times c: Fr = .one) {
        let n = values.count, run = scaleRun
        let chunks = n >= parallelThreshold ? Parallel.chunkCount : 1
        let step = [Fr](repeating: x.pow(UInt64(run)), count: run)
        values.withUnsafeMutableBufferPointer { a in
            let shared = UncheckedSendable(a)
            Parallel.forEach(count: chunks) { chunk in
                let a = shared.value.baseAddress!
                let start = chunk * n / chunks, end = (chunk + 1) * n / chunks
                let first = c * x.pow(UInt64(start))
                var powers = powers(of: x, count: run).map { $0 * first }
                step.withUnsafeBufferPointer { step in
                    powers.withUnsafeMutableBufferPointer { powers in
                        var index = start
                        while index < end {
                            let count = min(run, end - index)
                            Fr.multiply(a + index, powers.baseAddress!, into: a + index, count: count)
                            Fr.multiply(powers.baseAddress!, step.baseAddress!, into: powers.baseAddress!, count: run)
                            index += count
                        }
                    }
                }
            }
        }
    }

    /// Consecutive powers `scaleByPowers` keeps at once.
    static let scaleRun = 64

    /// Below this size a transform runs on one thread (dispatch costs more than it saves).
    static let parallelThreshold = 1 << 12

    /// Elements per cache block (256 KiB of Fr): the passes whose butterflies stay inside a
    /// block run block by block, so the array is streamed once for all of them.
    static let blockSize = 1 << 13

    /// Bit-reversal permutation (split across cores), then log₂n butterfly passes;
    /// twiddles[k] = ω^k (or ω^−k), `blockTwiddles` their per-pass tables. Passes with
    /// 2·half ≤ blockSize run per block (blocks spread over cores); each later pass's n/2
    /// butterflies are independent and split into chunks across cores.
    static func transform(_ values: inout [Fr], twiddles: [Fr], blockTwiddles: [Fr]) {
        let n = values.count
        guard n > 1 else { return }
        let logN = n.trailingZeroBitCount
        let chunks = n >= parallelThreshold ? Parallel.chunkCount : 1
        values.withUnsafeMutableBufferPointer { a in
            // Each pair i < rev(i) is swapped by the chunk that holds i: chunks never share a pair.
            let shared = UncheckedSendable(a)
            Parallel.forEach(count: chunks) { chunk in
                let a = shared.value
                for i in (chunk * n / chunks)..<((chunk + 1) * n / chunks) {
                    let j = Int(UInt64(i).bitReversed >> UInt64(64 - logN))
                    if i < j { a.swapAt(i, j) }
                }
            }
            twiddles.withUnsafeBufferPointer { w in
                blockTwiddles.withUnsafeBufferPointer { blockW in
                    let shared = UncheckedSendable((a, w, blockW))
                    let block = min(n, blockSize)
                    let blocks = n >= parallelThreshold ? n / block : 1
                    Parallel.forEach(count: blocks) { blockIndex in
                        let (a, _, blockW) = shared.value
                        let first = blockIndex * n / blocks, last = (blockIndex + 1) * n / blocks
                        var half = 1
                        #if MONTGOMERY_IFMA
                        if block >= 64 {  // half = 1, 2, 4 in one kernel call
                            a.baseAddress!.advanced(by: first).withMemoryRebound(to: zk_limbs.self, capacity: last - first) { a in
                                blockW.baseAddress!.withMemoryRebound(to: zk_limbs.self, capacity: 8) { w in
                                    zk_fr_first_passes(a, last - first, w)
                                }
                            }
                            half = 8
                        }
                        #endif
                        while 2 * half <= block {
                            butterflies(a, blockW.baseAddress! + half, twiddleStride: 1, half: half,
                                        range: (first / 2)..<(last / 2))
                            half *= 2
                        }
                    }
                    var half = block
                    while half < n {
                        let currentHalf = half
                        Parallel.forEach(count: chunks) { chunk in
                            let (a, w, _) = shared.value
                            butterflies(a, w.baseAddress!, twiddleStride: n / (2 * currentHalf), half: currentHalf,
                                        range: (chunk * (n / 2) / chunks)..<((chunk + 1) * (n / 2) / chunks))
                        }
                        half *= 2
                    }
                }
            }
        }
    }

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

    /// The O(n²) oracle: [Σ_j coefficients[j]·ω^(ij) for i in 0..<size] (nil on wrong count).
    public func nttNaive(_ coefficients: [Fr]) -> [Fr]? {
        guard coefficients.count == size else { return nil }
        return (0..<size).map { i in
            let x = root.pow(UInt64(i))
            return coefficients.reversed().reduce(Fr.zero) { $0 * x + $1 }
        }
    }
}

extension UInt64 {
    /// The bits in reverse order (swap halves, then quarters, … then adjacent bits).
    var bitReversed: UInt64 {
        var x = self.byteSwapped
        x = (x & 0x0f0f_0f0f_0f0f_0f0f) << 4 | (x >> 4) & 0x0f0f_0f0f_0f0f_0f0f
        x = (x & 0x3333_3333_3333_3333) << 2 | (x >> 2) & 0x3333_3333_3333_3333
        x = (x & 0x5555_5555_5555_5555) << 1 | (x >> 1) & 0x5555_5555_5555_5555
        return x
    }
}
