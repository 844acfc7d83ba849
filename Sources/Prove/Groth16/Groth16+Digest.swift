// The circuit digest that proving.key stores so that a prover can tell a key was made for
// its constraint system: 64-bit FNV-1a over the shapes and the three R1CS matrices in
// canonical compressed-row form, streamed from the constraints (no matrix is built), and
// the canonical form of one row. A consistency check for users, not a security measure.

extension Groth16 {
    /// A row's terms in canonical form: columns increasing, repeated columns merged, zero
    /// coefficients dropped. Returns `terms` itself (no copy) when it is already canonical.
    static func canonicalTerms(_ terms: [(variable: Int, coefficient: Fr)]) -> [(variable: Int, coefficient: Fr)] {
        var previous = -1
        if terms.allSatisfy({ term in
            defer { previous = term.variable }
            return term.variable > previous && !term.coefficient.isZero
        }) { return terms }
        let sorted = terms.sorted { $0.variable < $1.variable }
        var merged = [(variable: Int, coefficient: Fr)]()
        var index = 0
        while index < sorted.count {
            let column = sorted[index].variable
            var sum = Fr.zero
            while index < sorted.count, sorted[index].variable == column {
                sum += sorted[index].coefficient
                index += 1
            }
            if !sum.isZero { merged.append((column, sum)) }
        }
        return merged
    }

    /// FNV-1a of variableCount, publicCount, then for A, B and C in turn: the row count, the
    /// row starts (0 and the running term counts), every column, every coefficient's canonical
    /// limbs; all as little-endian 64-bit words, rows canonical (`canonicalTerms`).
    static func circuitDigest(_ cs: ConstraintSystem) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) {
                hash = (hash ^ ((word >> UInt64(shift)) & 0xff)) &* 0x0000_0100_0000_01b3
            }
        }
        mix(UInt64(cs.variableCount))
        mix(UInt64(cs.publicCount))
        let constraints = cs.constraints
        for matrix in [\Constraint.a, \Constraint.b, \Constraint.c] {
            mix(UInt64(constraints.count))
            mix(0)
            var rowStart = 0
            for constraint in constraints {
                rowStart += canonicalTerms(constraint[keyPath: matrix].terms).count
                mix(UInt64(rowStart))
            }
            for constraint in constraints {
                for term in canonicalTerms(constraint[keyPath: matrix].terms) { mix(UInt64(term.variable)) }
            }
            for constraint in constraints {
                for term in canonicalTerms(constraint[keyPath: matrix].terms) {
                    let limbs = term.coefficient.canonical
                    mix(limbs.0); mix(limbs.1); mix(limbs.2); mix(limbs.3)
                }
            }
        }
        return hash
    }
}
