// The initial phase-2 key of a circuit from a prepared accumulator (snarkjs's `zkey new`):
// each wire's points are sums over the constraints it appears in, coefficient × the
// Lagrange point of that row ([Lⱼ] for A and B, [Lⱼ]₂ for B in G2, [βLⱼ], [αLⱼ], [Lⱼ] for C
// and IC), plus the input-consistency rows (wire s ≤ nPublic has coefficient 1 in A at row
// constraints + s); H is the odd half of the doubled domain's Lagrange block; δ = 1. Every
// product runs through BatchScale (terms sorted by coefficient length, ±1 as plain
// additions), then the sums. The circuit hash follows snarkjs's byte order (see `circuitHash`).
import Support

extension Phase2 {
    /// The initial key of `cs` from the prepared accumulator `ptau`.
    /// - Throws: `CeremonyError` if the accumulator is not prepared or too small for the circuit.
    public static func initialKey(_ cs: ConstraintSystem, ptau: PowersOfTau, progress: (String) -> Void = { _ in }) throws -> ZkeyFile {
        let m = cs.constraints.count, nPublic = cs.publicCount
        let k = domainLogSize(constraintCount: m, publicCount: nPublic)
        guard k <= Groth16.SnarkjsProvingKey.maximumDomainLogSize else { throw CeremonyError("the circuit needs a 2^\(k) domain; at most 2^\(Groth16.SnarkjsProvingKey.maximumDomainLogSize) is supported") }
        guard k <= ptau.power else {
            throw CeremonyError("the circuit needs a 2^\(k) domain (\(m) constraints + \(nPublic) public + 1), the accumulator holds 2^\(ptau.power): use a larger .ptau")
        }
        guard let lagrange = ptau.lagrange else { throw CeremonyError("the accumulator is not prepared for phase 2 (run `ceremony ptau prepare`)") }
        let n = 1 << k
        let l1 = Array(PowersOfTau.Lagrange.block(lagrange.tauG1, logSize: k))
        let l2 = Array(PowersOfTau.Lagrange.block(lagrange.tauG2, logSize: k))
        let alphaL = Array(PowersOfTau.Lagrange.block(lagrange.alphaTauG1, logSize: k))
        let betaL = Array(PowersOfTau.Lagrange.block(lagrange.betaTauG1, logSize: k))
        let doubled = PowersOfTau.Lagrange.block(lagrange.tauG1, logSize: k + 1)
        let h = (0..<n).map { doubled[doubled.startIndex + 2 * $0 + 1] }

        // Terms (wire, row, coefficient) of each matrix, the consistency rows added to A.
        var termsA = [Term](), termsB = [Term](), termsC = [Term]()
        for (row, constraint) in cs.constraints.enumerated() {
            for t in constraint.a.terms { termsA.append(Term(wire: t.variable, row: row, coefficient: t.coefficient)) }
            for t in constraint.b.terms { termsB.append(Term(wire: t.variable, row: row, coefficient: t.coefficient)) }
            for t in constraint.c.terms { termsC.append(Term(wire: t.variable, row: row, coefficient: t.coefficient)) }
        }
        for s in 0...nPublic { termsA.append(Term(wire: s, row: m + s, coefficient: .one)) }
        let wires = cs.variableCount
        progress("A (\(termsA.count) terms)")
        let a = combine([(termsA, l1)], outputs: wires, as: G1Jacobian.self)
        progress("B in G1 (\(termsB.count) terms)")
        let b1 = combine([(termsB, l1)], outputs: wires, as: G1Jacobian.self)
        progress("B in G2")
        let b2 = combine([(termsB, l2)], outputs: wires, as: G2Jacobian.self)
        progress("C and IC (\(termsA.count + termsB.count + termsC.count) terms)")
        let cAll = combine([(termsA, betaL), (termsB, alphaL), (termsC, l1)], outputs: wires, as: G1Jacobian.self)
        let vk = Groth16.VerifyingKey(alphaG1: ptau.alphaTauG1[0], betaG2: ptau.betaG2, gammaG2: .generator, deltaG2: .generator,
                                      gammaABCG1: Array(cAll[0...nPublic]))
        let key = Groth16.SnarkjsProvingKey(verifyingKey: vk, betaG1: ptau.betaTauG1[0], deltaG1: .generator, aQueryG1: a, bQueryG1: b1,
                                            bQueryG2: b2, lQueryG1: Array(cAll[(nPublic + 1)...]), hQueryG1: h,
                                            matrixEntries: Groth16.snarkjsMatrixEntries(cs), variableCount: wires, publicCount: nPublic,
                                            domainLogSize: k)
        progress("circuit hash")
        return ZkeyFile(key: key, circuitHash: circuitHash(of: key, ptau: ptau))
    }

    struct Term {
        var wire: Int
        var row: Int
        var coefficient: Fr
    }

