// A phase-2 contribution, as snarkjs's `zkey contribute` / `zkey beacon`: a secret x and a
// random [s]₁ from ChaCha (keyed by the system CSPRNG and the contributor's text, or by a
// beacon), the transcript BLAKE2b(circuit hash ‖ earlier public keys ‖ [s]₁ ‖ [s·x]₁),
// [s']₂ = hashToG2(transcript), then [δ] ← x·[δ] in both groups and every C and H point
// multiplied by 1/x (BatchScale: all points in lockstep, batched affine arithmetic). x lives
// only inside the call.

extension ZkeyFile {
    /// The key after a contribution whose secret comes from the system CSPRNG mixed with
    /// `entropy`, and the contribution hash its contributor publishes.
    public func contributing(name: String?, entropy: String, progress: (String) -> Void = { _ in }) throws -> (key: ZkeyFile, hash: [UInt8]) {
        var rng = SnarkjsChaCha.fromEntropy(entropy)
        return try contributing(name: name, beacon: nil, using: &rng, progress: progress)
    }

    /// The key after a beacon contribution, reproducible by anyone from `beacon`.
    public func applyingBeacon(name: String?, beacon: PowersOfTau.Beacon, progress: (String) -> Void = { _ in }) throws -> (key: ZkeyFile, hash: [UInt8]) {
        guard !beacon.value.isEmpty, beacon.value.count < 256, (10...63).contains(beacon.iterationsExponent) else {
            throw CeremonyError("a beacon needs 1–255 bytes and an iteration exponent in 10...63")
        }
        var rng = SnarkjsChaCha.fromBeacon(beacon.value, iterationsExponent: beacon.iterationsExponent)
        return try contributing(name: name, beacon: beacon, using: &rng, progress: progress)
    }

    func contributing(name: String?, beacon: PowersOfTau.Beacon?, using rng: inout SnarkjsChaCha,
                      progress: (String) -> Void = { _ in }) throws -> (key: ZkeyFile, hash: [UInt8]) {
        guard key.hasConsistentShape else { throw CeremonyError("the key's counts are inconsistent") }
        // A beacon draws x as snarkjs does (anyone re-derives it); a contribution draws the
        // multiplier u = 1/x as k₁ + λ·k₂ with k₁, k₂ uniform 128-bit values, so that C and H
        // scale by the GLV endomorphism at half the cost (no verifier re-derives x).
        let x: Fr, s: G1Affine, sx: G1Affine
        var split: (Fr, Fr)?
        if beacon != nil {
            (x, s, sx) = Self.drawSecret(using: &rng)
        } else {
            var u = Fr.zero, k1 = Fr.zero, k2 = Fr.zero
            while u.isZero {
                k1 = Fr(reducedCanonical: (rng.nextU64(), rng.nextU64(), 0, 0))
                k2 = Fr(reducedCanonical: (rng.nextU64(), rng.nextU64(), 0, 0))
                u = k1 + BatchScale.lambda * k2
            }
            split = (k1, k2)
            x = u.inverse!
            s = G1Affine.snarkjsRandom(using: &rng)
            sx = G1Jacobian(s).multiplied(by: x).toAffine()
        }
        guard let xInverse = x.inverse else { throw CeremonyError("drew a zero secret") }
        var transcript = transcriptPrefix()
        transcript.update([s, sx][...])
        let digest = transcript.finalize()
        let sp = G2Affine.snarkjsHash(digest)
        var next = self
        next.key.deltaG1 = G1Jacobian(key.deltaG1).multiplied(by: x).toAffine()
        next.key.verifyingKey.deltaG2 = G2Jacobian(key.deltaG2).multiplied(by: x).toAffine()
        let c = key.lQueryG1, h = key.hQueryG1
        progress("C and H points × 1/x (\(c.count + h.count))")
        let scaled = split.map { BatchScale.scale(c + h, k1: $0.0, k2: $0.1) } ?? BatchScale.scale(c + h, as: G1Jacobian.self, by: xInverse)
        next.key.lQueryG1 = Array(scaled[0..<c.count])
        next.key.hQueryG1 = Array(scaled[c.count...])
        let record = Contribution(deltaAfter: next.key.deltaG1, g1S: s, g1SX: sx, g2SPX: G2Jacobian(sp).multiplied(by: x).toAffine(),
                                  transcript: digest, kind: beacon == nil ? .contribution : .beacon, name: name,
                                  iterationsExponent: beacon.map { UInt8($0.iterationsExponent) }, beaconHash: beacon?.value)
        next.contributions.append(record)
        return (next, record.hash)
    }

    /// snarkjs's draw: x = Fr.fromRng, [s]₁ = G1.fromRng, [s·x]₁.
    static func drawSecret(using rng: inout SnarkjsChaCha) -> (x: Fr, s: G1Affine, sx: G1Affine) {
        let x = Fr.snarkjsRandom(using: &rng)
        let s = G1Affine.snarkjsRandom(using: &rng)
        return (x, s, G1Jacobian(s).multiplied(by: x).toAffine())
    }

    /// BLAKE2b over the circuit hash and the public keys of the contributions so far.
    func transcriptPrefix(upTo count: Int? = nil) -> Blake2b {
        var hasher = Blake2b()
        hasher.update(circuitHash)
        for c in contributions.prefix(count ?? contributions.count) { c.hashPublicKey(into: &hasher) }
        return hasher
    }
}
