// The circuit digest that proving.key stores so that a prover can tell a key was made for
// its constraint system: a 64-bit hash over the shapes and the three R1CS matrices in
// canonical form (rows `normalized()`), streamed from the constraints (no matrix is built).
// A consistency check for users, not a security measure.
//
// Version 3 (proving.key format 3, circuit.json version 3) hashes each matrix in five
// independent word streams, one per word of a term (its variable, with every row's term count
// before the row's variables, and its four coefficient limbs), so that the five mixer chains
// overlap, and the three matrices on separate cores: version 2's one chain over every word cost
// 240 ms of a 482k-constraint proof, more than the constraint evaluations. Field elements are
// taken by their Montgomery limbs (unique, as every stored value is reduced).

extension Groth16 {
    /// Hash of variableCount, publicCount and the digests of A, B and C. A matrix's digest
    /// mixes its row count and the final states of five `WordHasher`s: the first takes, row by
    /// row, the row's term count and then its variables; the other four the terms' coefficient
    /// limbs 0…3 in order. Rows are `normalized()` (sorted, repeated variables merged, zero
    /// coefficients dropped; rows that already are cost no copy).
    public static func circuitDigest(_ cs: ConstraintSystem) -> UInt64 {
        let matrices = Parallel.map(count: 3) { matrix -> UInt64 in
            var streams = (WordHasher(), WordHasher(), WordHasher(), WordHasher(), WordHasher())
            cs.constraints.withUnsafeBufferPointer { constraints in
                for constraint in constraints {
                    let combination = matrix == 0 ? constraint.a : matrix == 1 ? constraint.b : constraint.c
                    let terms = combination.normalized().terms
                    streams.0.mix(UInt64(terms.count))
                    for term in terms {
                        let limbs = term.coefficient.montgomeryLimbs
                        streams.0.mix(UInt64(term.variable))
                        streams.1.mix(limbs.0)
                        streams.2.mix(limbs.1)
                        streams.3.mix(limbs.2)
                        streams.4.mix(limbs.3)
                    }
                }
            }
            var hasher = WordHasher()
            hasher.mix(UInt64(cs.constraints.count))
            hasher.mix((streams.0.hash, streams.1.hash, streams.2.hash, streams.3.hash))
            hasher.mix(streams.4.hash)
            return hasher.hash
        }
        var hasher = WordHasher()
        hasher.mix(UInt64(cs.variableCount))
        hasher.mix(UInt64(cs.publicCount))
        for digest in matrices { hasher.mix(digest) }
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
