// Phase 1 the snarkjs way: `new` (every point the generator, τ = α = β = 1), a contribution
// (secrets τ', α', β' and their proofs of knowledge drawn from ChaCha keyed by the system
// CSPRNG and the contributor's text; [τⁱ] ← τ'ⁱ[τⁱ], [ατⁱ] ← α'τ'ⁱ[ατⁱ], [βτⁱ] ← β'τ'ⁱ[βτⁱ],
// [β]₂ ← β'[β]₂) and a beacon (the same with ChaCha keyed by iterated SHA-256 of a public
// value), with snarkjs's response and challenge hashes. The secrets leave memory with the
// call; nothing is written here.
import Support

/// Why a ceremony step was refused.
public struct CeremonyError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension PowersOfTau {
    /// A fresh accumulator of 2^power powers (τ = α = β = 1), without contributions.
    public static func new(power: Int) throws -> PowersOfTau {
        guard (1...maximumPower).contains(power) else { throw CeremonyError("power \(power) is outside 1...\(maximumPower)") }
        let n = 1 << power
        return PowersOfTau(power: power, ceremonyPower: power,
                           tauG1: Array(repeating: G1Affine.generator, count: 2 * n - 1),
                           tauG2: Array(repeating: G2Affine.generator, count: n),
                           alphaTauG1: Array(repeating: G1Affine.generator, count: n),
                           betaTauG1: Array(repeating: G1Affine.generator, count: n),
                           betaG2: G2Affine.generator, contributions: [], lagrange: nil)
    }

    /// snarkjs's first challenge: BLAKE2b(BLAKE2b("") ‖ the generators of a fresh accumulator
    /// of `ceremonyPower`, uncompressed). Hashes ~400 bytes × 2^ceremonyPower.
    public static func firstChallenge(ceremonyPower: Int) -> [UInt8] {
        var hasher = Blake2b()
        hasher.update(Blake2b().finalize())
        let n = 1 << ceremonyPower
        let g1 = G1Affine.generator.snarkjsUncompressed, g2 = G2Affine.generator.snarkjsUncompressed
        func repeated(_ unit: [UInt8], _ count: Int) {
            let block = [UInt8]((0..<min(count, 4096)).flatMap { _ in unit })
            var left = count
            while left > 0 {
                let k = min(left, 4096)
                if k == 4096 { hasher.update(block) } else { hasher.update(Array(block[0..<(k * unit.count)])) }
                left -= k
            }
        }
        repeated(g1, 2 * n - 1)
        repeated(g2, n)
        repeated(g1, n)
        repeated(g1, n)
        hasher.update(g2)
        return hasher.finalize()
    }

    /// The challenge the next contribution answers: the last contribution's next challenge,
    /// or the first challenge.
    public var lastChallenge: [UInt8] { contributions.last?.nextChallenge ?? Self.firstChallenge(ceremonyPower: ceremonyPower) }

    /// The accumulator after a contribution with secrets from the system CSPRNG mixed with
    /// `entropy`, and its response hash (what the contributor publishes).
    public func contributing(name: String?, entropy: String) throws -> (ptau: PowersOfTau, responseHash: [UInt8]) {
        var rng = SnarkjsChaCha.fromEntropy(entropy)
        return try contributing(name: name, beacon: nil, using: &rng)
    }

    /// The accumulator after a beacon contribution (reproducible by anyone from the beacon).
    public func applyingBeacon(name: String?, beacon: Beacon) throws -> (ptau: PowersOfTau, responseHash: [UInt8]) {
        guard !beacon.value.isEmpty, beacon.value.count < 256, (10...63).contains(beacon.iterationsExponent) else {
            throw CeremonyError("a beacon needs 1–255 bytes and an iteration exponent in 10...63")
        }
        var rng = SnarkjsChaCha.fromBeacon(beacon.value, iterationsExponent: beacon.iterationsExponent)
        return try contributing(name: name, beacon: beacon, using: &rng)
    }

