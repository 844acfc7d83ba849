// Checking a phase-2 key (snarkjs's `zkey verify`), from public information only: the
// circuit, the prepared accumulator, and the initial key (recomputed here, or given and then
// checked against the circuit and accumulator by random linear combinations: Σρᵢ·Aᵢ must
// equal Σⱼ(Σᵢρᵢ·Aⱼᵢ)·[Lⱼ], and so for B in both groups, IC with C, and H, ρ fresh 128-bit
// values from the system CSPRNG; a wrong point passes with probability ≤ 2^-128). Then:
// the circuit hash; α, β, γ, A, B, IC unchanged; every contribution's transcript hash, proof
// of knowledge e([s],[s'x]) = e([sx],[s']) and δ step e([δ_prev],[s'x]) = e([δ],[s']) (beacons
// re-derived), the first bad one named; [δ]₂ matching [δ]₁; and C, H equal to the initial
// ones divided by δ (batched: e(Σρ·C_init, G2) = e(Σρ·C, [δ]₂)). Given the intermediate keys,
// each step's C and H are checked against its contribution, so a bad one is named.
// `verifyRecord` checks the contribution record alone (no circuit or accumulator needed).
import Support

extension Phase2 {
    /// What `verify` found.
    public struct Report: Sendable {
        /// Per contribution, oldest first: name, contribution hash, beacon or not.
        public var contributions: [(name: String?, hash: [UInt8], isBeacon: Bool)]
        /// The circuit hash (snarkjs's csHash).
        public var circuitHash: [UInt8]
        /// `false` when snarkjs computes another circuit hash for this domain and accumulator.
        public var circuitHashMatchesSnarkjs: Bool
    }

    /// Verifies `key` for `cs` and `ptau` (see the file comment). `initial`: the ceremony's
    /// initial key if at hand (checked, not trusted), else it is recomputed. `intermediates`:
    /// the keys after each contribution but the last, oldest first, to blame a bad step.
    /// - Throws: `CeremonyError` naming the first failed check.
    public static func verify(_ file: ZkeyFile, circuit cs: ConstraintSystem, ptau: PowersOfTau, initial: ZkeyFile? = nil,
                              intermediates: [ZkeyFile] = [], progress: (String) -> Void = { _ in }) throws -> Report {
        let k = domainLogSize(constraintCount: cs.constraints.count, publicCount: cs.publicCount), key = file.key
        guard key.hasConsistentShape, key.variableCount == cs.variableCount, key.publicCount == cs.publicCount, key.domainLogSize == k else {
            throw CeremonyError("the key is for another circuit: \(key.variableCount) wires, \(key.publicCount) public, domain 2^\(key.domainLogSize); "
                + "the circuit has \(cs.variableCount), \(cs.publicCount), 2^\(k)")
        }
        if let difference = Groth16.firstMatrixDifference(key, cs) { throw CeremonyError("coefficients (section 4): \(difference)") }
        let start: ZkeyFile
        if let initial {
            progress("checking the initial key against the circuit and the accumulator")
            try checkInitial(initial, circuit: cs, ptau: ptau)
            start = initial
        } else {
            progress("recomputing the initial key")
            start = try initialKey(cs, ptau: ptau, progress: progress)
        }
        guard file.circuitHash == start.circuitHash else {
            throw CeremonyError("the key's circuit hash is not the circuit's: a key for another circuit or accumulator")
        }
        guard key.alphaG1 == start.key.alphaG1, key.betaG1 == start.key.betaG1, key.betaG2 == start.key.betaG2,
              key.verifyingKey.gammaG2 == .generator else {
            throw CeremonyError("α, β or γ differ from the initial key")
        }
        guard key.verifyingKey.gammaABCG1 == start.key.verifyingKey.gammaABCG1, key.aQueryG1 == start.key.aQueryG1,
              key.bQueryG1 == start.key.bQueryG1, key.bQueryG2 == start.key.bQueryG2 else {
            throw CeremonyError("the IC, A or B points differ from the initial key (contributions change only δ, C and H)")
        }

        progress("contributions (\(file.contributions.count))")
        let (hashes, points) = try verifyRecord(file)

        progress("C and H against δ (batched pairings)")
        if !intermediates.isEmpty {
            let chain = [start] + intermediates + [file]
            guard intermediates.count == file.contributions.count - 1 else {
                throw CeremonyError("\(intermediates.count) intermediate keys for \(file.contributions.count) contributions (need one fewer)")
            }
            for step in 1..<chain.count {
                let before = chain[step - 1], after = chain[step]
                guard after.contributions.count == step, Array(file.contributions.prefix(step)) == after.contributions,
                      after.key.lQueryG1.count == before.key.lQueryG1.count, after.key.hQueryG1.count == before.key.hQueryG1.count else {
                    throw CeremonyError("intermediate key \(step) is not the key after contribution #\(step) of this chain")
                }
                let c = file.contributions[step - 1]
                guard scaledBy(before.key, after.key, c.g2SPX, points[step - 1]) else {
                    throw CeremonyError("contribution #\(step)\(c.name.map { " (\($0))" } ?? ""): its C or H points are not the previous ones divided by its secret")
                }
            }
        }
        guard scaledBy(start.key, key, key.deltaG2, .generator) else {
            throw CeremonyError("the C or H points are not the initial ones divided by δ (a tampered point, or a contribution that changed them otherwise)")
        }
        return Report(contributions: hashes, circuitHash: file.circuitHash,
                      circuitHashMatchesSnarkjs: circuitHashMatchesSnarkjs(domainLogSize: k, ptauPower: ptau.power))
    }

