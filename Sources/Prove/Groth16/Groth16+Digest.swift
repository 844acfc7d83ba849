// The circuit digest that proving.key stores so that a prover can tell a key was made for
// its constraint system: 64-bit FNV-1a over the shapes and the three R1CS matrices in
// canonical compressed-row form (rows `normalized()`), built one matrix at a time from the
// constraints. A consistency check for users, not a security measure.

extension Groth16 {
    /// FNV-1a of variableCount, publicCount, then for A, B and C in turn: the row count, the
    /// row starts (0 and the running term counts), every column, every coefficient's canonical
    /// limbs; all as little-endian 64-bit words, each row `normalized()` (sorted, repeated
    /// variables merged, zero coefficients dropped).
    static func circuitDigest(_ cs: ConstraintSystem) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) {
                hash = (hash ^ ((word >> UInt64(shift)) & 0xff)) &* 0x0000_0100_0000_01b3
            }
        }
        mix(UInt64(cs.variableCount))
        mix(UInt64(cs.publicCount))
        // One matrix at a time (rows canonicalised once, 48 bytes per term, freed before the next).
        cs.constraints.withUnsafeBufferPointer { constraints in
            for which in 0..<3 {
                var matrix = SparseMatrix()
                matrix.columns.reserveCapacity(constraints.count)
                matrix.values.reserveCapacity(constraints.count)
                for constraint in constraints {
                    matrix.appendRow(which == 0 ? constraint.a : which == 1 ? constraint.b : constraint.c)
                }
                mix(UInt64(matrix.rowCount))
                matrix.rowStarts.forEach { mix(UInt64($0)) }
                matrix.columns.forEach { mix(UInt64($0)) }
                for value in matrix.values {
                    let limbs = value.canonical
                    mix(limbs.0); mix(limbs.1); mix(limbs.2); mix(limbs.3)
                }
            }
        }
        return hash
    }
}
