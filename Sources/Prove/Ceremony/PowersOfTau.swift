// A powers-of-tau accumulator (phase 1 of a Groth16 trusted setup, snarkjs's .ptau): the
// points [τⁱ]₁ (i < 2N − 1), [τⁱ]₂, [ατⁱ]₁, [βτⁱ]₁ (i < N), [β]₂ for N = 2^power, the record of
// every contribution, and, once prepared for phase 2, the same points in Lagrange form for
// every domain size 2^p ≤ 2N. Reading and writing: Formats/PtauFile.swift; contributing:
// PowersOfTau+Contribute.swift; checking: PowersOfTau+Verify.swift. Nothing here knows τ.

/// A phase-1 accumulator in snarkjs's layout.
public struct PowersOfTau: Sendable, Equatable {
    /// log₂ N: the file holds N = 2^power powers (2N − 1 in G1).
    public var power: Int
    /// The power the ceremony ran at (≥ power; larger for a file cut down from a bigger ceremony).
    public var ceremonyPower: Int
    /// [τⁱ]₁ for i < 2N − 1.
    public var tauG1: [G1Affine]
    /// [τⁱ]₂ for i < N.
    public var tauG2: [G2Affine]
    /// [α·τⁱ]₁ for i < N.
    public var alphaTauG1: [G1Affine]
    /// [β·τⁱ]₁ for i < N.
    public var betaTauG1: [G1Affine]
    /// [β]₂.
    public var betaG2: G2Affine
    /// Every contribution, oldest first.
    public var contributions: [Contribution]
    /// The Lagrange form for phase 2 (`nil` until `preparedForPhase2()`).
    public var lagrange: Lagrange?

    public init(power: Int, ceremonyPower: Int, tauG1: [G1Affine], tauG2: [G2Affine], alphaTauG1: [G1Affine],
                betaTauG1: [G1Affine], betaG2: G2Affine, contributions: [Contribution], lagrange: Lagrange?) {
        self.power = power
        self.ceremonyPower = ceremonyPower
        self.tauG1 = tauG1
        self.tauG2 = tauG2
        self.alphaTauG1 = alphaTauG1
        self.betaTauG1 = betaTauG1
        self.betaG2 = betaG2
        self.contributions = contributions
        self.lagrange = lagrange
    }

    /// The largest power a file may have (snarkjs's, Fr's 2-adicity); preparing for phase 2
    /// needs power + 1 ≤ 28 as well.
    public static let maximumPower = 28

    /// Sections 12–15 of a prepared file: for each domain size 2^p, the points
    /// [Lⱼ(τ)]₁, [Lⱼ(τ)]₂, [α·Lⱼ(τ)]₁, [β·Lⱼ(τ)]₁ (j < 2^p) of the Lagrange basis of ⟨ω_{2^p}⟩,
    /// concatenated from p = 0 upwards (the block of size 2^p starts at index 2^p − 1). G1's
    /// τ list goes up to p = power + 1, computed from 2N − 1 powers and a zero (snarkjs's
    /// convention; exact for polynomials of degree ≤ 2N − 2); the others up to p = power.
    public struct Lagrange: Sendable, Equatable {
        public var tauG1: [G1Affine]
        public var tauG2: [G2Affine]
        public var alphaTauG1: [G1Affine]
        public var betaTauG1: [G1Affine]

        public init(tauG1: [G1Affine], tauG2: [G2Affine], alphaTauG1: [G1Affine], betaTauG1: [G1Affine]) {
            self.tauG1 = tauG1
            self.tauG2 = tauG2
            self.alphaTauG1 = alphaTauG1
            self.betaTauG1 = betaTauG1
        }

        /// The block for domain size 2^logSize of `points`.
        public static func block<P>(_ points: [P], logSize: Int) -> ArraySlice<P> {
            points[((1 << logSize) - 1)..<((1 << (logSize + 1)) - 1)]
        }
    }

