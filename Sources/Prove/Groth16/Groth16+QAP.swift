// The quadratic arithmetic program behind Groth16, as setup needs it: an R1CS as three
// sparse matrices in compressed-row form plus the "input consistency" rows that snarkjs and
// arkworks append (wireᵢ · 0 = 0 for the constant wire and each public variable), the
// evaluation domain and the Lagrange basis at τ. The prover works from the constraints
// directly (Groth16+WitnessMap.swift).

extension Groth16 {
    /// A sparse matrix over Fr in compressed-row form (row j = values[rowStarts[j]..<rowStarts[j+1]]).
    struct SparseMatrix: Sendable, Equatable {
        var rowStarts: [Int] = [0]
        var columns: [Int] = []
        var values: [Fr] = []

        var rowCount: Int { rowStarts.count - 1 }

        /// Appends one row in canonical form (`normalized()`: columns increasing, repeats
        /// merged, zeros dropped), so that equal linear combinations give equal matrices.
        mutating func appendRow(_ combination: LinearCombination) {
            for term in combination.normalized().terms {
                columns.append(term.variable)
                values.append(term.coefficient)
            }
            rowStarts.append(columns.count)
        }
    }

    /// An R1CS ⟨Aⱼ,w⟩·⟨Bⱼ,w⟩ = ⟨Cⱼ,w⟩ over wires 0 (the constant 1), 1…publicCount (public
    /// outputs then inputs), then private wires, with its QAP evaluation domain.
    struct QAP: Sendable {
        let variableCount: Int
        let publicCount: Int
        let a: SparseMatrix
        let b: SparseMatrix
        let c: SparseMatrix
        /// Size ≥ constraints + publicCount + 1 (the input-consistency rows).
        let domain: NTTDomain
        /// `Groth16.circuitDigest` of the constraint system.
        let digest: UInt64

        var constraintCount: Int { a.rowCount }

        /// `nil` if the shapes disagree, a column is out of range, or the domain would exceed 2^28.
        init?(variableCount: Int, publicCount: Int, a: SparseMatrix, b: SparseMatrix, c: SparseMatrix, digest: UInt64) {
            guard variableCount >= publicCount + 1, publicCount >= 0,
                  a.rowCount == b.rowCount, b.rowCount == c.rowCount,
                  [a, b, c].allSatisfy({ $0.columns.allSatisfy { (0..<variableCount).contains($0) } }),
                  let domain = NTTDomain(minimumSize: max(a.rowCount + publicCount + 1, 2)) else { return nil }
            self.variableCount = variableCount
            self.publicCount = publicCount
            self.a = a
            self.b = b
            self.c = c
            self.domain = domain
            self.digest = digest
        }

        /// Lagrange basis polynomials of the domain at τ (`Groth16.lagrangeBasis`); `nil` if τ
        /// lies in the domain.
        func lagrangeAt(_ tau: Fr) -> [Fr]? { Groth16.lagrangeBasis(domain, at: tau) }

        /// uᵢ(τ), vᵢ(τ), wᵢ(τ) for every wire i, from the Lagrange values at τ.
        func columnEvaluations(lagrange: [Fr]) -> (a: [Fr], b: [Fr], c: [Fr]) {
            func evaluate(_ matrix: SparseMatrix) -> [Fr] {
                var result = [Fr](repeating: .zero, count: variableCount)
                for row in 0..<matrix.rowCount {
                    for k in matrix.rowStarts[row]..<matrix.rowStarts[row + 1] {
                        result[matrix.columns[k]] += matrix.values[k] * lagrange[row]
                    }
                }
                return result
            }
            var a = evaluate(self.a)
            for i in 0...publicCount { a[i] += lagrange[constraintCount + i] }  // input consistency
            return (a, evaluate(b), evaluate(c))
        }
    }

    /// Lⱼ(τ) = (τⁿ − 1)·ωʲ / (n·(τ − ωʲ)) for the Lagrange basis of `domain`; `nil` if τ lies in it.
    static func lagrangeBasis(_ domain: NTTDomain, at tau: Fr) -> [Fr]? {
        let n = domain.size
        let vanishing = tau.pow(UInt64(n)) - .one
        guard !vanishing.isZero else { return nil }
        var powers = [Fr](repeating: .one, count: n)
        for j in 1..<n { powers[j] = powers[j - 1] * domain.root }
        var denominators = powers.map { tau - $0 }
        Fr.batchInvert(&denominators)
        let scale = vanishing * domain.sizeInverse
        return (0..<n).map { scale * powers[$0] * denominators[$0] }
    }
}
