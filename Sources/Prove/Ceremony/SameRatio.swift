// The ceremony's one check: two pairs of points have the same discrete-log ratio,
// e(a, d) = e(b, c) for a, b ∈ G1 and c, d ∈ G2 (snarkjs's `sameRatio`), and its batched form
// over long lists: Σ ρᵢ·aᵢ and Σ ρᵢ·bᵢ with fresh random ρᵢ (128 bits, from the system
// CSPRNG, drawn after the points are fixed) stand for every pair at once; a list with any
// pair off the ratio passes with probability at most 2^-128 (Schwartz–Zippel in a group of
// prime order). Points must already be known to lie in G1 and G2.
import Support

enum SameRatio {
    /// e(a, d) = e(b, c), all four points non-zero.
    static func holds(_ a: G1Affine, _ b: G1Affine, _ c: G2Affine, _ d: G2Affine) -> Bool {
        guard !a.isInfinity, !b.isInfinity, !c.isInfinity, !d.isInfinity else { return false }
        return Pairing.productIsOne([(a, d), (b.negated(), c)])
    }

    /// `count` coefficients uniform in [0, 2^128), drawn in parallel chunks.
    static func randomCoefficients(count: Int) -> [Fr] {
        let chunks = count >= 1 << 14 ? Parallel.chunkCount : 1
        return Array(Parallel.map(count: chunks) { chunk -> [Fr] in
            var rng = SystemRandomNumberGenerator()
            let size = (chunk + 1) * count / chunks - chunk * count / chunks
            return (0..<size).map { _ in Fr(reducedCanonical: (rng.next(), rng.next(), 0, 0)) }
        }.joined())
    }

    /// Σ coefficients[i]·points[i] in affine form.
    static func combination<G: JacobianPoint>(_ points: ArraySlice<G.Affine>, _ coefficients: ArraySlice<Fr>, as _: G.Type) -> G.Affine {
        let sum: G = MSM.pippenger(Array(points), scalars: coefficients) ?? .zero
        return sum.toAffine()
    }
}
