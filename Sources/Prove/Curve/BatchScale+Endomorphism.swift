// [k₁ + λ·k₂]·P for many G1 points and one pair of short scalars: the GLV endomorphism
// φ(x, y) = (β·x, y) = [λ](x, y) of BN254's G1 (β, λ cube roots of unity in Fq and Fr; Gallant,
// Lambert, Vanstone, CRYPTO 2001) gives k₁·P + k₂·φ(P), a joint double-and-add over ~128-bit
// width-4 NAFs: half the doublings of `BatchScale.scale`, in the same lockstep batches. A
// phase-2 contribution draws its multiplier this way (k₁, k₂ uniform 128-bit). The oracle is
// `scaleNaive` with the scalar k₁ + λ·k₂. Not constant-time.
import Support

extension BatchScale {
    /// λ, a primitive cube root of unity in Fr with [λ](x, y) = (β·x, y) on G1 (tested).
    static let lambda = Fr(canonicalLimbs: [0x8b17_ea66_b99c_90dd, 0x5bfc_4108_8d8d_aaa7, 0xb3c4_d79d_41a9_1758, 0])!
    /// β, the matching cube root of unity in Fq.
    static let beta = Fq(canonicalLimbs: [0x5763_4731_77ff_fffe, 0xd4f2_63f1_acdb_5c4f, 0x59e2_6bce_a0d4_8bac, 0])!

    /// [k₁ + λ·k₂]·points[i] for every i; k₁ and k₂ should be short (~128 bits).
    static func scale(_ points: [G1Affine], k1: Fr, k2: Fr) -> [G1Affine] {
        let d1 = wNAF(k1.canonicalLimbs, width: 4), d2 = wNAF(k2.canonicalLimbs, width: 4)
        return batched(points) { range, out in scaleBatch(points[range], d1, d2, into: out) }
    }

    /// One lockstep batch: tables of P, 3P, 5P, 7P (and their images under φ, one product per
    /// entry), then per digit position a doubling and the additions of ±T₁[d₁] and ±φ(T₁)[d₂].
    static func scaleBatch(_ points: ArraySlice<G1Affine>, _ d1: [Int8], _ d2: [Int8], into out: UnsafeMutablePointer<G1Affine>) {
        var lockstep = Lockstep(points)
        let m = lockstep.count, table = lockstep.table
        // φ(table): β·x for every entry, one batched product.
        let mapped = Scratch<AffineBucket<Fq>>(count: 4 * m + 1, value: AffineBucket(), alignment: 64)
        var xs = [Fq](repeating: .zero, count: 4 * m), betaXs = xs
        let betas = [Fq](repeating: beta, count: 4 * m)
        for i in 0..<(4 * m) { xs[i] = table[i].x }
        Fq.multiply(xs, betas, into: &betaXs, count: 4 * m)
        for i in 0..<(4 * m) { mapped[i] = AffineBucket(x: betaXs[i], y: table[i].y) }
        for position in stride(from: max(d1.count, d2.count) - 1, through: 0, by: -1) {
            lockstep.doubleAll()
            for (digits, source) in [(d1, table), (d2, mapped)] where position < digits.count && digits[position] != 0 {
                var any = false
                for k in 0..<m { any = lockstep.add(source, digit: Int(digits[position]), into: k) || any }
                lockstep.finishAdditions(any)
            }
        }
        lockstep.write(into: out)
    }
}