    /// Σ over `groups` of Σ_terms coefficient·bases[row], per output wire, affine.
    static func combine<G: JacobianPoint>(_ groups: [([Term], [G.Affine])], outputs: Int, as type: G.Type) -> [G.Affine] {
        var sums = [G](repeating: .zero, count: outputs)
        for (terms, bases) in groups {
            // ±1 terms are additions; the others go through BatchScale, shortest coefficients first.
            var scaled = [(wire: Int, base: G.Affine, magnitude: Fr, negative: Bool, bits: Int)]()
            for t in terms where t.row < bases.count {
                let (magnitude, negative, bits) = MSM.signedMagnitude(t.coefficient)
                if bits == 0 { continue }
                let point = bases[t.row]
                if bits == 1 {
                    sums[t.wire] = sums[t.wire].adding(negative ? point.negated() : point)
                } else {
                    scaled.append((t.wire, point, Fr(reducedCanonical: magnitude), negative, bits))
                }
            }
            scaled.sort { $0.bits < $1.bits }
            let magnitudes = scaled.map(\.magnitude)
            let products = BatchScale.scale(scaled.map(\.base), as: type) { magnitudes[$0] }
            for (entry, product) in zip(scaled, products) {
                sums[entry.wire] = sums[entry.wire].adding(entry.negative ? product.negated() : product)
            }
        }
        return G.batchToAffine(sums)
    }

    /// snarkjs's csHash: BLAKE2b over α₁, β₁, β₂, γ₂, δ₁, δ₂ (uncompressed, initial δ = 1), then
    /// each list as a big-endian u32 count and its points: IC, the textbook H points
    /// [τⁱ·Z(τ)]₁ = [τ^(i+n)] − [τⁱ] (count n − 1, but snarkjs hashes them in chunks of 2^14 of
    /// which the last is not shortened, so above 2^14 it hashes n points, the n-th being
    /// [τ^(2n−1)] − [τ^(n−1)]), C, A, B1, B2. When n is the accumulator's full size that n-th
    /// point lies past the τG1 section, and snarkjs hashes bytes of the next section; this
    /// then hashes n − 1 points, and snarkjs computes another circuit hash (`circuitHashMatchesSnarkjs`).
    static func circuitHash(of key: Groth16.SnarkjsProvingKey, ptau: PowersOfTau) -> [UInt8] {
        let n = 1 << key.domainLogSize
        var count = hashedVanishingPowerCount(domainLogSize: key.domainLogSize)
        if count + n > ptau.tauG1.count { count = n - 1 }
        let zPowers = G1Jacobian.batchToAffine((0..<count).map { G1Jacobian(ptau.tauG1[$0 + n]).adding(ptau.tauG1[$0].negated()) })
        return circuitHash(of: key, vanishingPowers: zPowers)
    }

    /// How many points [τⁱ·Z(τ)]₁ snarkjs hashes for a domain of 2^k (from an accumulator larger
    /// than the domain): n − 1, or n above 2^14 (its last chunk of 2^14 is not shortened).
    static func hashedVanishingPowerCount(domainLogSize k: Int) -> Int {
        (1 << k) - 1 > 1 << 14 ? 1 << k : (1 << k) - 1
    }

    /// The circuit hash of the initial key whose IC, C, A, B are `key`'s (δ and γ taken as 1),
    /// with the points [τⁱ·Z(τ)]₁ given (as many as snarkjs hashes).
    static func circuitHash(of key: Groth16.SnarkjsProvingKey, vanishingPowers: [G1Affine]) -> [UInt8] {
        var hasher = Blake2b()
        hasher.update([key.alphaG1, key.betaG1][...])
        hasher.update(point: key.betaG2)
        hasher.update(point: G2Affine.generator)
        hasher.update(point: G1Affine.generator)
        hasher.update(point: G2Affine.generator)
        hasher.update(bigEndian: UInt32(key.verifyingKey.gammaABCG1.count))
        hasher.update(key.verifyingKey.gammaABCG1[...])
        hasher.update(bigEndian: UInt32((1 << key.domainLogSize) - 1))
        hasher.update(vanishingPowers[...])
        hasher.update(bigEndian: UInt32(key.lQueryG1.count))
        hasher.update(key.lQueryG1[...])
        hasher.update(bigEndian: UInt32(key.aQueryG1.count))
        hasher.update(key.aQueryG1[...])
        hasher.update(bigEndian: UInt32(key.bQueryG1.count))
        hasher.update(key.bQueryG1[...])
        hasher.update(bigEndian: UInt32(key.bQueryG2.count))
        hasher.update(key.bQueryG2[...])
        return hasher.finalize()
    }

    /// `false` when snarkjs computes another circuit hash for this domain and accumulator
    /// size (a domain of the accumulator's full size above 2^14; see `circuitHash`).
    public static func circuitHashMatchesSnarkjs(domainLogSize k: Int, ptauPower: Int) -> Bool {
        !(k == ptauPower && (1 << k) - 1 > 1 << 14)
    }
}
