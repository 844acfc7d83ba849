// The public Groth16 entry points on a `ConstraintSystem`: setup (single-party; see
// Groth16+Setup.swift for what that means) and prove, each with an optional `PhaseTimer`
// and a variant that draws its randomness from the system CSPRNG (getrandom on Linux).
// Verification needs no constraint system: Groth16+Verify.swift.

import Support

extension Groth16 {
    /// Why a setup could not be made.
    public enum SetupError: Error, Equatable, CustomStringConvertible {
        /// constraints + public count + 1 exceeds the largest NTT domain of Fr (2^28).
        case circuitTooLarge(constraints: Int, publicCount: Int)

        public var description: String {
            switch self {
            case let .circuitTooLarge(constraints, publicCount):
                "circuit too large for BN254's NTT domain: \(constraints) constraints + \(publicCount) public + 1 > 2^28"
            }
        }
    }

    /// The QAP of `cs`; `nil` only if its domain would exceed 2^28.
    /// The three matrices are built concurrently.
    static func qap(_ cs: ConstraintSystem) -> QAP? {
        let matrices = Parallel.map(count: 3) { which -> SparseMatrix in
            var matrix = SparseMatrix()
            for constraint in cs.constraints {
                matrix.appendRow(which == 0 ? constraint.a : which == 1 ? constraint.b : constraint.c)
            }
            return matrix
        }
        return QAP(variableCount: cs.variableCount, publicCount: cs.publicCount, a: matrices[0], b: matrices[1], c: matrices[2],
                   digest: circuitDigest(cs))
    }

    /// A proving key (with its verifying key) for `cs`, from secrets drawn from `rng`.
    ///
    /// Single-party setup: whoever ran it knows the toxic waste and can forge proofs. Use it
    /// only for testing or when the prover runs the setup himself; `rng` must be a CSPRNG
    /// for any real use. A multi-party ceremony is `Phase2`.
    public static func setup(_ cs: ConstraintSystem, using rng: inout some RandomNumberGenerator,
                             timer: inout PhaseTimer) throws -> ProvingKey {
        timer.start("setup: build QAP")
        guard let qap = qap(cs) else {
            throw SetupError.circuitTooLarge(constraints: cs.constraints.count, publicCount: cs.publicCount)
        }
        return setup(qap, using: &rng, timer: &timer)
    }

    /// `setup(_:using:timer:)` without timing.
    public static func setup(_ cs: ConstraintSystem, using rng: inout some RandomNumberGenerator) throws -> ProvingKey {
        var timer = PhaseTimer()
        return try setup(cs, using: &rng, timer: &timer)
    }

    /// `setup` with secrets from the system CSPRNG (`SystemRandomNumberGenerator`).
    public static func setup(_ cs: ConstraintSystem) throws -> ProvingKey {
        var rng = SystemRandomNumberGenerator()
        return try setup(cs, using: &rng)
    }

    /// A proof that `witness` satisfies `cs`, with blinding r, s drawn from `rng`.
    ///
    /// Throws `ProveError` if `pk` was made for another constraint system, the witness has
    /// the wrong shape, or it violates a constraint (the error names the first one's label).
    ///
    /// `fixed`, if given, must come from `fixedWireSums` with this key and the values `witness` holds on
    /// its wires (checked; `ProveError.fixedWires` otherwise).
    public static func prove(_ pk: ProvingKey, cs: ConstraintSystem, witness: [Fr], reusing fixed: FixedWireSums? = nil,
                             using rng: inout some RandomNumberGenerator, timer: inout PhaseTimer) throws -> Proof {
        timer.start("check key and witness")
        guard let domain = NTTDomain(minimumSize: max(cs.constraints.count + cs.publicCount + 1, 2)) else {
            throw ProveError.keyMismatch("the constraint system is too large")
        }
        try checkProvingInputs(pk, cs: cs, digest: circuitDigest(cs), domain: domain, witness: witness)
        if let fixed { try checkFixedWires(fixed, fingerprint: keyFingerprint(pk), witness: witness) }
        timer.start("constraints: A·w, B·w, C·w")
        let evaluations = evaluateConstraints(cs, witness: witness, domainSize: domain.size)
        if let index = evaluations.firstUnsatisfied {
            throw ProveError.unsatisfied(index: index, label: cs.constraints[index].label)
        }
        return prove(pk, domain: domain, evaluations: consume evaluations, witness: witness, reusing: fixed,
                     using: &rng, timer: &timer)
    }

    /// `prove(_:cs:witness:using:timer:)` without timing.
    public static func prove(_ pk: ProvingKey, cs: ConstraintSystem, witness: [Fr], reusing fixed: FixedWireSums? = nil,
                             using rng: inout some RandomNumberGenerator) throws -> Proof {
        var timer = PhaseTimer()
        return try prove(pk, cs: cs, witness: witness, reusing: fixed, using: &rng, timer: &timer)
    }

    /// `prove` with r, s from the system CSPRNG (`SystemRandomNumberGenerator`).
    public static func prove(_ pk: ProvingKey, cs: ConstraintSystem, witness: [Fr], reusing fixed: FixedWireSums? = nil) throws -> Proof {
        var rng = SystemRandomNumberGenerator()
        return try prove(pk, cs: cs, witness: witness, reusing: fixed, using: &rng)
    }
}
