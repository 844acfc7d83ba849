// The circuit digest that proving.key stores so that a prover can tell a key was made for
// its constraint system: a 64-bit hash over the shapes and the three R1CS matrices in
// canonical form (rows `normalized()`), streamed from the constraints (no matrix is built).
// A consistency check for users, not a security measure.
//
// Version 2 (proving.key format 2) mixes whole 64-bit words with splitmix64's finalizer and
// takes field elements by their Montgomery limbs (unique, as every stored value is reduced),
// in one pass per matrix: version 1's byte-wise FNV-1a over canonical limbs in three passes
// cost as much as a fifth of proving a small circuit.

extension Groth16 {
    /// Hash of variableCount, publicCount, then for A, B and C in turn: the row count and, per
    /// row, its term count, then each term's variable and coefficient limbs, each row
    /// `normalized()` (sorted, repeated variables merged, zero coefficients dropped; rows that
    /// already are cost no copy).
    public static func circuitDigest(_ cs: ConstraintSystem) -> UInt64 {
        var hasher = WordHasher()
        hasher.mix(UInt64(cs.variableCount))
        hasher.mix(UInt64(cs.publicCount))
        cs.constraints.withUnsafeBufferPointer { constraints in
            for matrix in 0..<3 {
                hasher.mix(UInt64(constraints.count))
                for constraint in constraints {
                    let combination = matrix == 0 ? constraint.a : matrix == 1 ? constraint.b : constraint.c
                    let terms = combination.normalized().terms
                    hasher.mix(UInt64(terms.count))
                    for term in terms {
                        hasher.mix(UInt64(term.variable))
                        hasher.mix(term.coefficient.montgomeryLimbs)
                    }
                }
            }
        }
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
