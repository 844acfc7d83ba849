// NTTs on a coset shift·⟨ω⟩ (what Groth16's quotient polynomial needs): forward and inverse
// transforms with the scaling by powers of the shift done in one pass of batched products
// (`Fr.multiply`), split across cores. Not constant-time.
import Support

extension NTTDomain {
    /// Coefficients → evaluations on the coset shift·⟨ω⟩: values[i] ← p(shift·ω^i).
    @discardableResult
    public func cosetForward(_ values: inout [Fr], shift: Fr = Fr.multiplicativeGenerator) -> Bool {
        guard values.count == size else { return false }
        Self.scaleByPowers(&values, of: shift)
        Self.transform(&values, twiddles: twiddles, blockTwiddles: blockTwiddles)
        return true
    }

    /// Evaluations on the coset shift·⟨ω⟩ → coefficients, each multiplied by `factor`;
    /// `false` for a wrong count or shift 0.
    @discardableResult
    public func cosetInverse(_ values: inout [Fr], shift: Fr = Fr.multiplicativeGenerator, times factor: Fr = .one) -> Bool {
        guard values.count == size, let shiftInverse = shift.inverse else { return false }
        Self.transform(&values, twiddles: inverseTwiddles, blockTwiddles: inverseBlockTwiddles)
        Self.scaleByPowers(&values, of: shiftInverse, times: sizeInverse * factor)
        return true
    }

    /// Coefficients of the polynomial with evaluations `values` on the domain, evaluated on
    /// the coset shift·⟨ω⟩: `inverse` then `cosetForward`, with the two scalings fused.
    @discardableResult
    func interpolateThenCosetForward(_ values: inout [Fr], shift: Fr = Fr.multiplicativeGenerator) -> Bool {
        guard values.count == size else { return false }
        Self.transform(&values, twiddles: inverseTwiddles, blockTwiddles: inverseBlockTwiddles)
        Self.scaleByPowers(&values, of: shift, times: sizeInverse)
        Self.transform(&values, twiddles: twiddles, blockTwiddles: blockTwiddles)
        return true
    }

    /// values[i] ← values[i]·c·x^i, in parallel chunks. Each chunk keeps the powers for
    /// `scaleRun` consecutive indices, c·x^(i+k), and moves them on by x^scaleRun: two
    /// batched products (`Fr.multiply`) per value instead of a chain of single ones.
    static func scaleByPowers(_ values: inout [Fr], of x: Fr, times c: Fr = .one) {
        let n = values.count, run = scaleRun
        let chunks = n >= parallelThreshold ? Parallel.chunkCount : 1
        let step = [Fr](repeating: x.pow(UInt64(run)), count: run)
        values.withUnsafeMutableBufferPointer { a in
            let shared = UncheckedSendable(a)
            Parallel.forEach(count: chunks) { chunk in
                let a = shared.value.baseAddress!
                let start = chunk * n / chunks, end = (chunk + 1) * n / chunks
                let first = c * x.pow(UInt64(start))
                var powers = powers(of: x, count: run).map { $0 * first }
                step.withUnsafeBufferPointer { step in
                    powers.withUnsafeMutableBufferPointer { powers in
                        var index = start
                        while index < end {
                            let count = min(run, end - index)
                            Fr.multiply(a + index, powers.baseAddress!, into: a + index, count: count)
                            Fr.multiply(powers.baseAddress!, step.baseAddress!, into: powers.baseAddress!, count: run)
                            index += count
                        }
                    }
                }
            }
        }
    }

    /// Consecutive powers `scaleByPowers` keeps at once.
    static let scaleRun = 64
}
