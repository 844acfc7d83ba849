// The quadratic arithmetic program behind Groth16: an R1CS as three sparse matrices in
// compressed-row form plus the "input consistency" rows that snarkjs and arkworks append
// (wireᵢ · 0 = 0 for the constant wire and each public variable), the evaluation domain,
// the Lagrange basis at τ (setup) and the quotient H (arkworks' `R1CStoQAP::witness_map`).
// Does not check that a witness satisfies the constraints: callers do that first.

extension Groth16 {
    /// A sparse matrix over Fr in compressed-row form (row j = values[rowStarts[j]..<rowStarts[j+1]]).
    struct SparseMatrix: Sendable, Equatable {
        var rowStarts: [Int] = [0]
        var columns: [Int] = []
        var values: [Fr] = []

        var rowCount: Int { rowStarts.count - 1 }

        /// Appends one row in canonical form (columns increasing, repeats merged, zeros dropped),
        /// so that equal linear combinations give equal matrices (and circuit digests).
        mutating func appendRow(_ terms: [(variable: Int, coefficient: Fr)]) {
            var sorted = terms
            if !zip(terms, terms.dropFirst()).allSatisfy({ $0.variable < $1.variable }) {
                sorted.sort { $0.variable < $1.variable }
            }
            var index = 0
            while index < sorted.count {
                var sum = sorted[index].coefficient
                let column = sorted[index].variable
                index += 1
                while index < sorted.count, sorted[index].variable == column {
                    sum += sorted[index].coefficient
                    index += 1
                }
                if !sum.isZero {
                    columns.append(column)
                    values.append(sum)
                }
            }
            rowStarts.append(columns.count)
        }

        /// ⟨row j, w⟩ for every row j. Columns must be < w.count (checked when built).
        func multiply(_ w: [Fr], into result: inout [Fr]) {
            for row in 0..<rowCount {
                var sum = Fr.zero
                for k in rowStarts[row]..<rowStarts[row + 1] { sum += values[k] * w[columns[k]] }
                result[row] = sum
            }
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

        var constraintCount: Int { a.rowCount }

        /// `nil` if the shapes disagree, a column is out of range, or the domain would exceed 2^28.
        init?(variableCount: Int, publicCount: Int, a: SparseMatrix, b: SparseMatrix, c: SparseMatrix) {
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
        }

        /// A 64-bit digest of the shapes and matrices, stored in proving.key so that a prover
        /// can tell that a key was made for this constraint system. Words are mixed whole
        /// (multiply–xorshift, as in splitmix64's finalizer) and field elements by their
        /// Montgomery limbs, which are unique because every stored value is reduced. It detects
        /// mismatches; it is not a cryptographic hash.
        var digest: UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            @inline(__always) func mix(_ word: UInt64) {
                var z = (hash ^ word) &* 0x9e37_79b9_7f4a_7c15
                z = (z ^ (z >> 31)) &* 0xbf58_476d_1ce4_e5b9
                hash = z ^ (z >> 29)
            }
            mix(UInt64(variableCount))
            mix(UInt64(publicCount))
            for matrix in [a, b, c] {
                mix(UInt64(matrix.rowCount))
                matrix.rowStarts.withUnsafeBufferPointer { $0.forEach { mix(UInt64($0)) } }
                matrix.columns.withUnsafeBufferPointer { $0.forEach { mix(UInt64($0)) } }
                matrix.values.withUnsafeBufferPointer { values in
                    for value in values {
                        let limbs = value.montgomeryLimbs
                        mix(limbs.0); mix(limbs.1); mix(limbs.2); mix(limbs.3)
                    }
                }
            }
            return hash
        }

        /// Lagrange basis polynomials of the domain at τ: Lⱼ(τ) = (τⁿ − 1)·ωʲ / (n·(τ − ωʲ)).
        /// `nil` if τ lies in the domain.
        func lagrangeAt(_ tau: Fr) -> [Fr]? {
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

        /// ⟨A,w⟩, ⟨B,w⟩, ⟨C,w⟩ on the domain: one value per constraint (then the input
        /// consistency rows wᵢ·0 = 0 in A, zero padding), computed in parallel.
        func evaluations(witness: [Fr]) -> [[Fr]] {
            let n = domain.size, matrices = [a, b, c]
            var evaluations = Parallel.map(count: 3) { index -> [Fr] in
                var result = [Fr](repeating: .zero, count: n)
                matrices[index].multiply(witness, into: &result)
                return result
            }
            for i in 0...publicCount { evaluations[0][constraintCount + i] = witness[i] }
            return evaluations
        }

        /// The first constraint j with ⟨A,w⟩ⱼ·⟨B,w⟩ⱼ ≠ ⟨C,w⟩ⱼ in `evaluations`, or nil.
        func firstUnsatisfiedRow(_ evaluations: [[Fr]]) -> Int? {
            let count = constraintCount, chunks = count >= 1 << 12 ? Parallel.chunkCount : 1
            let (a, b, c) = (evaluations[0], evaluations[1], evaluations[2])
            let firstPerChunk = Parallel.map(count: chunks) { chunk -> Int? in
                ((chunk * count / chunks)..<((chunk + 1) * count / chunks)).first { a[$0] * b[$0] != c[$0] }
            }
            return firstPerChunk.lazy.compactMap { $0 }.first
        }

        /// Coefficients h₀…h_{n−2} of H = (A·B − C)/Z for a satisfying witness.
        func quotientCoefficients(witness: [Fr], timer: inout PhaseTimer) -> [Fr] {
            timer.start("QAP: A·w, B·w, C·w")
            return quotientCoefficients(evaluations: evaluations(witness: witness), timer: &timer)
        }

        /// H from the three evaluation vectors of a satisfying witness: interpolate, evaluate
        /// on the coset 5·⟨ω⟩, divide by Z = 5ⁿ − 1 there, interpolate on the coset. The three
        /// transforms run in parallel.
        func quotientCoefficients(evaluations: consuming [[Fr]], timer: inout PhaseTimer) -> [Fr] {
            let n = domain.size
            var evaluations = evaluations
            timer.start("QAP: iNTT + coset NTT (×3)")
            let domain = self.domain
            // Each task takes its vector out of a slot, so the transform runs in place (no
            // copy-on-write copy of 32 bytes × n while the outer array still holds it).
            let slots = UnsafeMutablePointer<[Fr]>.allocate(capacity: 3)
            slots.initialize(from: evaluations, count: 3)
            evaluations = []
            defer {
                slots.deinitialize(count: 3)
                slots.deallocate()
            }
            let shared = UncheckedSendable(slots)
            var onCoset = Parallel.map(count: 3) { index -> [Fr] in
                var values = shared.value[index]
                shared.value[index] = []
                domain.interpolateThenCosetForward(&values)
                return values
            }
            timer.start("QAP: (A·B − C)/Z on coset + coset iNTT")
            let zInverse = (Fr.multiplicativeGenerator.pow(UInt64(n)) - .one).inverse ?? .zero
            var h = onCoset[0]
            onCoset[0] = []
            let chunks = Parallel.chunkCount
            h.withUnsafeMutableBufferPointer { h in
                let shared = UncheckedSendable((h, onCoset[1], onCoset[2]))
                Parallel.forEach(count: chunks) { chunk in
                    let (h, b, c) = shared.value
                    for j in (chunk * n / chunks)..<((chunk + 1) * n / chunks) { h[j] = (h[j] * b[j] - c[j]) * zInverse }
                }
            }
            onCoset = []
            domain.cosetInverse(&h)
            h.removeLast()  // deg H ≤ n − 2 for a satisfying witness
            return h
        }
    }
}
