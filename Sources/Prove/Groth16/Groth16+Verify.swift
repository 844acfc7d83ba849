// The Groth16 verifier: e(A, B) = e(α, β)·e(L, γ)·e(C, δ) with L = IC₀ + Σ xᵢ·ICᵢ, checked
// as one multi-Miller loop of (−A, B), (L, γ), (C, δ) times the precomputed Miller value of
// (α, β), then one final exponentiation. Rejects (returns false for) a public input count
// that differs from the key's and proof points off the curve or (B) outside G2. With a key
// commitment D to the last public inputs (certified weights, Groth16+Commitment.swift),
// L = IC₀ + Σ xᵢ·ICᵢ over the published inputs + D.

extension Groth16 {
    /// A verifying key with its fixed pairing work done once: the Miller loop value of
    /// (α, β) and the line coefficients of γ and δ.
    public struct PreparedVerifyingKey: Sendable {
        public let verifyingKey: VerifyingKey
        let alphaBetaMiller: Fq12
        let gammaPrepared: G2Prepared
        let deltaPrepared: G2Prepared
    }

    /// Precomputes what every verification with `vk` shares.
    public static func prepare(_ vk: VerifyingKey) -> PreparedVerifyingKey {
        PreparedVerifyingKey(verifyingKey: vk,
                             alphaBetaMiller: Pairing.multiMillerLoop([(vk.alphaG1, vk.betaG2)]),
                             gammaPrepared: G2Prepared(vk.gammaG2), deltaPrepared: G2Prepared(vk.deltaG2))
    }

    /// `true` if `proof` is valid for `publicInputs` (outputs then inputs, in wire order)
    /// under `vk`; `false` for an invalid proof or a wrong number of public inputs.
    public static func verify(_ vk: VerifyingKey, publicInputs: [Fr], proof: Proof) -> Bool {
        verify(prepare(vk), publicInputs: publicInputs, proof: proof)
    }

    /// `verify` with a prepared key (saves one Miller loop and two G2 line precomputations).
    /// With `commitment`, `publicInputs` are the first public inputs only and `commitment`
    /// stands for the sum over the rest, `committedWires` of them (see `commitment(_:values:)`).
    public static func verify(_ pvk: PreparedVerifyingKey, publicInputs: [Fr], commitment: (point: G1Affine, committedWires: Int)? = nil,
                              proof: Proof) -> Bool {
        let vk = pvk.verifyingKey
        guard publicInputs.count + (commitment?.committedWires ?? 0) == vk.publicInputCount, !vk.gammaABCG1.isEmpty,
              commitment?.point.isOnCurve ?? true, proof.a.isOnCurve, proof.c.isOnCurve, proof.b.isInSubgroup else { return false }
        var inputs = G1Jacobian(vk.gammaABCG1[0])
        if !publicInputs.isEmpty {
            let sum: G1Jacobian = MSM.pippenger(Array(vk.gammaABCG1[1...publicInputs.count]), publicInputs) ?? .zero
            inputs = inputs + sum
        }
        if let d = commitment?.point { inputs = inputs + G1Jacobian(d) }
        let f = Pairing.multiMillerLoop([
            (proof.a.negated(), G2Prepared(proof.b)),
            (inputs.toAffine(), pvk.gammaPrepared),
            (proof.c, pvk.deltaPrepared),
        ])
        return Pairing.finalExponentiation(f * pvk.alphaBetaMiller) == .one
    }
}
