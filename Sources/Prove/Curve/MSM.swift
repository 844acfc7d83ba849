// Multi-scalar multiplication Σ sᵢ·Pᵢ over G1 or G2: Pippenger's bucket method with signed
// windows (digits in (−2^(c−1), 2^(c−1)], so 2^(c−1) buckets per window; arkworks'
// `VariableBaseMSM`, gnark-crypto's `MultiExp`). ML witnesses are small positive or small
// negative integers, so each scalar s is used as s or −(r − s), whichever is shorter, and
// scalars are split by length into classes (≤ 16, ≤ 32, ≤ 64 bits and longer), each with its
// own window width and window count chosen by a cost model: one wide public output no longer
// makes every small witness run 254/c windows, nor 32-bit products every 16-bit factor two.
// Windows × point chunks run on all cores; bucket kernels: MSM+BatchAffine.swift (wide
// windows), MSM+BatchSum.swift (one bucket: bit wires), MSM+Buckets.swift (other narrow
// ones). `msmNaive` is the test oracle. Not constant-time.

import Support

/// Multi-scalar multiplication.
public enum MSM {
    /// Σ scalars[i]·points[i] by Pippenger's method; `nil` if the counts differ.
    public static func pippenger<G: JacobianPoint>(_ points: [G.Affine], _ scalars: [Fr]) -> G? {
        pippenger(points, scalars: scalars[...])
    }

    /// `pippenger` on a slice of scalars (the prover's private witness), without copying it.
    static func pippenger<G: JacobianPoint>(_ points: [G.Affine], scalars: ArraySlice<Fr>) -> G? {
        guard points.count == scalars.count else { return nil }
        let n = points.count
        guard n > 0 else { return .zero }
        // Magnitude bit lengths only: the digits pass recomputes each magnitude (one product)
        // rather than keeping 32 bytes per scalar alive.
        var bitLengths = [UInt16](repeating: 0, count: n)
        scalars.withUnsafeBufferPointer { s in
            bitLengths.withUnsafeMutableBufferPointer { bits in
                let shared = UncheckedSendable((s, bits))
                let chunks = n >= 1 << 14 ? Parallel.chunkCount : 1
                Parallel.forEach(count: chunks) { chunk in
                    let (s, bits) = shared.value
                    for i in (chunk * n / chunks)..<((chunk + 1) * n / chunks) {
                        bits[i] = UInt16(signedMagnitude(s[i]).bits)
                    }
                }
            }
        }
        // Size classes by `classLimits`; points at infinity are dropped here (a Groth16 query
        // has one for every wire absent from its matrix).
        var classes = [[Int32]](repeating: [], count: classLimits.count)
        var classBits = [Int](repeating: 0, count: classLimits.count)
        for i in 0..<n where bitLengths[i] > 0 && !points[i].isInfinity {
            let bits = Int(bitLengths[i])
            let size = classLimits.firstIndex { bits <= $0 }!
            classes[size].append(Int32(i))
            classBits[size] = max(classBits[size], bits)
        }
        bitLengths = []
        var result = G.zero
        for size in classes.indices where !classes[size].isEmpty {
            result = result + classSum(points, scalars: scalars, indices: classes[size], maxBits: classBits[size])
            classes[size] = []
        }
        return result
    }

    /// Upper bit lengths of the scalar size classes: each class pays for the window count of
    /// its longest scalar only.
    static let classLimits = [16, 32, 64, 256]

    /// s·P = (r − s)·(−P): the shorter of s and r − s as an integer, whether it is r − s, and
    /// its bit length (0 for s = 0).
    @inline(__always)
    static func signedMagnitude(_ scalar: Fr) -> (magnitude: Limbs, negative: Bool, bits: Int) {
        let value = scalar.canonical
        let negated = limbsIsZero(value) ? value : limbsSub(Fr.modulus, value).0
        let valueBits = bitLength(value), negatedBits = bitLength(negated)
        return negatedBits < valueBits ? (negated, true, negatedBits) : (value, false, valueBits)
    }

    /// Σ scalars[i]·points[i] by independent double-and-add; `nil` if the counts differ.
    public static func msmNaive<G: JacobianPoint>(_ points: [G.Affine], _ scalars: [Fr]) -> G? {
        guard points.count == scalars.count else { return nil }
        return zip(points, scalars).reduce(G.zero) { $0 + G($1.0).multiplied(by: $1.1) }
    }

    /// A Pippenger run: window width c, window count, and how many point chunks each window
    /// is split into (so that windows × chunks tasks keep every core busy).
    struct Plan: Equatable {
        var windowBits: Int
        var windowCount: Int
        var chunkCount: Int
    }

