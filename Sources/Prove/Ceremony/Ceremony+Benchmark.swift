// INSECURE shortcuts for benchmarks and tests only: an accumulator and an initial phase-2 key
// made from secrets the caller knows (fixed-base multiplications of Fr values instead of
// contributions and group FFTs), so that a 2^19 ceremony can be timed without hours of
// phase 1. Whoever holds τ, α, β can forge proofs; nothing a user runs calls these.

extension PowersOfTau {
    /// An accumulator with power `power` for known τ, α, β, prepared for phase 2 — but only
    /// the Lagrange blocks of domain sizes `blocks` are filled (the others hold the
    /// generator), and it records no contribution. INSECURE: for benchmarks.
    public static func insecureForBenchmarks(power: Int, tau: Fr, alpha: Fr, beta: Fr, blocks: Set<Int>) -> PowersOfTau {
        let n = 1 << power
        let powers = Self.powers(of: tau, count: 2 * n - 1)
        let g1 = FixedBaseTable(base: G1Jacobian.generator, scalarCount: 4 * n)
        let g2 = FixedBaseTable(base: G2Jacobian.generator, scalarCount: 2 * n)
        func lagrange(_ p: Int) -> [Fr] {
            let size = 1 << p
            let domain = NTTDomain(logSize: p)!
            let vanishing = tau.pow(UInt64(size)) - .one
            var roots = NTTDomain.powers(of: domain.root, count: size)
            var denominators = roots.map { tau - $0 }
            Fr.batchInvert(&denominators)
            var values = (0..<size).map { vanishing * domain.sizeInverse * roots[$0] * denominators[$0] }
            if p == power + 1 {  // snarkjs's top block: the power τ^(2N−1) taken as zero
                let top = tau.pow(UInt64(2 * n - 1)) * domain.sizeInverse
                for j in 0..<size { values[j] -= top * roots[j] }
            }
            roots = []
            return values
        }
        func sections<G: JacobianPoint>(_ table: FixedBaseTable<G>, maxLog: Int, times factor: Fr) -> [G.Affine] {
            var out = [G.Affine]()
            for p in 0...maxLog {
                if blocks.contains(p) {
                    out += table.multiplyAll(lagrange(p).map { $0 * factor })
                } else {
                    out += [G.Affine](repeating: G.generator.toAffine(), count: 1 << p)
                }
            }
            return out
        }
        let l = Lagrange(tauG1: sections(g1, maxLog: power + 1, times: .one), tauG2: sections(g2, maxLog: power, times: .one),
                         alphaTauG1: sections(g1, maxLog: power, times: alpha), betaTauG1: sections(g1, maxLog: power, times: beta))
        return PowersOfTau(power: power, ceremonyPower: power, tauG1: g1.multiplyAll(powers), tauG2: g2.multiplyAll(Array(powers[0..<n])),
                           alphaTauG1: g1.multiplyAll(powers[0..<n].map { $0 * alpha }),
                           betaTauG1: g1.multiplyAll(powers[0..<n].map { $0 * beta }),
                           betaG2: g2.multiply(beta).toAffine(), contributions: [], lagrange: l)
    }
}

extension Phase2 {
    /// The initial key of `cs` for an accumulator made by `insecureForBenchmarks` with the same
    /// secrets (equal to `initialKey(cs, ptau:)`, computed from the secrets instead of the
    /// Lagrange points). INSECURE: for benchmarks.
    public static func insecureInitialKeyForBenchmarks(_ cs: ConstraintSystem, ptau: PowersOfTau, tau: Fr, alpha: Fr, beta: Fr) throws -> ZkeyFile {
        guard let qap = Groth16.qap(cs), qap.domain.logSize <= ptau.power, let lagrange = qap.lagrangeAt(tau) else {
            throw CeremonyError("circuit too large for the accumulator, or τ in the domain")
        }
        let (u, v, w) = qap.columnEvaluations(lagrange: lagrange)
        let g1 = FixedBaseTable(base: G1Jacobian.generator, scalarCount: 4 * qap.variableCount)
        let g2 = FixedBaseTable(base: G2Jacobian.generator, scalarCount: qap.variableCount)
        let combined = g1.multiplyAll((0..<qap.variableCount).map { beta * u[$0] + alpha * v[$0] + w[$0] })
        let k = qap.domain.logSize
        let doubled = PowersOfTau.Lagrange.block(ptau.lagrange!.tauG1, logSize: k + 1)
        let vk = Groth16.VerifyingKey(alphaG1: ptau.alphaTauG1[0], betaG2: ptau.betaG2, gammaG2: .generator, deltaG2: .generator,
                                      gammaABCG1: Array(combined[0...qap.publicCount]))
        let key = Groth16.SnarkjsProvingKey(verifyingKey: vk, betaG1: ptau.betaTauG1[0], deltaG1: .generator, aQueryG1: g1.multiplyAll(u),
                                            bQueryG1: g1.multiplyAll(v), bQueryG2: g2.multiplyAll(v),
                                            lQueryG1: Array(combined[(qap.publicCount + 1)...]),
                                            hQueryG1: (0..<(1 << k)).map { doubled[doubled.startIndex + 2 * $0 + 1] },
                                            matrixEntries: Groth16.snarkjsMatrixEntries(cs), variableCount: qap.variableCount,
                                            publicCount: qap.publicCount, domainLogSize: k)
        return ZkeyFile(key: key, circuitHash: circuitHash(of: key, ptau: ptau))
    }
}