    /// One contribution's public record (snarkjs's section 7 entry).
    public struct Contribution: Sendable, Equatable {
        /// The accumulator's [τ]₁, [τ]₂, [α]₁, [β]₁, [β]₂ after this contribution.
        public var tauG1: G1Affine
        public var tauG2: G2Affine
        public var alphaG1: G1Affine
        public var betaG1: G1Affine
        public var betaG2: G2Affine
        /// The proofs of knowledge of the contribution's τ', α', β'.
        public var key: PublicKey
        /// BLAKE2b state after the challenge hash and the compressed response points
        /// (blake2b-wasm layout, 216 bytes); finishing it with the public key gives the response hash.
        public var partialHash: [UInt8]
        /// BLAKE2b(response hash ‖ every point after this contribution, uncompressed).
        public var nextChallenge: [UInt8]
        /// The contributor's name (at most 64 characters), if given.
        public var name: String?
        /// For a beacon: the beacon value and log₂ of its SHA-256 iterations.
        public var beacon: Beacon?

        public init(tauG1: G1Affine, tauG2: G2Affine, alphaG1: G1Affine, betaG1: G1Affine, betaG2: G2Affine, key: PublicKey,
                    partialHash: [UInt8], nextChallenge: [UInt8], name: String?, beacon: Beacon?) {
            self.tauG1 = tauG1
            self.tauG2 = tauG2
            self.alphaG1 = alphaG1
            self.betaG1 = betaG1
            self.betaG2 = betaG2
            self.key = key
            self.partialHash = partialHash
            self.nextChallenge = nextChallenge
            self.name = name
            self.beacon = beacon
        }

        /// The response hash: `partialHash` finished with the public key, uncompressed.
        public var responseHash: [UInt8]? {
            guard var hasher = Blake2b(partialState: partialHash) else { return nil }
            key.hash(into: &hasher)
            return hasher.finalize()
        }
    }

    /// A beacon: public randomness (e.g. a future block hash) and the SHA-256 iteration count.
    public struct Beacon: Sendable, Equatable {
        public var value: [UInt8]
        public var iterationsExponent: Int
        public init(value: [UInt8], iterationsExponent: Int) {
            self.value = value
            self.iterationsExponent = iterationsExponent
        }
    }

    /// The proofs of knowledge of one contribution: for each secret x ∈ {τ', α', β'}, a random
    /// [s]₁, [s·x]₁ and [s'·x]₂, where [s']₂ is hashed from the challenge and the G1 pair.
    public struct PublicKey: Sendable, Equatable {
        public var tau: KnowledgeProof
        public var alpha: KnowledgeProof
        public var beta: KnowledgeProof
        public init(tau: KnowledgeProof, alpha: KnowledgeProof, beta: KnowledgeProof) {
            self.tau = tau
            self.alpha = alpha
            self.beta = beta
        }

        /// snarkjs's order: the six G1 points, then the three G2 points, uncompressed.
        func hash(into hasher: inout Blake2b) {
            for part in [tau, alpha, beta] { hasher.update([part.g1S, part.g1SX][...]) }
            hasher.update([tau.g2SPX, alpha.g2SPX, beta.g2SPX][...])
        }
    }

    /// [s]₁, [s·x]₁, [s'·x]₂ for a secret x.
    public struct KnowledgeProof: Sendable, Equatable {
        public var g1S: G1Affine
        public var g1SX: G1Affine
        public var g2SPX: G2Affine
        public init(g1S: G1Affine, g1SX: G1Affine, g2SPX: G2Affine) {
            self.g1S = g1S
            self.g1SX = g1SX
            self.g2SPX = g2SPX
        }

        /// snarkjs's `getG2sp`: [s']₂ = hashToG2(BLAKE2b(personalization byte ‖ challenge ‖
        /// [s]₁ ‖ [s·x]₁)), personalization 0 for τ, 1 for α, 2 for β.
        func g2SP(personalization: UInt8, challenge: [UInt8]) -> G2Affine {
            var hasher = Blake2b()
            hasher.update([personalization])
            hasher.update(challenge)
            hasher.update([g1S, g1SX][...])
            return G2Affine.snarkjsHash(hasher.finalize())
        }
    }

    /// N = 2^power.
    public var size: Int { 1 << power }

    /// The largest circuit domain (log₂) this accumulator serves: snarkjs needs
    /// constraints + public + 1 ≤ 2^power.
    public var largestDomainLogSize: Int { power }
}
