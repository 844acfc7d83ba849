// Montgomery arithmetic against GMP: constants re-derived from the decimal moduli, and
// every operation compared with mpz arithmetic on the canonical values.

import CGMP
import Prove
import Testing
import Support

/// Re-derives a field's constants from its decimal modulus with GMP.
func checkConstants<F: MontgomeryField>(_ type: F.Type, decimalModulus: String) {
    let m = BigInt(decimalModulus)
    let twoTo256 = BigInt(2).power(256)
    #expect(F.modulusBig == m)
    #expect(BigInt(limbs: limbsArray(F.montgomery.r)) == twoTo256 % m)
    #expect(BigInt(limbs: limbsArray(F.montgomery.r2)) == (twoTo256 * twoTo256) % m)
    let twoTo64 = BigInt(2).power(64)
    let negInverse = (twoTo64 - m.inverseMod(twoTo64)!) % twoTo64
    #expect(BigInt(limbs: [F.montgomery.inverseNegated]) == negInverse)
    #expect(F.montgomeryInverse == F.montgomery.inverseNegated)
    #expect(!F.quadraticNonResidue.isQuadraticResidue)
}

func limbsArray(_ l: Limbs) -> [UInt64] { [l.0, l.1, l.2, l.3] }

/// Compares +, −, ×, negation, inversion and squaring with GMP on `samples`.
func checkAgainstGMP<F: MontgomeryField>(_ samples: [F]) {
    let m = F.modulusBig
    for a in samples {
        let bigA = a.big
        #expect((-a).big == (BigInt(0) - bigA) % m)
        #expect(a.squared().big == (bigA * bigA) % m)
        if let inverse = a.inverse { #expect(inverse.big == bigA.inverseMod(m)!) } else { #expect(a.isZero) }
        #expect(F(decimal: a.description) == a)
        #expect(a.description == bigA.description)
        #expect(F(littleEndianBytes: a.littleEndianBytes) == a)
        for b in samples {
            let bigB = b.big
            #expect((a * b).big == (bigA * bigB) % m)
            #expect((a + b).big == (bigA + bigB) % m)
            #expect((a - b).big == (bigA - bigB) % m)
        }
    }
}

@Suite struct MontgomeryTests {
    @Test func frConstantsMatchGMP() { checkConstants(Fr.self, decimalModulus: BN254.r) }
    @Test func fqConstantsMatchGMP() { checkConstants(Fq.self, decimalModulus: BN254.p) }

    @Test func frArithmeticMatchesGMP() { checkAgainstGMP(samples(Fr.self, count: 12, seed: 11)) }
    @Test func fqArithmeticMatchesGMP() { checkAgainstGMP(samples(Fq.self, count: 12, seed: 12)) }

    @Test func bn254XDefinesBothModuli() {
        let x = BigInt(limbs: [bn254X])
        let x2 = x * x, x3 = x2 * x, x4 = x3 * x
        let c36 = BigInt(36)
        #expect(c36 * x4 + c36 * x3 + BigInt(24) * x2 + BigInt(6) * x + BigInt(1) == BigInt(BN254.p))
        #expect(c36 * x4 + c36 * x3 + BigInt(18) * x2 + BigInt(6) * x + BigInt(1) == BigInt(BN254.r))
    }

    @Test func frRootsOfUnity() {
        let r = BigInt(BN254.r)
        #expect(Fr.twoAdicity == 28)
        let odd = (r - BigInt(1)) / BigInt(2).power(28)
        #expect(Fr.twoAdicRootOfUnity.big == BigInt(5).powerMod(odd, r))
        // 5 generates Fr*: 5^((r−1)/q) ≠ 1 is checked for q = 2 (non-residue) here.
        #expect(!Fr(5).isQuadraticResidue)
        for logSize in [0, 1, 5, 28] {
            let root = Fr.rootOfUnity(logSize: logSize)!
            #expect(root.pow(UInt64(1) << UInt64(logSize)) == .one)
            if logSize > 0 { #expect(root.pow(UInt64(1) << UInt64(logSize - 1)) == -Fr.one) }
        }
        #expect(Fr.rootOfUnity(logSize: 29) == nil)
    }

    @Test func squareRoots() {
        var generator = SeededGenerator(seed: 13)
        for _ in 0..<5 {
            let x = Fr.random(using: &generator), y = Fq.random(using: &generator)
            #expect(x.squared().squareRoot().map { $0.squared() } == x.squared())
            #expect(y.squared().squareRoot().map { $0.squared() } == y.squared())
        }
        #expect(Fr.quadraticNonResidue.squareRoot() == nil)
        #expect((-Fq.one).squareRoot() == nil)  // p ≡ 3 mod 4
        #expect(Fq.zero.squareRoot() == .zero)
    }

    @Test func decimalParsingRejectsOutOfRangeAndMalformed() {
        let pMinusOne = (BigInt(BN254.p) - BigInt(1)).description
        #expect(Fq(decimal: pMinusOne) == -Fq.one)
        #expect(Fq(decimal: BN254.p) == nil)
        #expect(Fr(decimal: BN254.r) == nil)
        #expect(Fr(decimal: BN254.p) == nil)  // p > r
        #expect(Fr(decimal: (BigInt(BN254.r) + BigInt(1)).description) == nil)
        #expect(Fr(decimal: BigInt(2).power(256).description) == nil)
        #expect(Fr(decimal: String(repeating: "9", count: 100)) == nil)
        for bad in ["", "-1", "+1", "12a", " 1", "1 ", "0x10", "1.0"] { #expect(Fr(decimal: bad) == nil) }
        #expect(Fr(decimal: "000123") == Fr(123))
        #expect(Fr(decimal: "0") == .zero)
        #expect(Fr(-5) == -Fr(5))
        #expect(Fr(0).description == "0")
    }

    @Test func limbAndByteConversionsRejectOutOfRange() {
        #expect(Fr(canonicalLimbs: Fr.modulusLimbs) == nil)
        #expect(Fr(canonicalLimbs: [1, 2, 3]) == nil)
        #expect(Fr(canonicalLimbs: [7, 0, 0, 0]) == Fr(7))
        #expect(Fr(littleEndianBytes: [UInt8](repeating: 0xff, count: 32)) == nil)
        #expect(Fr(littleEndianBytes: [1] + [UInt8](repeating: 0, count: 31)) == .one)
        #expect(Fr(littleEndianBytes: [1]) == nil)
        #expect(Fr(258).littleEndianBytes.prefix(3) == [2, 1, 0])
        let r = limbsArray(Fr.montgomery.r)  // Montgomery form of 1
        #expect(Fr(checkedMontgomeryLimbs: r) == .one)
        #expect(Fr(checkedMontgomeryLimbs: Fr.modulusLimbs) == nil)
        #expect(Fr(checkedMontgomeryLimbs: [1]) == nil)
    }
}
