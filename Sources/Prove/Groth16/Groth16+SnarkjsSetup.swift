// A single-party setup whose key is in snarkjs's conventions (`SnarkjsProvingKey` in a
// `ZkeyFile`), made the way snarkjs's `zkey new` + `zkey contribute` make one: the initial key
// (γ = δ = 1, H the odd Lagrange points of the doubled domain, the A, B entries listed as
// `zkey new` lists them) with its real circuit hash, then one contribution to δ recorded in
// section 10. For tests, and for writing a `.zkey` that circom users can prove with.
// SINGLE-PARTY: whoever runs it knows τ, α, β (see `Groth16.singlePartySetupWarning`); a
// ceremony's phase 2 over a public .ptau is the real path.

import Support

extension Groth16 {
    /// A key in snarkjs's conventions for `cs`, from secrets τ, α, β and the contribution drawn
    /// from `rng` (which must be a CSPRNG for any key used beyond tests).
    /// - Throws: `SetupError.circuitTooLarge` if the domain (constraints + public + 1, rounded
    ///   up to a power of two) would exceed 2^27, the largest whose doubled domain exists in Fr.
    public static func snarkjsSetup(_ cs: ConstraintSystem, using rng: inout some RandomNumberGenerator) throws -> ZkeyFile {
        guard let qap = qap(cs), qap.domain.logSize <= SnarkjsProvingKey.maximumDomainLogSize,
              let doubled = NTTDomain(logSize: qap.domain.logSize + 1) else {
            throw SetupError.circuitTooLarge(constraints: cs.constraints.count, publicCount: cs.publicCount)
        }
        func nonzero() -> Fr {
            while true {
                let x = Fr.random(using: &rng)
                if !x.isZero { return x }
            }
        }
        var tau = nonzero()
        while qap.lagrangeAt(tau) == nil || lagrangeBasis(doubled, at: tau) == nil { tau = nonzero() }
        let lagrange = qap.lagrangeAt(tau)!, doubledLagrange = lagrangeBasis(doubled, at: tau)!
        let alpha = nonzero(), beta = nonzero()
        let (u, v, w) = qap.columnEvaluations(lagrange: lagrange)
        let combined = (0..<qap.variableCount).map { beta * u[$0] + alpha * v[$0] + w[$0] }
        let hScalars = (0..<qap.domain.size).map { doubledLagrange[2 * $0 + 1] }
        let k = qap.domain.logSize, vanishing = tau.pow(UInt64(1 << k)) - .one
        let zScalars = NTTDomain.powers(of: tau, count: Phase2.hashedVanishingPowerCount(domainLogSize: k)).map { $0 * vanishing }

        let g1 = FixedBaseTable(base: G1Jacobian.generator,
                                scalarCount: 3 * qap.variableCount + hScalars.count + zScalars.count)
        let g2 = FixedBaseTable(base: G2Jacobian.generator, scalarCount: qap.variableCount)
        let g1Secrets = g1.multiplyAll([alpha, beta]), icAndL = g1.multiplyAll(combined)
        let vk = VerifyingKey(alphaG1: g1Secrets[0], betaG2: g2.multiplyAll([beta])[0], gammaG2: .generator,
                              deltaG2: .generator, gammaABCG1: Array(icAndL[0...qap.publicCount]))
        let key = SnarkjsProvingKey(verifyingKey: vk, betaG1: g1Secrets[1], deltaG1: .generator,
                                    aQueryG1: g1.multiplyAll(u), bQueryG1: g1.multiplyAll(v), bQueryG2: g2.multiplyAll(v),
                                    lQueryG1: Array(icAndL[(qap.publicCount + 1)...]), hQueryG1: g1.multiplyAll(hScalars),
                                    matrixEntries: snarkjsMatrixEntries(cs), variableCount: qap.variableCount,
                                    publicCount: qap.publicCount, domainLogSize: k)
        let initial = ZkeyFile(key: key, circuitHash: Phase2.circuitHash(of: key, vanishingPowers: g1.multiplyAll(zScalars)))
        var chacha = SnarkjsChaCha(seed: (0..<8).map { _ in UInt32(truncatingIfNeeded: rng.next()) })
        return try initial.contributing(name: "single-party setup", beacon: nil, using: &chacha).key
    }

    /// `cs`'s A and B entries in the order snarkjs's `zkey new` writes them: constraint by
    /// constraint its A terms then its B terms (rows `normalized()`, as our `.r1cs` writer
    /// stores them), then A's input-consistency rows (wire i, coefficient 1, for i = 0…publicCount).
    public static func snarkjsMatrixEntries(_ cs: ConstraintSystem) -> [MatrixEntry] {
        var entries = [MatrixEntry]()
        for (row, constraint) in cs.constraints.enumerated() {
            for term in constraint.a.normalized().terms {
                entries.append(MatrixEntry(matrix: .a, row: row, wire: term.variable, value: term.coefficient))
            }
            for term in constraint.b.normalized().terms {
                entries.append(MatrixEntry(matrix: .b, row: row, wire: term.variable, value: term.coefficient))
            }
        }
        for wire in 0...cs.publicCount {
            entries.append(MatrixEntry(matrix: .a, row: cs.constraints.count + wire, wire: wire, value: .one))
        }
        return entries
    }
}
