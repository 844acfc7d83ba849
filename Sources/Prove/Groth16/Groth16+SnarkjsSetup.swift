// A single-party setup whose key is in snarkjs's conventions (`SnarkjsProvingKey`): the QAP
// and secrets of Groth16+Setup.swift, with H as the odd Lagrange points of the doubled domain
// and the A, B entries listed as snarkjs's `zkey new` lists them. For tests, and for writing a
// `.zkey` that circom users can prove with. SINGLE-PARTY: whoever runs it knows the toxic
// waste (see `Groth16.singlePartySetupWarning`); a ceremony's phase 2 is the real path.

import Support

extension Groth16 {
    /// A key in snarkjs's conventions for `cs`, from secrets τ, α, β, γ, δ drawn from `rng`
    /// (which must be a CSPRNG for any key used beyond tests).
    /// - Throws: `SetupError.circuitTooLarge` if the domain (constraints + public + 1, rounded
    ///   up to a power of two) would exceed 2^27, the largest whose doubled domain exists in Fr.
    public static func snarkjsSetup(_ cs: ConstraintSystem, using rng: inout some RandomNumberGenerator) throws -> SnarkjsProvingKey {
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
        let alpha = nonzero(), beta = nonzero(), gamma = nonzero(), delta = nonzero()
        let gammaInverse = gamma.inverse!, deltaInverse = delta.inverse!  // nonzero by construction
        let (u, v, w) = qap.columnEvaluations(lagrange: lagrange)
        func combined(_ i: Int) -> Fr { beta * u[i] + alpha * v[i] + w[i] }
        let icScalars = (0...qap.publicCount).map { combined($0) * gammaInverse }
        let lScalars = ((qap.publicCount + 1)..<qap.variableCount).map { combined($0) * deltaInverse }
        let hScalars = (0..<qap.domain.size).map { doubledLagrange[2 * $0 + 1] * deltaInverse }

        let g1 = FixedBaseTable(base: G1Jacobian.generator,
                                scalarCount: 2 * qap.variableCount + hScalars.count + lScalars.count + icScalars.count)
        let g2 = FixedBaseTable(base: G2Jacobian.generator, scalarCount: qap.variableCount)
        let g1Secrets = g1.multiplyAll([alpha, beta, delta]), g2Secrets = g2.multiplyAll([beta, gamma, delta])
        let vk = VerifyingKey(alphaG1: g1Secrets[0], betaG2: g2Secrets[0], gammaG2: g2Secrets[1],
                              deltaG2: g2Secrets[2], gammaABCG1: g1.multiplyAll(icScalars))
        return SnarkjsProvingKey(verifyingKey: vk, betaG1: g1Secrets[1], deltaG1: g1Secrets[2],
                                 aQueryG1: g1.multiplyAll(u), bQueryG1: g1.multiplyAll(v), bQueryG2: g2.multiplyAll(v),
                                 lQueryG1: g1.multiplyAll(lScalars), hQueryG1: g1.multiplyAll(hScalars),
                                 matrixEntries: snarkjsMatrixEntries(cs), variableCount: qap.variableCount,
                                 publicCount: qap.publicCount, domainLogSize: qap.domain.logSize)
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
