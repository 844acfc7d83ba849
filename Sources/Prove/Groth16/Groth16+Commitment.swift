// Key commitments to committed public inputs (LegoGroth16's commit-carrying Groth16,
// Campanelli, Fiore and Querol, "LegoSNARK", eprint 2019/142, §5 and fig. 22, in the form
// where the commitment is fixed per statement family rather than drawn per proof).
//
// A circuit lays some wires out as the *last* public inputs but never publishes their values
// (certified weights: every weight and bias, then a blinding wire). Their share of the
// verifier's input sum, D = Σ vᵢ·ICᵢ over those wires, is published instead, once; a proof
// is an ordinary Groth16 proof and verifies with L = IC₀ + Σ xⱼ·ICⱼ (published inputs) + D.
// D is a Pedersen commitment to the values under the bases ICᵢ = [(β·uᵢ(τ) + α·vᵢ(τ) +
// wᵢ(τ))/γ]₁, which are independent because every public input has an input-consistency
// row of its own in the QAP (Groth16+QAP.swift) — so D binds the values (discrete log in G1)
// and, with the blinding wire's value uniform and secret, hides them perfectly.
// What D does *not* prove by itself is that it lies in the span of the committed bases: a
// prover who adds c·ICⱼ of a published input j to D makes every proof verify for xⱼ while
// the circuit ran on xⱼ + c. The weight certificate's link proof (Commitment/WeightLink.swift)
// is what excludes that; D must never be accepted without it.

extension Groth16 {
    /// D = Σ values[i]·IC[n − k + i] for the last k = values.count public inputs of `vk`
    /// (n public inputs in all); `nil` if the key has fewer than k public inputs.
    public static func commitment(_ vk: VerifyingKey, values: [Fr]) -> G1Affine? {
        let n = vk.publicInputCount, k = values.count
        guard k >= 1, k <= n else { return nil }
        return commitment(bases: committedBases(vk, count: k)!, values: values)
    }

    /// The IC points of the last `count` public inputs of `vk` (the committed bases).
    public static func committedBases(_ vk: VerifyingKey, count: Int) -> [G1Affine]? {
        let n = vk.publicInputCount
        guard count >= 1, count <= n else { return nil }
        return Array(vk.gammaABCG1[(n - count + 1)...n])
    }

    /// Σ values[i]·bases[i].
    static func commitment(bases: [G1Affine], values: [Fr]) -> G1Affine {
        (MSM.pippenger(bases, values) as G1Jacobian?)?.toAffine() ?? .infinity
    }
}
