// The link of a weight certificate: a non-interactive proof of knowledge of one vector w (the
// weights and biases) and two blindings ν, ν' such that
//     D  = Σ wᵢ·Kᵢ  + ν·Kₙ      (the model key's commitment, Groth16+Commitment.swift)
//     D' = Σ wᵢ·K'ᵢ + ν'·K'ₙ    (the certificate key's commitment)
// — Schnorr's protocol for equality of representations (Cramer–Damgård–Schoenmakers style
// AND-composition sharing the responses for w), made non-interactive with Fiat–Shamir.
// It plays the part of LegoSNARK's CP_link (eprint 2019/142, §3.4) without a trusted setup of
// its own, at the price of one response per weight.
//
// Protocol: draw uniform rᵢ (i < n), r_ν, r_ν'; T = Σ rᵢKᵢ + r_ν·Kₙ, T' = Σ rᵢK'ᵢ + r_ν'·K'ₙ;
// c = H(K, K', D, D', T, T'); zᵢ = rᵢ + c·wᵢ, z_ν = r_ν + c·ν, z_ν' = r_ν' + c·ν'.
// Check: Σ zᵢKᵢ + z_ν·Kₙ = T + c·D and Σ zᵢK'ᵢ + z_ν'·K'ₙ = T' + c·D'.
// Transcript: "zktrain.weight-link.v1" ‖ m (8 bytes, big-endian; m = n + 1) ‖ K₀…Kₙ ‖ K'₀…K'ₙ
// ‖ D ‖ D' ‖ T ‖ T', each point as x ‖ y (32-byte big-endian, affine; infinity 64 zero bytes);
// c = (SHA-256(transcript ‖ 0x00) ‖ SHA-256(transcript ‖ 0x01)) as a 512-bit big-endian
// integer mod r (bias below 2^−258).
//
// Security (what is assumed, what an observer learns): special soundness — two accepting
// transcripts with the same T, T' and different c give w, ν, ν' — makes it a proof of
// knowledge in the random-oracle model; so D and D' are known combinations of the committed
// bases alone (not of the published inputs' ICⱼ, nor of anything else whose discrete log
// relation to them is unknown), with the *same* w. Honest-verifier zero knowledge (pick z and
// c, set T = Σ zK − c·D) makes the link reveal nothing beyond D and D'; r must be uniform and
// never reused (a repeated r with two challenges reveals w), so it comes from the system CSPRNG.
import Foundation
import Support

/// The Σ-protocol proof that two key commitments open to the same weights.
public struct WeightLink: Equatable, Sendable {
    public var t: G1Affine
    public var tPrime: G1Affine
    /// z₀…z_{n−1} (weights and biases), z_ν, z_ν': n + 2 values.
    public var responses: [Fr]

    public init(t: G1Affine, tPrime: G1Affine, responses: [Fr]) {
        self.t = t
        self.tPrime = tPrime
        self.responses = responses
    }

    /// Proves that `commitment` = Σ weights·bases[..<n] + blinding·bases[n] and
    /// `certificateCommitment` = Σ weights·certificateBases[..<n] + certificateBlinding·certificateBases[n].
    public static func prove(bases: [G1Affine], certificateBases: [G1Affine], weights: [Fr], blinding: Fr, certificateBlinding: Fr,
                             commitment: G1Affine, certificateCommitment: G1Affine,
                             using rng: inout some RandomNumberGenerator) -> WeightLink {
        precondition(bases.count == weights.count + 1 && certificateBases.count == bases.count, "WeightLink.prove: base counts")
        let r = (0..<weights.count + 2).map { _ in Fr.random(using: &rng) }
        let n = weights.count
        let t = Groth16.commitment(bases: bases, values: Array(r[0...n]))
        let tPrime = Groth16.commitment(bases: certificateBases, values: Array(r[0..<n]) + [r[n + 1]])
        let c = challenge(bases: bases, certificateBases: certificateBases, commitment: commitment,
                          certificateCommitment: certificateCommitment, t: t, tPrime: tPrime)
        let secrets = weights + [blinding, certificateBlinding]
        return WeightLink(t: t, tPrime: tPrime, responses: zip(r, secrets).map { $0 + c * $1 })
    }

    /// Whether the link proves that `commitment` and `certificateCommitment` open to the same
    /// weights under `bases` and `certificateBases` (n + 1 points each: weights, then blinding).
    public func verify(bases: [G1Affine], certificateBases: [G1Affine], commitment: G1Affine, certificateCommitment: G1Affine) -> Bool {
        let n = bases.count - 1
        guard n >= 0, certificateBases.count == bases.count, responses.count == n + 2,
              t.isOnCurve, tPrime.isOnCurve, commitment.isOnCurve, certificateCommitment.isOnCurve else { return false }
        let c = Self.challenge(bases: bases, certificateBases: certificateBases, commitment: commitment,
                               certificateCommitment: certificateCommitment, t: t, tPrime: tPrime)
        let left = Groth16.commitment(bases: bases, values: Array(responses[0...n]))
        let right = Groth16.commitment(bases: certificateBases, values: Array(responses[0..<n]) + [responses[n + 1]])
        return left == (G1Jacobian(t) + G1Jacobian(commitment).multiplied(by: c)).toAffine()
            && right == (G1Jacobian(tPrime) + G1Jacobian(certificateCommitment).multiplied(by: c)).toAffine()
    }

    /// The Fiat–Shamir challenge (transcript in the file comment).
    static func challenge(bases: [G1Affine], certificateBases: [G1Affine], commitment: G1Affine, certificateCommitment: G1Affine,
                          t: G1Affine, tPrime: G1Affine) -> Fr {
        var transcript = Array("zktrain.weight-link.v1".utf8)
        transcript.reserveCapacity(transcript.count + 8 + 64 * (2 * bases.count + 4))
        let m = UInt64(bases.count)
        transcript += (0..<8).map { UInt8(truncatingIfNeeded: m >> (56 - 8 * $0)) }
        for point in bases + certificateBases + [commitment, certificateCommitment, t, tPrime] {
            transcript += point.isInfinity ? [UInt8](repeating: 0, count: 64)
                : point.x.littleEndianBytes.reversed() + point.y.littleEndianBytes.reversed()
        }
        let digest = sha256(transcript + [0]) + sha256(transcript + [1])
        let twoTo64 = Fr(UInt64.max) + .one
        var c = Fr.zero
        for word in stride(from: 0, to: 64, by: 8) {
            c = c * twoTo64 + Fr(digest[word..<word + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }
        return c
    }
}
