// Groth16 circuit-specific setup from fresh secrets τ, α, β, γ, δ (arkworks'
// `generate_parameters` over the QAP of Groth16+QAP.swift).
// SINGLE-PARTY SETUP: whoever runs it learns the toxic waste (τ, α, β, γ, δ; they live in
// this process's memory) and can forge proofs for the circuit. Use it for testing, or when
// the prover runs the setup himself. The multi-party ceremony (snarkjs-compatible phase-2
// contributions to δ) is Ceremony/Phase2*.swift.

import Support

extension Groth16 {
    /// One sentence for headers, CLI output and key files.
    public static let singlePartySetupWarning = """
        Single-party setup: whoever ran it knows the toxic waste and can forge proofs. \
        Use it only for testing or when the prover runs the setup himself; otherwise run a \
        multi-party ceremony (zktrain ceremony).
        """

    /// The setup for `qap` with secrets drawn from `rng` (which must be cryptographically
    /// secure for a key that is used for anything but tests).
    static func setup(_ qap: QAP, using rng: inout some RandomNumberGenerator, timer: inout PhaseTimer) -> ProvingKey {
        func nonzero() -> Fr {
            while true {
                let x = Fr.random(using: &rng)
                if !x.isZero { return x }
            }
        }
        timer.start("setup: Lagrange basis at τ")
        var tau = nonzero()
        var lagrange = qap.lagrangeAt(tau)
        while lagrange == nil {
            tau = nonzero()
            lagrange = qap.lagrangeAt(tau)
        }
        let alpha = nonzero(), beta = nonzero(), gamma = nonzero(), delta = nonzero()
        timer.start("setup: QAP column evaluations")
        let (u, v, w) = qap.columnEvaluations(lagrange: lagrange!)
        let gammaInverse = gamma.inverse!, deltaInverse = delta.inverse!  // nonzero by construction
        let n = qap.domain.size
        let vanishingOverDelta = (tau.pow(UInt64(n)) - .one) * deltaInverse
        func combined(_ i: Int) -> Fr { beta * u[i] + alpha * v[i] + w[i] }
        let gammaABCScalars = (0...qap.publicCount).map { combined($0) * gammaInverse }
        let lScalars = ((qap.publicCount + 1)..<qap.variableCount).map { combined($0) * deltaInverse }
        var hScalars = [Fr](repeating: .zero, count: n - 1)
        var power = vanishingOverDelta
        for k in 0..<(n - 1) {
            hScalars[k] = power
            power *= tau
        }

        timer.start("setup: fixed-base tables")
        let g1 = FixedBaseTable(base: G1Jacobian.generator,
                                scalarCount: 2 * qap.variableCount + hScalars.count + lScalars.count + gammaABCScalars.count)
        let g2 = FixedBaseTable(base: G2Jacobian.generator, scalarCount: qap.variableCount)
        timer.start("setup: G1 queries (A, B, H, L, IC)")
        let aQuery = g1.multiplyAll(u)
        let bQueryG1 = g1.multiplyAll(v)
        let hQuery = g1.multiplyAll(hScalars)
        let lQuery = g1.multiplyAll(lScalars)
        let gammaABC = g1.multiplyAll(gammaABCScalars)
        let g1Secrets = g1.multiplyAll([alpha, beta, delta])
        timer.start("setup: G2 queries (B)")
        let bQueryG2 = g2.multiplyAll(v)
        let g2Secrets = g2.multiplyAll([beta, gamma, delta])
        timer.stop()

        let vk = VerifyingKey(alphaG1: g1Secrets[0], betaG2: g2Secrets[0], gammaG2: g2Secrets[1],
                              deltaG2: g2Secrets[2], gammaABCG1: gammaABC)
        return ProvingKey(verifyingKey: vk, alphaG1: g1Secrets[0], betaG1: g1Secrets[1], betaG2: g2Secrets[0],
                          deltaG1: g1Secrets[2], deltaG2: g2Secrets[2], aQueryG1: aQuery, bQueryG1: bQueryG1,
                          bQueryG2: bQueryG2, hQueryG1: hQuery, lQueryG1: lQuery,
                          variableCount: qap.variableCount, publicCount: qap.publicCount,
                          constraintCount: qap.constraintCount, domainLogSize: qap.domain.logSize,
                          circuitDigest: qap.digest)
    }
}
