// The Groth16 verification key and proof (Groth 2016, "On the size of pairing-based
// non-interactive arguments"), named with the paper's symbols as snarkjs and arkworks do.
// Setup, proving and verification live beside this file; file formats in Formats/.

/// Namespace for the Groth16 proof system over BN254.
public enum Groth16 {}

extension Groth16 {
    /// What a verifier needs: [α]₁, [β]₂, [γ]₂, [δ]₂ and [(β·uᵢ(τ) + α·vᵢ(τ) + wᵢ(τ))/γ]₁ for the
    /// constant wire and each public input (`gammaABCG1.count == publicInputCount + 1`).
    public struct VerifyingKey: Equatable, Sendable {
        public var alphaG1: G1Affine
        public var betaG2: G2Affine
        public var gammaG2: G2Affine
        public var deltaG2: G2Affine
        public var gammaABCG1: [G1Affine]

        public init(alphaG1: G1Affine, betaG2: G2Affine, gammaG2: G2Affine, deltaG2: G2Affine, gammaABCG1: [G1Affine]) {
            self.alphaG1 = alphaG1
            self.betaG2 = betaG2
            self.gammaG2 = gammaG2
            self.deltaG2 = deltaG2
            self.gammaABCG1 = gammaABCG1
        }

        /// Number of public inputs (wire 0, the constant 1, excluded).
        public var publicInputCount: Int { gammaABCG1.count - 1 }
    }

    /// A proof: three group elements A ∈ G1, B ∈ G2, C ∈ G1.
    public struct Proof: Equatable, Sendable {
        public var a: G1Affine
        public var b: G2Affine
        public var c: G1Affine

        public init(a: G1Affine, b: G2Affine, c: G1Affine) {
            self.a = a
            self.b = b
            self.c = c
        }
    }
}