    /// The plan minimising a cost model for `count` scalars of at most `maxBits` bits on
    /// `cores` cores: a task (one window of one chunk) costs an addition per nonzero digit
    /// (about half the digits in a carry-only top window or with c = 1; a batch-affine
    /// addition counts ~0.55 of a mixed one plus its share of the batch's inversion) plus the
    /// bucket sum (`reductionCost`); the total is spread over the cores but cannot beat the
    /// longest task.
    static func plan(count: Int, maxBits: Int, cores: Int) -> Plan {
        var best = Plan(windowBits: 1, windowCount: maxBits + 1, chunkCount: 1)
        var bestCost = Double.infinity
        for c in 1...18 {
            for chunks in 1...8 where chunks == 1 || count / chunks >= 1 << 10 {
                let candidate = Plan(windowBits: c, windowCount: maxBits / c + 1, chunkCount: chunks)  // + 1: the last carry
                let cost = cost(of: candidate, count: count, maxBits: maxBits, cores: cores, batchAffineShare: 1)
                if cost < bestCost { (best, bestCost) = (candidate, cost) }
            }
        }
        return best
    }

    /// The cost model's estimate for an MSM of `count` scalars of at most `maxBits` bits on
    /// `cores` cores, in mixed Jacobian + affine additions (wall clock: the work is spread over
    /// the cores). For predicting prove times (Circuit's cost profile), so it prices the plan
    /// `plan` chooses at measured costs: batch-affine windows at `measuredBatchAffineShare` of
    /// the planner's weights.
    public static func estimatedCost(count: Int, maxBits: Int, cores: Int) -> Double {
        guard count > 0 else { return 0 }
        let cores = max(cores, 1)
        return cost(of: plan(count: count, maxBits: maxBits, cores: cores), count: count, maxBits: maxBits, cores: cores,
                    batchAffineShare: measuredBatchAffineShare)
    }

    /// What a batch-affine window costs, as a share of the planner's estimate for it. The
    /// planner's weights were fitted before the fused IFMA batch kernel (2026-11-21); with it,
    /// the H-query MSMs of 19 proofs (domains 2^10…2^21, reference machine, 2026-12-07) took
    /// 0.47–0.57 of the planner's price on batch-affine plans and its full price on Jacobian
    /// ones, and a share of 0.5 prices all 19 within ±13 % (rms 7 %; the planner's own weights
    /// price 2^12 at 1.8× 2^11, which take the same time). The planner keeps its weights: a
    /// refit that changed its plans made small witness MSMs slower (docs/DESIGN.md, after
    /// "Performance lives in `Prove`"). Without the IFMA kernel the planner's weights stand.
    #if MONTGOMERY_IFMA
    static let measuredBatchAffineShare = 0.5
    #else
    static let measuredBatchAffineShare = 1.0
    #endif

    /// `plan`'s cost, its batch-affine windows (additions and bucket sum) weighted by `batchAffineShare`.
    static func cost(of plan: Plan, count: Int, maxBits: Int, cores: Int, batchAffineShare: Double) -> Double {
        var total = 0.0, longest = 0.0
        for window in 0..<plan.windowCount {
            let buckets = bucketCount(window: window, windowBits: plan.windowBits, maxBits: maxBits)
            let bitsHere = min(plan.windowBits, maxBits - plan.windowBits * window)
            let nonzero = bitsHere <= 0 ? 0.5 : 1 - 1 / Double(1 << min(bitsHere, 20))
            let share = buckets >= batchAffineMinimumBuckets ? batchAffineShare : 1
            let task = share * (nonzero * additionCost(bucketCount: buckets) * Double(count / plan.chunkCount)
                                + reductionCost(bucketCount: buckets))
            total += task * Double(plan.chunkCount)
            longest = max(longest, task)
        }
        return max(total / Double(cores), longest)
    }

    /// The cost of a window's weighted bucket sum, in mixed additions: ~3 per bucket for the
    /// Jacobian running sum, ~1.5 for the batched affine one (MSM+BatchReduction.swift).
    static func reductionCost(bucketCount: Int) -> Double {
        (bucketCount >= batchAffineMinimumBuckets ? 1.5 : 3) * Double(bucketCount)
    }

    /// The cost of one bucket addition relative to a mixed Jacobian + affine one.
    static func additionCost(bucketCount: Int) -> Double {
        bucketCount >= batchAffineMinimumBuckets ? 0.55 + 35 / Double(batchSize(bucketCount: bucketCount)) : 1
    }

    /// Buckets needed by window `window` of width c for magnitudes below 2^maxBits: 2^(c−1),
    /// or fewer in the top windows, whose digits are bounded by 2^(maxBits − c·window).
    static func bucketCount(window: Int, windowBits c: Int, maxBits: Int) -> Int {
        let above = maxBits - c * window
        return above >= c ? 1 << (c - 1) : min(1 << (c - 1), 1 << max(above, 0))
    }

