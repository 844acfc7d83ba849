// The circuit digest that proving.key stores so that a prover can tell a key was made for
// its constraint system: a 64-bit hash over the shapes and the three R1CS matrices in
// canonical form (rows `normalized()`), streamed from the constraints (no matrix is built).
// A consistency check for users, not a security measure.
//
// Version 3 (proving.key format 3, circuit.json version 3) hashes each matrix in five
// independent word streams, one per word of a term (its variable, with every row's term count
// before the row's variables, and its four coefficient limbs). The streams advance as
// constraints are added (`ConstraintSystem.addConstraint`, which reads every term anyway), so
// that the digest of a built system costs nothing: version 2's separate pass, one chain over
// every word, cost 240 ms of a 482k-constraint proof. Field elements are taken by their
// Montgomery limbs (unique, as every stored value is reduced).

extension Groth16 {
    /// Hash of variableCount, publicCount and the digests of A, B and C. A matrix's digest
    /// mixes its row count and the final states of five `WordHasher`s: the first takes, row by
    /// row, the row's term count and then its variables; the other four the terms' coefficient
    /// limbs 0…3 in order. Rows are `normalized()` (sorted, repeated variables merged, zero
    /// coefficients dropped). Kept up to date by the system itself (`CircuitDigestStreams`).
    public static func circuitDigest(_ cs: ConstraintSystem) -> UInt64 {
        cs.digestStreams.digest(variableCount: cs.variableCount, publicCount: cs.publicCount,
                                constraintCount: cs.constraints.count)
    }
}

/// The running word streams of `Groth16.circuitDigest`: five per matrix.
struct CircuitDigestStreams: Sendable {
    /// One matrix's streams: variables (after each row's term count), then limbs 0…3.
    struct Matrix: Sendable {
        var variables = WordHasher(), limb0 = WordHasher(), limb1 = WordHasher(), limb2 = WordHasher(), limb3 = WordHasher()

        mutating func add(_ row: LinearCombination) {
            let terms = row.normalized().terms  // no copy for a row already in canonical form
            variables.mix(UInt64(terms.count))
            for term in terms {
                let limbs = term.coefficient.montgomeryLimbs
                variables.mix(UInt64(term.variable))
                limb0.mix(limbs.0)
                limb1.mix(limbs.1)
                limb2.mix(limbs.2)
                limb3.mix(limbs.3)
            }
        }

        func digest(rows: Int) -> UInt64 {
            var hasher = WordHasher()
            hasher.mix(UInt64(rows))
            [variables, limb0, limb1, limb2, limb3].forEach { hasher.mix($0.hash) }
            return hasher.hash
        }
    }

    private var a = Matrix(), b = Matrix(), c = Matrix()

    /// Takes one constraint's rows (normalised here if they are not already).
    mutating func add(_ a: LinearCombination, _ b: LinearCombination, _ c: LinearCombination) {
        self.a.add(a)
        self.b.add(b)
        self.c.add(c)
    }

    /// The digest of a system with these streams and counts.
    func digest(variableCount: Int, publicCount: Int, constraintCount: Int) -> UInt64 {
        var hasher = WordHasher()
        hasher.mix(UInt64(variableCount))
        hasher.mix(UInt64(publicCount))
        [a, b, c].forEach { hasher.mix($0.digest(rows: constraintCount)) }
        return hasher.hash
    }
}

/// The word mixer of `circuitDigest` and `valuesDigest`: each 64-bit word is xored in, then
/// scrambled with splitmix64's finalizer constants.
struct WordHasher {
    private(set) var hash: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always) mutating func mix(_ word: UInt64) {
        var z = (hash ^ word) &* 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 31)) &* 0xbf58_476d_1ce4_e5b9
        hash = z ^ (z >> 29)
    }

    /// Mixes the four limbs in order.
    @inline(__always) mutating func mix(_ limbs: Limbs) {
        mix(limbs.0); mix(limbs.1); mix(limbs.2); mix(limbs.3)
    }
}
