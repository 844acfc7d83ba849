// The MULX/ADX multiplication kernel (Sources/CMontgomery, compiled in where the build
// machine has BMI2 and ADX) against Prove's portable Swift CIOS kernel, its reference:
// the same constants, and the same products on edge values (0, 1, R mod m, m − 1 and their
// neighbours, where the final conditional subtraction is or is not taken) and on many random
// pairs. MontgomeryTests compares whichever kernel ships with GMP.

#if MONTGOMERY_ASM
import CMontgomery
@testable import Prove
import Testing

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
        let one: Limbs = (1, 0, 0, 0)
        let mMinusOne = limbsSub(m, one).0, mMinusTwo = limbsSub(m, (2, 0, 0, 0)).0
        let edges: [Limbs] = [(0, 0, 0, 0), one, (2, 0, 0, 0), F.montgomery.r, F.montgomery.r2, mMinusOne, mMinusTwo,
                              limbsShiftRight1(m), (UInt64.max, UInt64.max, UInt64.max, 0), (0, 0, 0, 1 << 60)]
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
