// The Groth16 prover (Groth 2016, §3.2; arkworks' `create_proof` with the LibsnarkReduction
// QAP): H by coset NTTs (Groth16+WitnessMap.swift), then five MSMs (A, B in G2, B in G1, H,
// L) with `MSM.pippenger`, blinded by fresh r, s per proof. Refuses a witness that does not satisfy the R1CS.
// Not constant-time: the witness can leak through timing.

import Support

extension Groth16 {
    /// Why a proof could not be made.
    public enum ProveError: Error, Equatable, CustomStringConvertible {
        /// The witness has the wrong number of wires.
        case witnessCount(expected: Int, got: Int)
        /// Wire 0 of the witness is not 1.
        case constantWireNotOne
        /// The witness violates constraint `index`, labelled `label`.
        case unsatisfied(index: Int, label: String)
        /// The proving key was made for a different constraint system.
        case keyMismatch(String)
        /// Reused `FixedWireSums` do not fit the key or the witness.
        case fixedWires(String)

        public var description: String {
            switch self {
            case let .witnessCount(expected, got): "witness has \(got) wires, the circuit has \(expected)"
            case .constantWireNotOne: "witness wire 0 must be 1"
            case let .unsatisfied(index, label): "witness does not satisfy constraint #\(index) '\(label)'"
            case let .keyMismatch(reason): "proving key does not match the constraint system: \(reason)"
            case let .fixedWires(reason): "cannot reuse fixed-wire sums: \(reason)"
            }
        }
    }

    /// Checks the witness shape and that `pk` was made for `cs` (counts, domain, digest).
    static func checkProvingInputs(_ pk: ProvingKey, cs: ConstraintSystem, digest: UInt64, domain: NTTDomain, witness: [Fr]) throws {
        guard pk.hasConsistentShape else { throw ProveError.keyMismatch("the proving key's counts are inconsistent") }
        guard pk.variableCount == cs.variableCount, pk.publicCount == cs.publicCount,
              pk.constraintCount == cs.constraints.count, pk.domainLogSize == domain.logSize else {
            throw ProveError.keyMismatch("key has \(pk.variableCount) wires, \(pk.publicCount) public, \(pk.constraintCount) constraints; "
                + "circuit has \(cs.variableCount), \(cs.publicCount), \(cs.constraints.count)")
        }
        guard pk.circuitDigest == digest else { throw ProveError.keyMismatch("the constraints differ (digest)") }
        guard witness.count == cs.variableCount else {
            throw ProveError.witnessCount(expected: cs.variableCount, got: witness.count)
        }
        guard witness[0] == .one else { throw ProveError.constantWireNotOne }
    }

    /// A proof from the constraint evaluations of a satisfying witness (see
    /// `checkProvingInputs` and `evaluateConstraints`). `fixed` (checked by `checkFixedWires`)
    /// supplies the A, B and L shares of its wires, which the MSMs then skip.
    static func prove(_ pk: ProvingKey, domain: NTTDomain, evaluations: consuming ConstraintEvaluations, witness: [Fr],
                      reusing fixed: FixedWireSums? = nil,
                      using rng: inout some RandomNumberGenerator, timer: inout PhaseTimer) -> Proof {
        let r = Fr.random(using: &rng), s = Fr.random(using: &rng)
        let h = quotientCoefficients(consume evaluations, domain: domain, timer: &timer)
        return assemble(ProverQueries(pk), hScalars: h, witness: witness, reusing: fixed, r: r, s: s, timer: &timer)
    }

    /// The points a proof is assembled from, whichever key layout they come from (arrays are
    /// shared with the key, not copied).
    struct ProverQueries {
        let alphaG1: G1Affine, betaG1: G1Affine, deltaG1: G1Affine
        let betaG2: G2Affine, deltaG2: G2Affine
        let a: [G1Affine], bG1: [G1Affine], bG2: [G2Affine], h: [G1Affine], l: [G1Affine]
        let publicCount: Int

        init(_ pk: ProvingKey) {
            (alphaG1, betaG1, deltaG1, betaG2, deltaG2) = (pk.alphaG1, pk.betaG1, pk.deltaG1, pk.betaG2, pk.deltaG2)
            (a, bG1, bG2, h, l, publicCount) = (pk.aQueryG1, pk.bQueryG1, pk.bQueryG2, pk.hQueryG1, pk.lQueryG1, pk.publicCount)
        }

        init(_ key: SnarkjsProvingKey) {
            (alphaG1, betaG1, deltaG1, betaG2, deltaG2) = (key.alphaG1, key.betaG1, key.deltaG1, key.betaG2, key.deltaG2)
            (a, bG1, bG2, h, l, publicCount) = (key.aQueryG1, key.bQueryG1, key.bQueryG2, key.hQueryG1, key.lQueryG1, key.publicCount)
        }
    }

    /// The five MSMs (A, B in G2, B in G1, H with `hScalars`, L over the private wires) and the
    /// blinding by r, s: A = α + Σwᵢ·Aᵢ + r·δ, B = β + Σwᵢ·Bᵢ + s·δ, C = H + L + s·A + r·B₁ − r·s·δ.
    static func assemble(_ q: ProverQueries, hScalars h: [Fr], witness: [Fr], reusing fixed: FixedWireSums?,
                         r: Fr, s: Fr, timer: inout PhaseTimer) -> Proof {
        var scalars = witness
        if let fixed { scalars.replaceSubrange(fixed.wires, with: repeatElement(.zero, count: fixed.wires.count)) }
        let privateScalars = scalars[(q.publicCount + 1)...]  // a slice: no 32 bytes × wires copy
        timer.start("MSM: A (G1)")
        let aSum: G1Jacobian = msmSkippingInfinity(q.a, scalars) + (fixed?.a ?? .zero)
        timer.start("MSM: B (G2)")
        let bSumG2: G2Jacobian = msmSkippingInfinity(q.bG2, scalars) + (fixed?.bG2 ?? .zero)
        timer.start("MSM: B (G1)")
        let bSumG1: G1Jacobian = msmSkippingInfinity(q.bG1, scalars) + (fixed?.bG1 ?? .zero)
        timer.start("MSM: H (G1)")
        let hSum: G1Jacobian = MSM.pippenger(q.h, h) ?? .zero
        timer.start("MSM: L (G1)")
        let lSum: G1Jacobian = (MSM.pippenger(q.l, scalars: privateScalars) ?? .zero) + (fixed?.l ?? .zero)
        timer.start("assemble A, B, C")
        let delta1 = G1Jacobian(q.deltaG1)
        let a = aSum.adding(q.alphaG1) + delta1.multiplied(by: r)
        let bG2 = bSumG2.adding(q.betaG2) + G2Jacobian(q.deltaG2).multiplied(by: s)
        let bG1 = bSumG1.adding(q.betaG1) + delta1.multiplied(by: s)
        let c = hSum + lSum + a.multiplied(by: s) + bG1.multiplied(by: r) - delta1.multiplied(by: r * s)
        let affine = G1Jacobian.batchToAffine([a, c])
        timer.stop()
        return Proof(a: affine[0], b: bG2.toAffine(), c: affine[1])
    }

    /// Σ scalars[i]·points[i]; counts must match. A wire missing from every A (or B)
    /// combination has uᵢ(τ) = 0 (vᵢ(τ) = 0) and an infinity point, typically most wires of
    /// one query: `MSM.pippenger` drops those (and zero scalars) without copying the query.
    static func msmSkippingInfinity<G: JacobianPoint>(_ points: [G.Affine], _ scalars: [Fr]) -> G {
        MSM.pippenger(points, scalars) ?? .zero
    }
}