    /// A contribution with secrets drawn from `rng` (tests pass a seeded one).
    func contributing(name: String?, beacon: Beacon?, using rng: inout SnarkjsChaCha) throws -> (ptau: PowersOfTau, responseHash: [UInt8]) {
        guard power == ceremonyPower else {
            throw CeremonyError("this file was cut down from a 2^\(ceremonyPower) ceremony to 2^\(power): contributions go to the full file")
        }
        let challenge = lastChallenge
        let (secrets, key) = Self.makeKey(challenge: challenge, using: &rng)
        let (tau, alpha, beta) = secrets
        var next = self
        next.lagrange = nil
        let n = size
        let tauPowers = Self.powers(of: tau, count: 2 * n - 1)
        next.tauG1 = BatchScale.scale(tauG1, as: G1Jacobian.self) { tauPowers[$0] }
        next.tauG2 = BatchScale.scale(tauG2, as: G2Jacobian.self) { tauPowers[$0] }
        next.alphaTauG1 = BatchScale.scale(alphaTauG1, as: G1Jacobian.self) { alpha * tauPowers[$0] }
        next.betaTauG1 = BatchScale.scale(betaTauG1, as: G1Jacobian.self) { beta * tauPowers[$0] }
        next.betaG2 = G2Jacobian(betaG2).multiplied(by: beta).toAffine()

        var response = Blake2b()
        response.update(challenge)
        next.hashPoints(into: &response, compressed: true)
        let partial = response.partialState
        key.hash(into: &response)
        let responseHash = response.finalize()
        var nextChallenge = Blake2b()
        nextChallenge.update(responseHash)
        next.hashPoints(into: &nextChallenge, compressed: false)
        next.contributions.append(Contribution(tauG1: next.tauG1[1], tauG2: next.tauG2[1], alphaG1: next.alphaTauG1[0],
                                               betaG1: next.betaTauG1[0], betaG2: next.betaG2, key: key, partialHash: partial,
                                               nextChallenge: nextChallenge.finalize(), name: name, beacon: beacon))
        return (next, responseHash)
    }

    /// Sections 2–6 in order, as snarkjs hashes them.
    func hashPoints(into hasher: inout Blake2b, compressed: Bool) {
        hasher.update(tauG1[...], compressed: compressed)
        hasher.update(tauG2[...], compressed: compressed)
        hasher.update(alphaTauG1[...], compressed: compressed)
        hasher.update(betaTauG1[...], compressed: compressed)
        hasher.update([betaG2][...], compressed: compressed)
    }

    /// snarkjs's `createPTauKey`: τ', α', β' first, then for each its [s]₁ (drawn), [s·x]₁,
    /// [s']₂ = getG2sp(personalization, challenge, …) and [s'·x]₂.
    static func makeKey(challenge: [UInt8], using rng: inout SnarkjsChaCha) -> (secrets: (Fr, Fr, Fr), key: PublicKey) {
        let tau = Fr.snarkjsRandom(using: &rng), alpha = Fr.snarkjsRandom(using: &rng), beta = Fr.snarkjsRandom(using: &rng)
        func proof(_ x: Fr, _ personalization: UInt8) -> KnowledgeProof {
            let s = G1Affine.snarkjsRandom(using: &rng)
            let sx = G1Jacobian(s).multiplied(by: x).toAffine()
            var part = KnowledgeProof(g1S: s, g1SX: sx, g2SPX: .infinity)
            part.g2SPX = G2Jacobian(part.g2SP(personalization: personalization, challenge: challenge)).multiplied(by: x).toAffine()
            return part
        }
        let key = PublicKey(tau: proof(tau, 0), alpha: proof(alpha, 1), beta: proof(beta, 2))
        return ((tau, alpha, beta), key)
    }

    static func powers(of x: Fr, count: Int) -> [Fr] {
        var result = [Fr](repeating: .one, count: count)
        for i in 1..<max(count, 1) { result[i] = result[i - 1] * x }
        return result
    }
}
