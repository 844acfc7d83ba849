// The multiplication kernels of Sources/CMontgomery (compiled in where the build machine has
// their instructions) against Prove's portable Swift CIOS kernel, their reference: the same
// constants, and the same products on edge values (0, 1, R mod m, m − 1 and their neighbours,
// where the final conditional subtraction is or is not taken) and on many random pairs —
// one at a time (MULX/ADX) and eight at a time (AVX-512 IFMA, also in place and through
// `Field.multiply` with a partial last group). MontgomeryTests compares the shipping kernels with GMP.

#if MONTGOMERY_ASM || MONTGOMERY_IFMA
import CMontgomery
@testable import Prove
import Testing
import Support

/// Edge operands: products of every pair exercise both outcomes of the final subtraction.
func edgeLimbs<F: MontgomeryField>(_ type: F.Type) -> [Limbs] {
    let m = F.modulus
    let one: Limbs = (1, 0, 0, 0)
    return [(0, 0, 0, 0), one, (2, 0, 0, 0), F.montgomery.r, F.montgomery.r2, limbsSub(m, one).0,
            limbsSub(m, (2, 0, 0, 0)).0, limbsShiftRight1(m), (UInt64.max, UInt64.max, UInt64.max, 0), (0, 0, 0, 1 << 60)]
}
#endif

#if MONTGOMERY_ASM

@Suite struct MontgomeryKernelTests {
    @Test func kernelConstantsMatchSwift() {
        #expect(limbsEqual(zk_limbs(limb: zk_fr_modulus).limb, Fr.modulus))
        #expect(zk_fr_inverse == Fr.montgomeryInverse)
        #expect(limbsEqual(zk_limbs(limb: zk_fq_modulus).limb, Fq.modulus))
        #expect(zk_fq_inverse == Fq.montgomeryInverse)
    }

    @Test func frKernelMatchesSwiftKernel() {
        checkKernel(Fr.self) { zk_fr_multiply(zk_limbs(limb: $0), zk_limbs(limb: $1)).limb }
    }

    @Test func fqKernelMatchesSwiftKernel() {
        checkKernel(Fq.self) { zk_fq_multiply(zk_limbs(limb: $0), zk_limbs(limb: $1)).limb }
    }

    /// Compares `kernel` with `montgomeryMultiply` on every pair of edge values and on 200,000
    /// seeded random pairs, then checks that a mutated input changes the product (the
    /// comparison can fail).
    func checkKernel<F: MontgomeryField>(_ type: F.Type, _ kernel: (Limbs, Limbs) -> Limbs) {
        let m = F.modulus
        let edges = edgeLimbs(F.self)
        var mismatches = 0
        for a in edges {
            for b in edges where !limbsEqual(kernel(a, b), montgomeryMultiply(a, b, m, F.montgomeryInverse)) {
                mismatches += 1
            }
        }
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<200_000 {
            let a = F.random(using: &generator).montgomeryLimbs, b = F.random(using: &generator).montgomeryLimbs
            if !limbsEqual(kernel(a, b), montgomeryMultiply(a, b, m, F.montgomeryInverse)) { mismatches += 1 }
        }
        #expect(mismatches == 0)
        let a = F.random(using: &generator).montgomeryLimbs, b = F.random(using: &generator).montgomeryLimbs
        #expect(!limbsEqual(kernel(a, b), kernel((a.0 ^ 1, a.1, a.2, a.3), b)))
    }
}
#endif

#if MONTGOMERY_IFMA
@Suite struct VectorKernelTests {
    @Test func kernelConstantsMatchSwift() {
        for (m52, inverse52, m) in [(zk_limbs52(zk_fr_modulus52), zk_fr_inverse52, Fr.modulus),
                                    (zk_limbs52(zk_fq_modulus52), zk_fq_inverse52, Fq.modulus)] {
            // m from its 52-bit limbs, and m·(−m⁻¹) ≡ −1 mod 2^52.
            let bits = m52.enumerated().reduce(BigInt(0)) { $0 + BigInt(limbs: [$1.element]) * BigInt(2).power(UInt(52 * $1.offset)) }
            #expect(bits == BigInt(limbs: limbsArray(m)))
            #expect((m.0 &* inverse52) & ((1 << 52) - 1) == (1 << 52) - 1)
        }
    }

    @Test func frEightMatchSwiftKernel() { checkEight(Fr.self) }
    @Test func fqEightMatchSwiftKernel() { checkEight(Fq.self) }

    /// `multiplyEight` against `montgomeryMultiply` on all edge pairs (in groups of eight), on
    /// 25,000 random groups, in place (out = a, out = b), and `multiply(count:)` with a tail.
    func checkEight<F: MontgomeryField>(_ type: F.Type) {
        let edges = edgeLimbs(F.self)
        var pairs = edges.flatMap { a in edges.map { (a, $0) } }
        var generator = SeededGenerator(seed: 2027)
        for _ in 0..<(25_000 * 8) {
            pairs.append((F.random(using: &generator).montgomeryLimbs, F.random(using: &generator).montgomeryLimbs))
        }
        while pairs.count % 8 != 0 { pairs.append(pairs[pairs.count % 8]) }
        let a = pairs.map { F(montgomeryLimbs: $0.0) }, b = pairs.map { F(montgomeryLimbs: $0.1) }
        let expected = pairs.map { F(montgomeryLimbs: montgomeryMultiply($0.0, $0.1, F.modulus, F.montgomeryInverse)) }
        var out = [F](repeating: .zero, count: pairs.count), inPlaceA = a, inPlaceB = b
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { out in
                    for g in stride(from: 0, to: pairs.count, by: 8) {
                        F.multiplyEight(out.baseAddress! + g, a.baseAddress! + g, b.baseAddress! + g)
                    }
                }
                inPlaceA.withUnsafeMutableBufferPointer { x in
                    F.multiply(x.baseAddress!, b.baseAddress!, into: x.baseAddress!, count: pairs.count)
                }
            }
            inPlaceB.withUnsafeMutableBufferPointer { y in
                F.multiply(a.baseAddress!, y.baseAddress!, into: y.baseAddress!, count: 13)  // one group and a tail of 5
            }
        }
        // Mismatch counts, not arrays: a failing comparison of 200,000 elements would be diffed at length.
        #expect(zip(out, expected).filter { $0 != $1 }.count == 0)
        #expect(zip(inPlaceA, expected).filter { $0 != $1 }.count == 0)
        #expect(Array(inPlaceB.prefix(13)) == Array(expected.prefix(13)) && inPlaceB[13...] == b[13...])
        // A mutated operand changes its lane's product only (the comparison can fail).
        var mutated = a
        mutated[3] = mutated[3] + .one
        var check = [F](repeating: .zero, count: 8)
        mutated.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in check.withUnsafeMutableBufferPointer { F.multiplyEight($0.baseAddress!, x.baseAddress!, y.baseAddress!) } }
        }
        #expect(check[3] != expected[3] && Array(check[0..<3]) == Array(expected[0..<3]) && Array(check[4..<8]) == Array(expected[4..<8]))
    }
}

/// The five limbs of a C `uint64_t[5]` constant.
func zk_limbs52(_ t: (UInt64, UInt64, UInt64, UInt64, UInt64)) -> [UInt64] { [t.0, t.1, t.2, t.3, t.4] }
#endif
