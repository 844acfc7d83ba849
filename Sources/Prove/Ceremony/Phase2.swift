// Phase 2 of a Groth16 trusted setup, circuit-specific, in snarkjs's layout (what a Groth16
// .zkey holds): γ = 1, δ updated by each contribution, the C ("L") and H points divided by
// it; H holds the odd-indexed Lagrange points of the doubled domain, [L_{2i+1}^{(2n)}(τ)/δ],
// so a prover must evaluate (A·B − C) on the odd coset of the 2n-th roots (snarkjs's
// convention), not use [τⁱZ(τ)/δ]. The initial key: Phase2+Initial.swift; contributions:
// Phase2+Contribute.swift; checks: Phase2+Verify.swift. No file format here: the .zkey
// reader/writer serialises `Phase2.Key`; Formats/Phase2KeyFile.swift is the interim one.

/// Namespace for the phase-2 ceremony.
public enum Phase2 {}

extension Phase2 {
    /// A phase-2 key: the Groth16 key of a circuit in snarkjs's .zkey layout, with the
    /// ceremony's record. Wires: 0 the constant, 1…publicCount public, then private.
    public struct Key: Sendable, Equatable {
        /// Wires, the constant included (snarkjs nVars).
        public var variableCount: Int
        /// Public signals (outputs then inputs), the constant excluded (snarkjs nPublic).
        public var publicCount: Int
        /// log₂ of the domain: the smallest 2^k ≥ constraints + publicCount + 1.
        public var domainLogSize: Int
        public var alphaG1: G1Affine
        public var betaG1: G1Affine
        public var betaG2: G2Affine
        /// Always the generator in snarkjs's phase 2.
        public var gammaG2: G2Affine
        public var deltaG1: G1Affine
        public var deltaG2: G2Affine
        /// [β·uᵢ(τ) + α·vᵢ(τ) + wᵢ(τ)]₁ for i ≤ publicCount (γ = 1).
        public var ic: [G1Affine]
        /// [uᵢ(τ)]₁ for every wire (the input-consistency rows included).
        public var a: [G1Affine]
        /// [vᵢ(τ)]₁ for every wire.
        public var b1: [G1Affine]
        /// [vᵢ(τ)]₂ for every wire.
        public var b2: [G2Affine]
        /// [(β·uᵢ(τ) + α·vᵢ(τ) + wᵢ(τ))/δ]₁ for the private wires (snarkjs's section 8, "C").
        public var c: [G1Affine]
        /// [L_{2i+1}^{(2n)}(τ)/δ]₁ for i < n (snarkjs's section 9).
        public var h: [G1Affine]
        /// BLAKE2b of the initial key (snarkjs's csHash), 64 bytes.
        public var circuitHash: [UInt8]
        /// The contributions, oldest first.
        public var contributions: [Contribution]

        public init(variableCount: Int, publicCount: Int, domainLogSize: Int, alphaG1: G1Affine, betaG1: G1Affine, betaG2: G2Affine,
                    gammaG2: G2Affine, deltaG1: G1Affine, deltaG2: G2Affine, ic: [G1Affine], a: [G1Affine], b1: [G1Affine],
                    b2: [G2Affine], c: [G1Affine], h: [G1Affine], circuitHash: [UInt8], contributions: [Contribution]) {
            self.variableCount = variableCount
            self.publicCount = publicCount
            self.domainLogSize = domainLogSize
            self.alphaG1 = alphaG1
            self.betaG1 = betaG1
            self.betaG2 = betaG2
            self.gammaG2 = gammaG2
            self.deltaG1 = deltaG1
            self.deltaG2 = deltaG2
            self.ic = ic
            self.a = a
            self.b1 = b1
            self.b2 = b2
            self.c = c
            self.h = h
            self.circuitHash = circuitHash
            self.contributions = contributions
        }

        /// `true` if every count agrees with the others.
        public var hasConsistentShape: Bool {
            variableCount > publicCount && publicCount >= 0 && (1...28).contains(domainLogSize)
                && ic.count == publicCount + 1 && a.count == variableCount && b1.count == variableCount
                && b2.count == variableCount && c.count == variableCount - publicCount - 1 && h.count == 1 << domainLogSize
                && circuitHash.count == 64
        }

        /// The verifying key (snarkjs layout: γ = G2 generator).
        public var verifyingKey: Groth16.VerifyingKey {
            Groth16.VerifyingKey(alphaG1: alphaG1, betaG2: betaG2, gammaG2: gammaG2, deltaG2: deltaG2, gammaABCG1: ic)
        }
    }

    /// One contribution's public record (snarkjs's .zkey section 10 entry).
    public struct Contribution: Sendable, Equatable {
        /// [δ]₁ after this contribution.
        public var deltaAfter: G1Affine
        /// [s]₁, [s·x]₁ and [s'·x]₂ for the contribution's secret x, [s']₂ = hashToG2(transcript).
        public var g1S: G1Affine
        public var g1SX: G1Affine
        public var g2SPX: G2Affine
        /// BLAKE2b(circuit hash ‖ earlier contributions' public keys ‖ [s]₁ ‖ [s·x]₁).
        public var transcript: [UInt8]
        public var name: String?
        public var beacon: PowersOfTau.Beacon?

        public init(deltaAfter: G1Affine, g1S: G1Affine, g1SX: G1Affine, g2SPX: G2Affine, transcript: [UInt8], name: String?,
                    beacon: PowersOfTau.Beacon?) {
            self.deltaAfter = deltaAfter
            self.g1S = g1S
            self.g1SX = g1SX
            self.g2SPX = g2SPX
            self.transcript = transcript
            self.name = name
            self.beacon = beacon
        }

        /// snarkjs's `hashPubKey`: [δ] after, [s]₁, [s·x]₁, [s'·x]₂ uncompressed, the transcript.
        func hashPublicKey(into hasher: inout Blake2b) {
            hasher.update([deltaAfter, g1S, g1SX][...])
            hasher.update(point: g2SPX)
            hasher.update(transcript)
        }

        /// The contribution hash its contributor publishes: BLAKE2b of `hashPublicKey`.
        public var hash: [UInt8] {
            var hasher = Blake2b()
            hashPublicKey(into: &hasher)
            return hasher.finalize()
        }
    }

    /// snarkjs's domain rule: the smallest 2^k ≥ constraints + publicCount + 1 (one
    /// input-consistency row per public signal and the constant wire).
    public static func domainLogSize(constraintCount: Int, publicCount: Int) -> Int {
        let rows = constraintCount + publicCount + 1
        var k = 0
        while 1 << k < rows { k += 1 }
        return max(k, 1)
    }
}