    /// The record of `file` alone, without the circuit or the accumulator: every contribution's
    /// transcript hash, proof of knowledge and δ step (beacons re-derived), the key's δ the last
    /// one's, [δ]₂ matching [δ]₁. Returns the records for the report and [s']₂ per contribution.
    /// - Throws: `CeremonyError` naming the first bad contribution.
    public static func verifyRecord(_ file: ZkeyFile) throws -> (contributions: [(name: String?, hash: [UInt8], isBeacon: Bool)], sPoints: [G2Affine]) {
        var hasher = Blake2b()
        hasher.update(file.circuitHash)
        var delta = G1Affine.generator
        var hashes = [(name: String?, hash: [UInt8], isBeacon: Bool)]()
        var points = [G2Affine]()  // [s']₂ per contribution
        for (index, c) in file.contributions.enumerated() {
            let label = "contribution #\(index + 1)\(c.name.map { " (\($0))" } ?? "")"
            guard c.transcript.count == 64 else { throw CeremonyError("\(label): the transcript hash is not 64 bytes") }
            var transcript = hasher
            transcript.update([c.g1S, c.g1SX][...])
            guard transcript.finalize() == c.transcript else { throw CeremonyError("\(label): its transcript hash does not follow the earlier contributions") }
            let sp = G2Affine.snarkjsHash(c.transcript)
            guard SameRatio.holds(c.g1S, c.g1SX, sp, c.g2SPX) else { throw CeremonyError("\(label): the proof of knowledge of its secret fails") }
            guard SameRatio.holds(delta, c.deltaAfter, sp, c.g2SPX) else { throw CeremonyError("\(label): [δ] does not follow the previous one by its secret") }
            if c.kind == .beacon {
                guard let beacon = c.beacon, (10...63).contains(beacon.iterationsExponent) else {
                    throw CeremonyError("\(label): a beacon record without its value or with an exponent outside 10...63")
                }
                var rng = SnarkjsChaCha.fromBeacon(beacon.value, iterationsExponent: beacon.iterationsExponent)
                let (_, s, sx) = ZkeyFile.drawSecret(using: &rng)
                guard s == c.g1S, sx == c.g1SX else { throw CeremonyError("\(label): the beacon's key is not the one its value gives") }
            }
            c.hashPublicKey(into: &hasher)
            hashes.append((c.name, c.hash, c.kind == .beacon))
            points.append(sp)
            delta = c.deltaAfter
        }
        guard file.key.deltaG1 == delta else { throw CeremonyError("[δ]₁ is not the last contribution's") }
        guard SameRatio.holds(.generator, file.key.deltaG1, .generator, file.key.deltaG2) else { throw CeremonyError("[δ]₂ does not match [δ]₁") }
        return (hashes, points)
    }

