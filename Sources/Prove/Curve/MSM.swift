// Multi-scalar multiplication Σ sᵢ·Pᵢ over G1 or G2: Pippenger's bucket method with signed
// windows (digits in [−2^(c−1), 2^(c−1)], so 2^(c−1) buckets per window), windows computed
// in parallel, and a fast path for small scalars: each scalar s is used as s or −(r − s),
// whichever is shorter (ML witnesses are small positive or small negative integers), and
// only windows below the longest magnitude are processed. `msmNaive` is the test oracle.
// (Affine buckets with batched inversions were tried and measured slower here: future work.)
// Not constant-time.

/// Multi-scalar multiplication.
public enum MSM {
    /// Σ scalars[i]·points[i] by Pippenger's method; `nil` if the counts differ.
    public static func pippenger<G: JacobianPoint>(_ points: [G.Affine], _ scalars: [Fr]) -> G? {
        guard points.count == scalars.count else { return nil }
        let n = points.count
        guard n > 0 else { return .zero }
        // s·P = (r − s)·(−P): take the shorter magnitude and remember the sign.
        let signed = scalars.map { scalar -> (limbs: [UInt64], negative: Bool) in
            let negated = (-scalar).canonicalLimbs
            let limbs = scalar.canonicalLimbs
            return bitLength(negated) < bitLength(limbs) ? (negated, true) : (limbs, false)
        }
        let maxBits = signed.map { bitLength($0.limbs) }.max() ?? 0
        guard maxBits > 0 else { return .zero }
        let c = windowBits(count: n)
        // One extra window absorbs the carry out of the top signed digit.
        let windowCount = (maxBits + c - 1) / c + 1
        let digits = signedDigits(signed, windowBits: c, windowCount: windowCount)
        let shared = UncheckedSendable((points, digits))
        let windowSums: [G] = Parallel.map(count: windowCount) { window in
            let (points, digits) = shared.value
            return windowSum(points, digits: digits[(window * n)..<((window + 1) * n)], bucketCount: 1 << (c - 1))
        }
        var result = G.zero
        for sum in windowSums.reversed() {
            for _ in 0..<c { result = result.doubled() }
            result = result + sum
        }
        return result
    }

    /// Σ scalars[i]·points[i] by independent double-and-add; `nil` if the counts differ.
    public static func msmNaive<G: JacobianPoint>(_ points: [G.Affine], _ scalars: [Fr]) -> G? {
        guard points.count == scalars.count else { return nil }
        return zip(points, scalars).reduce(G.zero) { $0 + G($1.0).multiplied(by: $1.1) }
    }

    /// Window width c ≈ log₂(n)·0.69 + 2 (arkworks' heuristic), capped at 16.
    static func windowBits(count n: Int) -> Int {
        if n < 32 { return 3 }
        let log2n = Int.bitWidth - n.leadingZeroBitCount - 1
        return min(16, log2n * 69 / 100 + 2)
    }

    static func bitLength(_ limbs: [UInt64]) -> Int {
        for index in stride(from: limbs.count - 1, through: 0, by: -1) where limbs[index] != 0 {
            return 64 * index + (64 - limbs[index].leadingZeroBitCount)
        }
        return 0
    }

    /// Signed base-2^c digits, window-major: digits[w·n + i] is digit w of scalar i, with
    /// Σ_w digit·2^(cw) equal to ±magnitude (all digits negated for negative scalars).
    static func signedDigits(_ scalars: [(limbs: [UInt64], negative: Bool)], windowBits c: Int, windowCount: Int) -> [Int32] {
        let n = scalars.count
        var digits = [Int32](repeating: 0, count: n * windowCount)
        let half = Int64(1) << Int64(c - 1)
        let full = Int64(1) << Int64(c)
        for (i, scalar) in scalars.enumerated() {
            var carry: Int64 = 0
            for window in 0..<windowCount {
                var value = Int64(bits(scalar.limbs, offset: window * c, count: c)) + carry
                carry = 0
                if value >= half {
                    value -= full
                    carry = 1
                }
                digits[window * n + i] = Int32(scalar.negative ? -value : value)
            }
        }
        return digits
    }

    /// `count` (≤ 16) bits of the little-endian limbs starting at bit `offset` (zero past the end).
    static func bits(_ limbs: [UInt64], offset: Int, count: Int) -> UInt64 {
        let limb = offset / 64, shift = offset % 64
        guard limb < limbs.count else { return 0 }
        var value = limbs[limb] >> UInt64(shift)
        if shift + count > 64, limb + 1 < limbs.count { value |= limbs[limb + 1] << UInt64(64 - shift) }
        return value & ((1 << UInt64(count)) - 1)
    }

    /// One window: add ±Pᵢ into bucket |digit|, then Σ k·bucket[k] by a running sum.
    static func windowSum<G: JacobianPoint>(_ points: [G.Affine], digits: ArraySlice<Int32>, bucketCount: Int) -> G {
        var buckets = [G](repeating: .zero, count: bucketCount)
        for (i, digit) in zip(points.indices, digits) where digit != 0 {
            if digit > 0 {
                buckets[Int(digit) - 1] = buckets[Int(digit) - 1].adding(points[i])
            } else {
                buckets[Int(-digit) - 1] = buckets[Int(-digit) - 1].adding(points[i].negated())
            }
        }
        var running = G.zero, sum = G.zero
        for bucket in buckets.reversed() {
            running = running + bucket
            sum = sum + running
        }
        return sum
    }
}
