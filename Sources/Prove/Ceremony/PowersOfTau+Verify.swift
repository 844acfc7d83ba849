// Checking a powers-of-tau file, in two parts (say which a report covers):
// 1. Internal consistency, with batched same-ratio pairings (SameRatio.swift): consecutive
//    powers share one ratio in τG1, τG2, ατG1 and βτG1, the first points are the generator
//    and the last contribution's [τ], [α], [β], and [β]₂ matches [β]₁; the Lagrange sections,
//    if present, equal the inverse FFTs of the powers (Σ sⱼ[Lⱼ] = Σ cᵢ[τⁱ] with c = iNTT(s),
//    for random s, all domain sizes in one combination per section).
// 2. The contribution chain: every contribution's three proofs of knowledge, with [s']₂
//    hashed from the previous contribution's next challenge (the first from the first
//    challenge of the ceremony power), and its [τ], [α], [β] following the previous ones;
//    beacons are re-derived from their public value. Only the last contribution's hashes can
//    be recomputed from the points (its response hash from the previous challenge and the
//    compressed points, and its next challenge), and only in a file of the full ceremony
//    power; earlier contributions' next challenges are taken as recorded.
import Support

extension PowersOfTau {
    /// What `verify` found.
    public struct Report: Sendable {
        /// Per contribution, oldest first: name, response hash, beacon or not.
        public var contributions: [(name: String?, responseHash: [UInt8], isBeacon: Bool)]
        /// `true` if the last contribution's response hash and next challenge were recomputed
        /// from the points (false for a file cut down from a larger ceremony).
        public var lastHashesRecomputed: Bool
        /// `true` if the Lagrange sections were present and checked.
        public var lagrangeChecked: Bool
    }

    /// Verifies the accumulator (see the file comment); throws `CeremonyError` naming the
    /// first failed check ("contribution #2: …", "τG1: …").
    public func verify(progress: (String) -> Void = { _ in }) throws -> Report {
        guard !contributions.isEmpty else { throw CeremonyError("the accumulator has no contribution: τ = α = β = 1 is public, it must not be used") }
        progress("contribution chain (\(contributions.count))")
        let first = Self.firstChallenge(ceremonyPower: ceremonyPower)  // ~7 min at 2^28: computed once
        var previous = (tauG1: G1Affine.generator, tauG2: G2Affine.generator, alphaG1: G1Affine.generator,
                        betaG1: G1Affine.generator, betaG2: G2Affine.generator, challenge: first)
        var hashes = [(name: String?, responseHash: [UInt8], isBeacon: Bool)]()
        for (index, c) in contributions.enumerated() {
            let label = "contribution #\(index + 1)\(c.name.map { " (\($0))" } ?? "")"
            if let beacon = c.beacon {
                guard (10...63).contains(beacon.iterationsExponent) else { throw CeremonyError("\(label): beacon exponent out of range") }
                var rng = SnarkjsChaCha.fromBeacon(beacon.value, iterationsExponent: beacon.iterationsExponent)
                guard Self.makeKey(challenge: previous.challenge, using: &rng).key == c.key else {
                    throw CeremonyError("\(label): the beacon's keys are not the ones its value and the previous challenge give")
                }
            }
            let k = c.key
            let tauSP = k.tau.g2SP(personalization: 0, challenge: previous.challenge)
            let alphaSP = k.alpha.g2SP(personalization: 1, challenge: previous.challenge)
            let betaSP = k.beta.g2SP(personalization: 2, challenge: previous.challenge)
            let checks: [(String, Bool)] = [
                ("proof of knowledge of τ'", SameRatio.holds(k.tau.g1S, k.tau.g1SX, tauSP, k.tau.g2SPX)),
                ("proof of knowledge of α'", SameRatio.holds(k.alpha.g1S, k.alpha.g1SX, alphaSP, k.alpha.g2SPX)),
                ("proof of knowledge of β'", SameRatio.holds(k.beta.g1S, k.beta.g1SX, betaSP, k.beta.g2SPX)),
                ("[τ]₁ does not follow the previous one by τ'", SameRatio.holds(previous.tauG1, c.tauG1, tauSP, k.tau.g2SPX)),
                ("[τ]₂ does not follow the previous one by τ'", SameRatio.holds(k.tau.g1S, k.tau.g1SX, previous.tauG2, c.tauG2)),
                ("[α]₁ does not follow the previous one by α'", SameRatio.holds(previous.alphaG1, c.alphaG1, alphaSP, k.alpha.g2SPX)),
                ("[β]₁ does not follow the previous one by β'", SameRatio.holds(previous.betaG1, c.betaG1, betaSP, k.beta.g2SPX)),
                ("[β]₂ does not follow the previous one by β'", SameRatio.holds(k.beta.g1S, k.beta.g1SX, previous.betaG2, c.betaG2)),
            ]
            if let failed = checks.first(where: { !$0.1 }) { throw CeremonyError("\(label): \(failed.0)") }
            guard let response = c.responseHash else { throw CeremonyError("\(label): malformed partial hash") }
            hashes.append((c.name, response, c.beacon != nil))
            previous = (c.tauG1, c.tauG2, c.alphaG1, c.betaG1, c.betaG2, c.nextChallenge)
        }

        progress("powers (batched pairings)")
        let last = contributions[contributions.count - 1]
        guard tauG1[0] == .generator, tauG2[0] == .generator else { throw CeremonyError("τG1/τG2: the first point is not the generator") }
        guard tauG1[1] == last.tauG1, tauG2[1] == last.tauG2, alphaTauG1[0] == last.alphaG1, betaTauG1[0] == last.betaG1,
              betaG2 == last.betaG2 else {
            throw CeremonyError("the points do not start with the last contribution's [τ], [α], [β]")
        }
        guard SameRatio.holds(.generator, betaTauG1[0], .generator, betaG2) else { throw CeremonyError("[β]₁ and [β]₂ differ") }
        try checkConsecutive(tauG1, "τG1", tauG2[1])
        try checkConsecutive(alphaTauG1, "ατG1", tauG2[1])
        try checkConsecutive(betaTauG1, "βτG1", tauG2[1])
        let rho = SameRatio.randomCoefficients(count: size - 1)
        let r1 = SameRatio.combination(tauG2[0..<(size - 1)], rho[...], as: G2Jacobian.self)
        let r2 = SameRatio.combination(tauG2[1...], rho[...], as: G2Jacobian.self)
        guard size == 1 || SameRatio.holds(.generator, tauG1[1], r1, r2) else { throw CeremonyError("τG2: consecutive powers do not share the ratio τ") }

        var recomputed = false
        if power == ceremonyPower {
            progress("hash chain of the last contribution")
            let previousChallenge = contributions.count > 1 ? contributions[contributions.count - 2].nextChallenge : first
            var response = Blake2b()
            response.update(previousChallenge)
            hashPoints(into: &response, compressed: true)
            last.key.hash(into: &response)
            guard response.finalize() == hashes[hashes.count - 1].responseHash else {
                throw CeremonyError("contribution #\(contributions.count): its response hash does not match the points and the previous challenge")
            }
            var next = Blake2b()
            next.update(hashes[hashes.count - 1].responseHash)
            hashPoints(into: &next, compressed: false)
            guard next.finalize() == last.nextChallenge else {
                throw CeremonyError("contribution #\(contributions.count): its next challenge does not match the points")
            }
            recomputed = true
        }
        if lagrange != nil {
            progress("Lagrange sections")
            try verifyLagrange()
        }
        return Report(contributions: hashes, lastHashesRecomputed: recomputed, lagrangeChecked: lagrange != nil)
    }

