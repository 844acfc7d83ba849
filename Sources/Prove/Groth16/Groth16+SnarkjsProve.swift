// The Groth16 prover for keys in snarkjs's conventions (`SnarkjsProvingKey`, e.g. read from a
// `.zkey`): the same witness map and MSMs as Groth16+Prove.swift, except that H's scalars are
// A·B − C evaluated on the odd coset ω₂ₙ·⟨ωₙ⟩ of the doubled domain, not the coefficients of
// (A·B − C)/Z, because the key's H points are the odd Lagrange points [L'₂ₖ₊₁(τ)/δ]₁ (what
// snarkjs's groth16_prove computes; see SnarkjsProvingKey.swift). The key's A and B matrices
// must be those of the constraint system, checked entry by entry. Not constant-time.

import Support

extension Groth16 {
    /// A proof that `witness` satisfies `cs` with a key in snarkjs's conventions, blinded by r, s
    /// drawn from `rng`.
    ///
    /// Throws `ProveError` if the key does not fit `cs` (counts, domain, or an A or B entry; the
    /// error names the first differing row), the witness has the wrong shape, or it violates a
    /// constraint (the error names the first one's label). `fixed`, if given, must come from
    /// `fixedWireSums` with this key and the values `witness` holds on its wires (checked).
    public static func prove(_ key: SnarkjsProvingKey, cs: ConstraintSystem, witness: [Fr], reusing fixed: FixedWireSums? = nil,
                             using rng: inout some RandomNumberGenerator, timer: inout PhaseTimer) throws -> Proof {
        timer.start("check key and witness")
        try checkProvingInputs(key, cs: cs, witness: witness)
        if let fixed { try checkFixedWires(fixed, fingerprint: keyFingerprint(key), witness: witness) }
        guard let domain = NTTDomain(logSize: key.domainLogSize),
              let shift = Fr.rootOfUnity(logSize: key.domainLogSize + 1) else {
            throw ProveError.keyMismatch("domain 2^\(key.domainLogSize) is too large")  // excluded by the shape check
        }
        timer.start("constraints: A·w, B·w, C·w")
        let evaluations = evaluateConstraints(cs, witness: witness, domainSize: domain.size)
        if let index = evaluations.firstUnsatisfied {
            throw ProveError.unsatisfied(index: index, label: cs.constraints[index].label)
        }
        let r = Fr.random(using: &rng), s = Fr.random(using: &rng)
        let h = cosetNumerator(consume evaluations, domain: domain, shift: shift, timer: &timer)
        return assemble(ProverQueries(key), hScalars: h, witness: witness, reusing: fixed, r: r, s: s, timer: &timer)
    }

    /// `prove(_:cs:witness:reusing:using:timer:)` without timing.
    public static func prove(_ key: SnarkjsProvingKey, cs: ConstraintSystem, witness: [Fr], reusing fixed: FixedWireSums? = nil,
                             using rng: inout some RandomNumberGenerator) throws -> Proof {
        var timer = PhaseTimer()
        return try prove(key, cs: cs, witness: witness, reusing: fixed, using: &rng, timer: &timer)
    }

    /// `prove` with r, s from the system CSPRNG (`SystemRandomNumberGenerator`).
    public static func prove(_ key: SnarkjsProvingKey, cs: ConstraintSystem, witness: [Fr]) throws -> Proof {
        var rng = SystemRandomNumberGenerator()
        return try prove(key, cs: cs, witness: witness, using: &rng)
    }

    /// Checks the key's shape, that it was made for `cs` (counts, a domain with room for the
    /// constraints and the input-consistency rows, the A and B entries) and the witness's shape.
    static func checkProvingInputs(_ key: SnarkjsProvingKey, cs: ConstraintSystem, witness: [Fr]) throws {
        guard key.hasConsistentShape else { throw ProveError.keyMismatch("the key's counts are inconsistent") }
        guard key.variableCount == cs.variableCount, key.publicCount == cs.publicCount else {
            throw ProveError.keyMismatch("key has \(key.variableCount) wires and \(key.publicCount) public; "
                + "circuit has \(cs.variableCount) and \(cs.publicCount)")
        }
        let rows = cs.constraints.count + cs.publicCount + 1
        guard rows <= key.domainSize else {
            throw ProveError.keyMismatch("the key's domain (\(key.domainSize)) is smaller than the circuit's "
                + "\(cs.constraints.count) constraints + \(cs.publicCount) public + 1")
        }
        if let problem = firstMatrixDifference(key, cs) { throw ProveError.keyMismatch(problem) }
        guard witness.count == cs.variableCount else {
            throw ProveError.witnessCount(expected: cs.variableCount, got: witness.count)
        }
        guard witness[0] == .one else { throw ProveError.constantWireNotOne }
    }

    /// The first row where the key's A or B entries (merged and sorted per row, zeros dropped)
    /// differ from `cs`'s rows and the input-consistency rows (row constraints + i of A is wire
    /// i with coefficient 1 for i = 0…publicCount; every later row is empty), described;
    /// `nil` if they agree. Entries are grouped by row with a counting sort, rows compared in
    /// parallel chunks. Needs `key.hasConsistentShape`.
    static func firstMatrixDifference(_ key: SnarkjsProvingKey, _ cs: ConstraintSystem) -> String? {
        let n = key.domainSize, entries = key.matrixEntries
        var starts = [Int](repeating: 0, count: 2 * n + 1)  // row (matrix·n + row) → first entry
        for entry in entries { starts[Int(entry.matrix.rawValue) * n + entry.row + 1] += 1 }
        for index in 1..<starts.count { starts[index] += starts[index - 1] }
        var next = starts, order = [Int](repeating: 0, count: entries.count)
        for (index, entry) in entries.enumerated() {
            let slot = Int(entry.matrix.rawValue) * n + entry.row
            order[next[slot]] = index
            next[slot] += 1
        }
        let constraints = cs.constraints, publicCount = cs.publicCount
        @Sendable func expected(_ matrix: MatrixEntry.Matrix, _ row: Int) -> LinearCombination {
            if row < constraints.count { return matrix == .a ? constraints[row].a : constraints[row].b }
            let wire = row - constraints.count
            return matrix == .a && wire <= publicCount ? LinearCombination(terms: [(wire, .one)]) : LinearCombination()
        }
        let chunks = entries.count >= 1 << 14 ? Parallel.chunkCount : 1
        let shared = UncheckedSendable((starts, order))
        let firstPerChunk = Parallel.map(count: chunks) { chunk -> (MatrixEntry.Matrix, Int)? in
            let (starts, order) = shared.value
            for row in (chunk * n / chunks)..<((chunk + 1) * n / chunks) {
                for matrix in [MatrixEntry.Matrix.a, .b] {
                    let slot = Int(matrix.rawValue) * n + row
                    let terms = order[starts[slot]..<starts[slot + 1]].map { (variable: entries[$0].wire, coefficient: entries[$0].value) }
                    if LinearCombination(terms: terms) != expected(matrix, row) { return (matrix, row) }
                }
            }
            return nil
        }
        guard let (matrix, row) = firstPerChunk.lazy.compactMap({ $0 }).first else { return nil }
        let name = matrix == .a ? "A" : "B"
        let what = row < constraints.count ? "constraint \(row) ('\(constraints[row].label)')"
            : row <= constraints.count + publicCount ? "the input-consistency row of wire \(row - constraints.count)"
            : "row \(row), beyond the circuit's rows"
        return "the key's \(name) matrix differs from the circuit's at \(what): the key was made for another circuit"
    }
}
