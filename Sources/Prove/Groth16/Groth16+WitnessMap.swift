// The prover's witness map (arkworks' `R1CStoQAP::witness_map`): ⟨Aⱼ,w⟩, ⟨Bⱼ,w⟩, ⟨Cⱼ,w⟩ for
// every constraint j, evaluated straight from the constraint system (the QAP's matrices are
// built only by setup) together with the satisfiability check, then A·B − C on a coset by NTTs:
// divided by Z and interpolated for `ProvingKey`'s H (powers of τ), or as they are for a
// snarkjs key's H (odd Lagrange points, Groth16+SnarkjsProve.swift). Not constant-time.

import Support

extension Groth16 {
    /// A·w, B·w, C·w on the evaluation domain (constraints, then the input-consistency rows
    /// wireᵢ·0 = 0 for i = 0…publicCount, then zero padding), and the first constraint the
    /// witness violates, if any.
    struct ConstraintEvaluations {
        var a: [Fr]
        var b: [Fr]
        var c: [Fr]
        var firstUnsatisfied: Int?
    }

    /// Evaluates every constraint of `cs` at `witness` (which must have `cs.variableCount`
    /// wires; `addConstraint` checked every variable) in parallel chunks, onto a domain of
    /// `domainSize` ≥ constraints + publicCount + 1 points.
    static func evaluateConstraints(_ cs: ConstraintSystem, witness: [Fr], domainSize n: Int) -> ConstraintEvaluations {
        let constraints = cs.constraints, count = constraints.count
        var a = [Fr](repeating: .zero, count: n), b = a, c = a
        let chunks = count >= 1 << 12 ? Parallel.chunkCount : 1
        let firstPerChunk = a.withUnsafeMutableBufferPointer { a in
            b.withUnsafeMutableBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    let shared = UncheckedSendable((a, b, c))
                    return Parallel.map(count: chunks) { chunk -> Int? in
                        let (a, b, c) = shared.value
                        var first: Int?
                        for j in (chunk * count / chunks)..<((chunk + 1) * count / chunks) {
                            let constraint = constraints[j]
                            a[j] = innerProduct(constraint.a, witness)
                            b[j] = innerProduct(constraint.b, witness)
                            c[j] = innerProduct(constraint.c, witness)
                            if first == nil, a[j] * b[j] != c[j] { first = j }
                        }
                        return first
                    }
                }
            }
        }
        for i in 0...cs.publicCount { a[count + i] = witness[i] }
        return ConstraintEvaluations(a: a, b: b, c: c, firstUnsatisfied: firstPerChunk.lazy.compactMap { $0 }.first)
    }

    /// ⟨combination, witness⟩ for variables known to be in range.
    @inline(__always)
    static func innerProduct(_ combination: LinearCombination, _ witness: [Fr]) -> Fr {
        var sum = Fr.zero
        for term in combination.terms {
            sum += term.coefficient == .one ? witness[term.variable] : term.coefficient * witness[term.variable]
        }
        return sum
    }

    /// Coefficients h₀…h_{n−2} of H = (A·B − C)/Z for evaluations of a satisfying witness:
    /// A·B − C on the coset 5·⟨ω⟩ (`cosetNumerator`), divided there by Z = 5ⁿ − 1 and
    /// interpolated on the coset. Consumes the evaluations.
    static func quotientCoefficients(_ evaluations: consuming ConstraintEvaluations, domain: NTTDomain,
                                     timer: inout PhaseTimer) -> [Fr] {
        var h = cosetNumerator(evaluations, domain: domain, shift: .multiplicativeGenerator, timer: &timer)
        timer.start("QAP: ÷Z + coset iNTT")
        let zInverse = (Fr.multiplicativeGenerator.pow(UInt64(domain.size)) - .one).inverse ?? .zero
        domain.cosetInverse(&h, times: zInverse)  // the division by Z = 5ⁿ − 1 joins the iNTT's scaling
        h.removeLast()  // deg H ≤ n − 2 for a satisfying witness
        return h
    }

    /// (A·B − C)(shift·ωʲ) for j < n: interpolate A, B, C from their evaluations on the domain,
    /// evaluate them on the coset shift·⟨ω⟩, combine pointwise. Consumes the evaluations,
    /// transforming them in place (no copies of 32 bytes × n).
    static func cosetNumerator(_ evaluations: consuming ConstraintEvaluations, domain: NTTDomain, shift: Fr,
                               timer: inout PhaseTimer) -> [Fr] {
        let n = domain.size
        timer.start("QAP: iNTT + coset NTT (×3)")
        let slots = UnsafeMutablePointer<[Fr]>.allocate(capacity: 3)
        slots.initialize(from: [evaluations.a, evaluations.b, evaluations.c], count: 3)
        evaluations.a = []
        evaluations.b = []
        evaluations.c = []
        defer {
            slots.deinitialize(count: 3)
            slots.deallocate()
        }
        // One after the other, each transform on all cores. Inside a concurrentPerform over
        // the three, libdispatch gives each nested one active CPUs / 3 threads, i.e. runs
        // the transforms' own loops serially: the third transform ran alone on one core.
        for index in 0..<3 { domain.interpolateThenCosetForward(&slots[index], shift: shift) }
        timer.start("QAP: A·B − C on the coset")
        var h = slots[0]
        slots[0] = []
        let chunks = Parallel.chunkCount
        h.withUnsafeMutableBufferPointer { h in
            slots[1].withUnsafeBufferPointer { b in
                let shared = UncheckedSendable((h, b, slots[2]))
                Parallel.forEach(count: chunks) { chunk in
                    let (h, b, c) = shared.value
                    let start = chunk * n / chunks, end = (chunk + 1) * n / chunks
                    Fr.multiply(h.baseAddress! + start, b.baseAddress! + start, into: h.baseAddress! + start, count: end - start)
                    for j in start..<end { h[j] -= c[j] }
                }
            }
        }
        slots[1] = []
        slots[2] = []
        return h
    }
}