    /// points[i + 1] = τ·points[i] for all i, batched: e(Σρᵢpᵢ, [τ]₂) = e(Σρᵢpᵢ₊₁, G2).
    func checkConsecutive(_ points: [G1Affine], _ name: String, _ tau: G2Affine) throws {
        guard points.count > 1 else { return }
        let rho = SameRatio.randomCoefficients(count: points.count - 1)
        let r1 = SameRatio.combination(points[0..<(points.count - 1)], rho[...], as: G1Jacobian.self)
        let r2 = SameRatio.combination(points[1...], rho[...], as: G1Jacobian.self)
        guard SameRatio.holds(r1, r2, .generator, tau) else { throw CeremonyError("\(name): consecutive powers do not share the ratio τ") }
    }

    /// Each Lagrange section against its powers: Σⱼ sⱼ[Lⱼ] = Σᵢ cᵢ[τⁱ] with c the sum over
    /// domain sizes of iNTT(s's block), s random.
    func verifyLagrange() throws {
        guard let l = lagrange else { return }
        func check<G: JacobianPoint>(_ lagrangePoints: [G.Affine], _ powers: [G.Affine], maxLog: Int, _ name: String, as type: G.Type) throws {
            let s = SameRatio.randomCoefficients(count: lagrangePoints.count)
            var c = [Fr](repeating: .zero, count: 1 << maxLog)
            for p in 0...maxLog {
                var block = Array(s[((1 << p) - 1)..<((1 << (p + 1)) - 1)])
                NTTDomain(logSize: p)!.inverse(&block)
                for i in 0..<block.count { c[i] += block[i] }
            }
            let k = min(c.count, powers.count)  // the top G1 block's last power is taken as zero
            let left: G = MSM.pippenger(lagrangePoints, scalars: s[...]) ?? .zero
            let right: G = MSM.pippenger(Array(powers[0..<k]), scalars: c[0..<k]) ?? .zero
            guard left == right else { throw CeremonyError("\(name): the Lagrange points are not the inverse FFT of the powers") }
        }
        try check(l.tauG1, tauG1, maxLog: power + 1, "Lagrange τG1 (12)", as: G1Jacobian.self)
        try check(l.tauG2, tauG2, maxLog: power, "Lagrange τG2 (13)", as: G2Jacobian.self)
        try check(l.alphaTauG1, alphaTauG1, maxLog: power, "Lagrange ατG1 (14)", as: G1Jacobian.self)
        try check(l.betaTauG1, betaTauG1, maxLog: power, "Lagrange βτG1 (15)", as: G1Jacobian.self)
    }
}
