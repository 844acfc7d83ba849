// The circuit digest that proving.key stores so that a prover can tell a key was made for
// its constraint system: 64-bit FNV-1a over the shapes and the three R1CS matrices in
// canonical compressed-row form (rows `normalized()`), streamed from the constraints (no
// matrix is built). A consistency check for users, not a security measure.

extension Groth16 {
    /// FNV-1a of variableCount, publicCount, then for A, B and C in turn: the row count, the
    /// row starts (0 and the running term counts), every column, every coefficient's canonical
    /// limbs; all as little-endian 64-bit words, each row `normalized()` (sorted, repeated
    /// variables merged, zero coefficients dropped; rows that already are cost no copy).
    static func circuitDigest(_ cs: ConstraintSystem) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) {
                hash = (hash ^ ((word >> UInt64(shift)) & 0xff)) &* 0x0000_0100_0000_01b3
            }
        }
        mix(UInt64(cs.variableCount))
        mix(UInt64(cs.publicCount))
        cs.constraints.withUnsafeBufferPointer { constraints in
            for matrix in 0..<3 {
                func row(_ j: Int) -> [(variable: Int, coefficient: Fr)] {
                    (matrix == 0 ? constraints[j].a : matrix == 1 ? constraints[j].b : constraints[j].c).normalized().terms
                }
                mix(UInt64(constraints.count))
                mix(0)
                var rowStart = 0
                for j in constraints.indices {
                    rowStart += row(j).count
                    mix(UInt64(rowStart))
                }
                for j in constraints.indices {
                    for term in row(j) { mix(UInt64(term.variable)) }
                }
                for j in constraints.indices {
                    for term in row(j) {
                        let limbs = term.coefficient.canonical
                        mix(limbs.0); mix(limbs.1); mix(limbs.2); mix(limbs.3)
                    }
                }
            }
        }
        return hash
    }
}
