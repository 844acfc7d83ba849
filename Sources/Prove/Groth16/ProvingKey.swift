// The Groth16 proving key (arkworks' `ProvingKey` layout, the paper's symbols). Made by
// `Groth16.setup`, stored as `proving.key` by Formats/ProvingKey+File.swift. A key from a
// single-party setup lets whoever ran the setup forge proofs; see `Groth16.setup`.

extension Groth16 {
    /// Everything the prover needs besides the constraint system and the witness.
    ///
    /// With QAP polynomials uᵢ, vᵢ, wᵢ (per wire i), target Z over the evaluation domain and the
    /// setup's secrets τ, α, β, γ, δ: `aQueryG1[i] = [uᵢ(τ)]₁`, `bQueryG1[i] = [vᵢ(τ)]₁`,
    /// `bQueryG2[i] = [vᵢ(τ)]₂`, `hQueryG1[k] = [τᵏ·Z(τ)/δ]₁` (k < domainSize − 1) and
    /// `lQueryG1[j] = [(β·uᵢ(τ) + α·vᵢ(τ) + wᵢ(τ))/δ]₁` for the private wires i = publicCount + 1 + j.
    public struct ProvingKey: Equatable, Sendable {
        public var verifyingKey: VerifyingKey
        public var alphaG1: G1Affine
        public var betaG1: G1Affine
        public var betaG2: G2Affine
        public var deltaG1: G1Affine
        public var deltaG2: G2Affine
        /// [uᵢ(τ)]₁ for every wire (variableCount points).
        public var aQueryG1: [G1Affine]
        /// [vᵢ(τ)]₁ for every wire.
        public var bQueryG1: [G1Affine]
        /// [vᵢ(τ)]₂ for every wire.
        public var bQueryG2: [G2Affine]
        /// [τᵏ·Z(τ)/δ]₁ for k in 0..<domainSize − 1.
        public var hQueryG1: [G1Affine]
        /// [(β·uᵢ(τ) + α·vᵢ(τ) + wᵢ(τ))/δ]₁ for each private wire.
        public var lQueryG1: [G1Affine]
        /// Number of wires, the constant wire 0 included.
        public var variableCount: Int
        /// Number of public wires (outputs then inputs), the constant wire excluded.
        public var publicCount: Int
        /// Number of R1CS constraints (input-consistency rows excluded).
        public var constraintCount: Int
        /// log₂ of the evaluation domain size.
        public var domainLogSize: Int
        /// `Groth16.circuitDigest` of the constraint system the key was made for (a consistency check for `prove`, not a security measure).
        public var circuitDigest: UInt64

        /// `true` if every count agrees with the others (what the file reader enforces).
        public var hasConsistentShape: Bool {
            variableCount >= publicCount + 1 && publicCount >= 0
                && aQueryG1.count == variableCount && bQueryG1.count == variableCount
                && bQueryG2.count == variableCount && lQueryG1.count == variableCount - publicCount - 1
                && (1...28).contains(domainLogSize) && hQueryG1.count == (1 << domainLogSize) - 1
                && verifyingKey.gammaABCG1.count == publicCount + 1
        }
    }
}