    /// Σ over one size class: signed digits, then every (window, chunk) bucket sum in
    /// parallel, then Horner over windows.
    static func classSum<G: JacobianPoint>(_ points: [G.Affine], scalars: ArraySlice<Fr>,
                                           indices: [Int32], maxBits: Int) -> G {
        let m = indices.count
        let plan = plan(count: m, maxBits: maxBits, cores: max(Parallel.chunkCount, 1))
        let c = plan.windowBits, windows = plan.windowCount, chunks = plan.chunkCount
        let digits = signedDigits(scalars: scalars, indices: indices, windowBits: c, windowCount: windows)
        let shared = UncheckedSendable((points, digits, indices))
        let taskSums: [G] = Parallel.map(count: windows * chunks) { task in
            let (points, digits, indices) = shared.value
            let window = task / chunks, chunk = task % chunks
            let range = (window * m + chunk * m / chunks)..<(window * m + (chunk + 1) * m / chunks)
            let buckets = bucketCount(window: window, windowBits: c, maxBits: maxBits)
            if buckets >= batchAffineMinimumBuckets {
                return bucketSumBatchAffine(points, digits: digits, indices: indices, digitRange: range,
                                            indexOffset: window * m, bucketCount: buckets)
            }
            if maxBits == 1, window == 0, range.count >= signedSumMinimumCount {  // digits −1, 0, 1
                return signedSumBatchAffine(points, digits: digits, indices: indices, digitRange: range, indexOffset: window * m)
            }
            return bucketSum(points, digits: digits, indices: indices, digitRange: range, indexOffset: window * m,
                             bucketCount: buckets)
        }
        var result = G.zero
        for window in stride(from: windows - 1, through: 0, by: -1) {
            for _ in 0..<c { result = result.doubled() }
            for chunk in 0..<chunks { result = result + taskSums[window * chunks + chunk] }
        }
        return result
    }

    @inline(__always)
    static func bitLength(_ x: Limbs) -> Int {
        if x.3 != 0 { return 256 - x.3.leadingZeroBitCount }
        if x.2 != 0 { return 192 - x.2.leadingZeroBitCount }
        if x.1 != 0 { return 128 - x.1.leadingZeroBitCount }
        return 64 - x.0.leadingZeroBitCount
    }

    /// Signed base-2^c digits of the scalars at `indices` (offsets into `scalars`), window-major:
    /// digits[w·m + k] is digit w of scalar indices[k], with Σ_w digit·2^(cw) = the scalar (its
    /// `signedMagnitude`, negated for negative ones) and every digit in (−2^(c−1), 2^(c−1)].
    /// Needs windowCount·c > the largest magnitude's bit length. Every entry is written, so the
    /// array starts uninitialised.
    static func signedDigits(scalars: ArraySlice<Fr>, indices: [Int32], windowBits c: Int, windowCount: Int) -> [Int32] {
        let m = indices.count
        let half = Int64(1) << Int64(c - 1)
        let full = Int64(1) << Int64(c)
        let mask = (UInt32(1) << UInt32(c)) - 1
        return [Int32](unsafeUninitializedCapacity: m * windowCount) { out, initialized in
            let shared = UncheckedSendable((out, scalars, indices))
            let chunks = m >= 1 << 14 ? Parallel.chunkCount : 1
            Parallel.forEach(count: chunks) { chunk in
                let (out, scalars, indices) = shared.value
                // The magnitude's 32 little-endian bytes and 8 zero bytes: window w's bits are
                // one unaligned 32-bit load at byte ⌊cw/8⌋ shifted by cw mod 8 (c ≤ 18, so
                // c + 7 ≤ 25 bits fit, and the top window may read into the zero bytes).
                var padded: (Limbs, UInt64) = ((0, 0, 0, 0), 0)
                for k in (chunk * m / chunks)..<((chunk + 1) * m / chunks) {
                    let (limbs, flip, _) = signedMagnitude(scalars[scalars.startIndex + Int(indices[k])])
                    padded.0 = limbs
                    withUnsafeBytes(of: &padded) { bytes in
                        var carry: Int64 = 0
                        for window in 0..<windowCount {
                            let offset = window * c
                            let word = bytes.loadUnaligned(fromByteOffset: offset >> 3, as: UInt32.self)
                            var value = Int64((UInt32(littleEndian: word) >> UInt32(offset & 7)) & mask) + carry
                            carry = 0
                            if value > half {
                                value -= full
                                carry = 1
                            }
                            out[window * m + k] = Int32(flip ? -value : value)
                        }
                    }
                }
            }
            initialized = m * windowCount
        }
    }
}
