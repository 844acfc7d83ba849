// The link of a weight certificate: a non-interactive proof of knowledge of secrets s (the
// weights and biases, the commitments' blindings) satisfying a linear statement over G1,
//     P_e = Σ_(i, B) s_i·B     for every equation e (its terms: secret index, base point),
// — Maurer's unified Σ-protocol for a linear map between groups ("Unifying zero-knowledge
// proofs of knowledge", AFRICACRYPT 2009), made non-interactive with Fiat–Shamir. A weight
// certificate's statement (Circuit/Commitment/CertifiedLayout.swift) says that the model
// key's commitment D, the certificate key's commitment D' and the input layer's evaluation
// points E_j all open to the *same* weights, under the committed bases only. It plays the
// part of LegoSNARK's CP_link (eprint 2019/142, §3.4) without a trusted setup of its own, at
// the price of one response per secret and one commitment point per equation.
//
// Protocol: draw uniform r (one per secret); T_e = Σ r_i·B over e's terms; c = H(statement,
// targets, T); z = r + c·s. Check: Σ z_i·B = T_e + c·P_e for every e.
// Transcript: "zktrain.weight-link.v2" ‖ u64(equations) ‖ u64(secrets) ‖ per equation:
// u64(terms) ‖ per term: u64(secret index) ‖ enc(B) ; then enc(P_e) per equation ‖ enc(T_e)
// per equation. u64: 8 bytes big-endian; enc: x ‖ y, 32 bytes big-endian each (affine),
// infinity 64 zero bytes. c = (SHA-256(transcript ‖ 0x00) ‖ SHA-256(transcript ‖ 0x01)) as a
// 512-bit big-endian integer mod r (bias below 2^−258). The statement (every base and index)
// is hashed whole, so the challenge binds it.
//
// Security: special soundness — two accepting transcripts with equal T and different c give
// s = (z − z')/(c − c') — makes it a proof of knowledge in the random-oracle model: the
// targets are known combinations of the listed bases with one vector s (not of any other
// point, such as a published input's ICⱼ, whose discrete-log relation to them is unknown).
// Honest-verifier zero knowledge (pick z and c, set T_e = Σ z_i·B − c·P_e) makes the link
// reveal nothing beyond the targets; r must be uniform and never reused (a repeated r with two
// challenges reveals s), so it comes from the system CSPRNG.
import Foundation
import Support

/// Targets P_e = Σ s_i·B over each equation's terms (secret index, base).
public struct LinearStatement: Sendable {
    public var secretCount: Int
    public var equations: [[(secret: Int, base: G1Affine)]]

    public init(secretCount: Int, equations: [[(secret: Int, base: G1Affine)]]) {
        self.secretCount = secretCount
        self.equations = equations
    }

    /// Each equation's value at `secrets` (`secrets.count == secretCount`). An equation of
    /// many terms is one MSM, parallel inside; the small ones (an input layer's E_j, one per
    /// pixel) are evaluated in parallel with each other.
    public func evaluate(_ secrets: [Fr]) -> [G1Affine] {
        let large = 1 << 12
        let value = { @Sendable (e: Int) in
            Groth16.commitment(bases: equations[e].map(\.base), values: equations[e].map { secrets[$0.secret] })
        }
        let small = equations.indices.filter { equations[$0].count < large }
        var values = equations.indices.map { equations[$0].count < large ? G1Affine.infinity : value($0) }
        for (e, point) in zip(small, Parallel.map(count: small.count) { value(small[$0]) }) { values[e] = point }
        return values
    }

    /// Whether every term names a secret below `secretCount`.
    var isWellFormed: Bool { equations.allSatisfy { $0.allSatisfy { (0..<secretCount).contains($0.secret) } } }
}

/// The Σ-protocol proof of a `LinearStatement`.
public struct WeightLink: Equatable, Sendable {
    /// T_e, one per equation.
    public var commitments: [G1Affine]
    /// z_i, one per secret.
    public var responses: [Fr]

    public init(commitments: [G1Affine], responses: [Fr]) {
        self.commitments = commitments
        self.responses = responses
    }

    /// Proves knowledge of `secrets` with `statement.evaluate(secrets) == targets`.
    public static func prove(_ statement: LinearStatement, secrets: [Fr], targets: [G1Affine],
                             using rng: inout some RandomNumberGenerator) -> WeightLink {
        precondition(secrets.count == statement.secretCount && targets.count == statement.equations.count, "WeightLink.prove: counts")
        let r = (0..<secrets.count).map { _ in Fr.random(using: &rng) }
        let commitments = statement.evaluate(r)
        let c = challenge(statement, targets: targets, commitments: commitments)
        return WeightLink(commitments: commitments, responses: zip(r, secrets).map { $0 + c * $1 })
    }

    /// Whether the link proves `statement` for `targets`.
    public func verify(_ statement: LinearStatement, targets: [G1Affine]) -> Bool {
        guard statement.isWellFormed, responses.count == statement.secretCount, commitments.count == statement.equations.count,
              targets.count == commitments.count, (targets + commitments).allSatisfy(\.isOnCurve) else { return false }
        let c = Self.challenge(statement, targets: targets, commitments: commitments)
        return zip(statement.evaluate(responses), zip(commitments, targets)).allSatisfy { left, pair in
            left == (G1Jacobian(pair.0) + G1Jacobian(pair.1).multiplied(by: c)).toAffine()
        }
    }

    /// The Fiat–Shamir challenge (transcript in the file comment).
    static func challenge(_ statement: LinearStatement, targets: [G1Affine], commitments: [G1Affine]) -> Fr {
        var transcript = Array("zktrain.weight-link.v2".utf8)
        func u64(_ value: Int) { transcript += (0..<8).map { UInt8(truncatingIfNeeded: UInt64(value) >> (56 - 8 * $0)) } }
        func point(_ p: G1Affine) {
            transcript += p.isInfinity ? [UInt8](repeating: 0, count: 64) : p.x.littleEndianBytes.reversed() + p.y.littleEndianBytes.reversed()
        }
        u64(statement.equations.count)
        u64(statement.secretCount)
        for terms in statement.equations {
            u64(terms.count)
            for term in terms {
                u64(term.secret)
                point(term.base)
            }
        }
        (targets + commitments).forEach(point)
        let digest = sha256(transcript + [0]) + sha256(transcript + [1])
        let twoTo64 = Fr(UInt64.max) + .one
        var c = Fr.zero
        for word in stride(from: 0, to: 64, by: 8) {
            c = c * twoTo64 + Fr(digest[word..<word + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }
        return c
    }
}
