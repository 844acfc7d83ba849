// G2 membership of many points at once, for reading proving keys (a 2^19-constraint key has
// ~500k G2 points; one ψ-based check each took ~25 s on two cores).
//
// Random linear combinations: the twist group is G2 × H with |H| = c, the cofactor, coprime
// to r, so Σ kᵢ·Pᵢ lies in G2 iff Σ kᵢ·Tᵢ = O, where Tᵢ is Pᵢ's H-component. If some Tⱼ ≠ O,
// then for any fixed other coefficients the kⱼ that cancel it form one coset of ord(Tⱼ)·ℤ,
// and ord(Tⱼ) ≥ 10069, the smallest prime factor of c (c = 10069 · 5864401 · 1875725156269
// · 197620364512881247228717050342013327560683201906968909). With kⱼ uniform in [0, 2^14) a
// round therefore passes such a set with probability ≤ ⌈2^14/10069⌉/2^14 = 2^-13, and
// independent rounds multiply: five give 2^-65. This is the small-exponent batch test of
// Bellare, Garay, Rabin ("Fast batch verification for modular exponentiation and digital
// signatures", EUROCRYPT 1998), bounded per prime factor of the cofactor because the twist
// group is not of prime order. Because c has a small factor, one round is weak and several
// are needed (wider coefficients would not help: the bound stays ~1/10069). Each round is
// one MSM of 14-bit scalars (one Pippenger window) and one exact ψ-based check of the sum.
//
// Coefficients come from the system CSPRNG after the points are fixed, so a key's author
// cannot aim at them. The MSM uses the complete group law on the whole twist (no
// endomorphism), so it is correct for points outside G2 too.

import Foundation
import Support

extension G2Affine {
    /// Rounds of `allInSubgroup`: a set with a point outside G2 passes all five with
    /// probability at most 2^-65.
    public static let batchSubgroupRounds = 5

    /// `true` if every point is in the order-r subgroup, checked by random linear combinations
    /// with coefficients from the system CSPRNG (see the file comment): always `true` for
    /// points in G2, and `false` except with probability at most 2^-65 if any point is
    /// outside it. The points must already be known to lie on the twist (`G2Affine(x:y:)`
    /// checks that). Fewer than 16 points are checked one by one with the exact
    /// `isInSubgroup`, which is then faster.
    public static func allInSubgroup(_ points: [G2Affine]) -> Bool {
        guard points.count >= 16 else { return points.allSatisfy(\.isInSubgroup) }
        for _ in 0..<batchSubgroupRounds {
            guard let sum: G2Jacobian = MSM.pippenger(points, randomCoefficients(count: points.count)),
                  sum.isInSubgroup else { return false }
        }
        return true
    }

    /// `count` coefficients uniform in [0, 2^14) from the system CSPRNG, 14 bits of a 16-bit
    /// draw each, drawn in parallel chunks with one `arc4random_buf` call per chunk (glibc's
    /// is getrandom(2); a `SystemRandomNumberGenerator` call per 64 bits was one system call
    /// each, ~1 s for a 2^21-constraint key's five rounds). 14 bits let the MSM use one window
    /// of width 15; the bound per round is ⌈2^14/10069⌉/2^14 = 2^-13, so five rounds give 2^-65.
    static func randomCoefficients(count: Int) -> [Fr] {
        let chunkCount = count >= 1 << 14 ? Parallel.chunkCount : 1
        let chunks = Parallel.map(count: chunkCount) { chunk -> [Fr] in
            let size = (chunk + 1) * count / chunkCount - chunk * count / chunkCount
            var draws = [UInt16](repeating: 0, count: size)
            draws.withUnsafeMutableBytes { if let base = $0.baseAddress { arc4random_buf(base, $0.count) } }
            return draws.map { Fr(UInt64($0 & 0x3fff)) }
        }
        return Array(chunks.joined())
    }
}
