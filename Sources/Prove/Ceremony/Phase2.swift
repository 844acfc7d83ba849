// Phase 2 of a Groth16 trusted setup, circuit-specific, in snarkjs's layout: γ = 1, δ updated
// by each contribution, the C ("L") and H points divided by it; H holds the odd-indexed
// Lagrange points of the doubled domain, [L_{2i+1}^{(2n)}(τ)/δ], so a prover must evaluate
// (A·B − C) on the odd coset of the 2n-th roots (snarkjs's convention), not use [τⁱZ(τ)/δ].
// The key a ceremony passes around is a `ZkeyFile`: the proving key (`Groth16.SnarkjsProvingKey`)
// with the circuit hash and the contributions (`ZkeyFile.Contribution`), so one type and one
// file format serve snarkjs's keys, ours and the prover. The initial key: Phase2+Initial.swift;
// contributions: Phase2+Contribute.swift; checks: Phase2+Verify.swift.

/// Namespace for the phase-2 ceremony.
public enum Phase2 {
    /// snarkjs's domain rule: the smallest 2^k ≥ constraints + publicCount + 1 (one
    /// input-consistency row per public signal and the constant wire).
    public static func domainLogSize(constraintCount: Int, publicCount: Int) -> Int {
        let rows = constraintCount + publicCount + 1
        var k = 0
        while 1 << k < rows { k += 1 }
        return max(k, 1)
    }
}

extension ZkeyFile.Contribution {
    /// The beacon a beacon record names (nil for an ordinary contribution, or a beacon record
    /// without its exponent or hash).
    public var beacon: PowersOfTau.Beacon? {
        guard kind == .beacon, let exponent = iterationsExponent, let value = beaconHash else { return nil }
        return PowersOfTau.Beacon(value: value, iterationsExponent: Int(exponent))
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