    /// `after`'s C and H are `before`'s divided by x, where [x·s']₂ = `xsp` and [s']₂ = `sp`:
    /// e(Σρ·before, [s']₂) = e(Σρ·after, [x·s']₂), C and H in one combination.
    static func scaledBy(_ before: Groth16.SnarkjsProvingKey, _ after: Groth16.SnarkjsProvingKey, _ xsp: G2Affine, _ sp: G2Affine) -> Bool {
        let rho = SameRatio.randomCoefficients(count: before.lQueryG1.count + before.hQueryG1.count)
        let x = SameRatio.combination((before.lQueryG1 + before.hQueryG1)[...], rho[...], as: G1Jacobian.self)
        let y = SameRatio.combination((after.lQueryG1 + after.hQueryG1)[...], rho[...], as: G1Jacobian.self)
        return Pairing.productIsOne([(x, sp), (y.negated(), xsp)])
    }

    /// `initial` is the initial key of `cs` and `ptau`, by random linear combinations.
    static func checkInitial(_ file: ZkeyFile, circuit cs: ConstraintSystem, ptau: PowersOfTau) throws {
        let initial = file.key, m = cs.constraints.count, nPublic = cs.publicCount, k = initial.domainLogSize, n = 1 << k
        guard file.contributions.isEmpty, initial.deltaG1 == .generator, initial.deltaG2 == .generator,
              initial.verifyingKey.gammaG2 == .generator else {
            throw CeremonyError("the initial key has contributions or δ ≠ 1")
        }
        guard k <= ptau.power, let lagrange = ptau.lagrange else { throw CeremonyError("the accumulator is too small or not prepared") }
        guard initial.alphaG1 == ptau.alphaTauG1[0], initial.betaG1 == ptau.betaTauG1[0], initial.betaG2 == ptau.betaG2 else {
            throw CeremonyError("the initial key's α, β are not the accumulator's")
        }
        let doubled = PowersOfTau.Lagrange.block(lagrange.tauG1, logSize: k + 1)
        guard initial.hQueryG1 == (0..<n).map({ doubled[doubled.startIndex + 2 * $0 + 1] }) else {
            throw CeremonyError("the initial key's H points are not the accumulator's odd Lagrange points")
        }
        let rho = SameRatio.randomCoefficients(count: cs.variableCount)
        var cA = [Fr](repeating: .zero, count: n), cB = cA, cC = cA
        for (row, constraint) in cs.constraints.enumerated() {
            for t in constraint.a.terms { cA[row] += rho[t.variable] * t.coefficient }
            for t in constraint.b.terms { cB[row] += rho[t.variable] * t.coefficient }
            for t in constraint.c.terms { cC[row] += rho[t.variable] * t.coefficient }
        }
        for s in 0...nPublic { cA[m + s] += rho[s] }
        let l1 = Array(PowersOfTau.Lagrange.block(lagrange.tauG1, logSize: k))
        let l2 = Array(PowersOfTau.Lagrange.block(lagrange.tauG2, logSize: k))
        let alphaL = Array(PowersOfTau.Lagrange.block(lagrange.alphaTauG1, logSize: k))
        let betaL = Array(PowersOfTau.Lagrange.block(lagrange.betaTauG1, logSize: k))
        func g1(_ points: [G1Affine], _ scalars: [Fr]) -> G1Jacobian { MSM.pippenger(points, scalars) ?? .zero }
        guard g1(initial.aQueryG1, rho) == g1(l1, cA) else { throw CeremonyError("the initial key's A points are not this circuit's (a key for another circuit or accumulator?)") }
        guard g1(initial.bQueryG1, rho) == g1(l1, cB) else { throw CeremonyError("the initial key's B points (G1) are not this circuit's (a key for another circuit or accumulator?)") }
        let b2: G2Jacobian = MSM.pippenger(initial.bQueryG2, rho) ?? .zero, b2Expected: G2Jacobian = MSM.pippenger(l2, cB) ?? .zero
        guard b2 == b2Expected else { throw CeremonyError("the initial key's B points (G2) are not this circuit's (a key for another circuit or accumulator?)") }
        guard g1(initial.verifyingKey.gammaABCG1 + initial.lQueryG1, rho) == g1(betaL, cA) + g1(alphaL, cB) + g1(l1, cC) else {
            throw CeremonyError("the initial key's IC or C points are not this circuit's (a key for another circuit or accumulator?)")
        }
        guard file.circuitHash == circuitHash(of: initial, ptau: ptau) else { throw CeremonyError("the initial key's circuit hash is wrong") }
    }
}
