// Frobenius maps against plain exponentiation by p, and the start-up coefficients against
// ξ^((p^k − 1)/6) computed with a GMP exponent.

import Prove
import Testing
import Support

@Suite struct FrobeniusTests {
    static let p: [UInt64] = Fq.modulusLimbs

    @Test func fq2FrobeniusIsPowerP() {
        var generator = SeededGenerator(seed: 21)
        let x = Fq2.random(using: &generator)
        #expect(x.frobenius(1) == x.pow(Self.p))
        #expect(x.frobenius(2) == x)
    }

    @Test func fq6FrobeniusIsPowerP() {
        var generator = SeededGenerator(seed: 22)
        let x = Fq6.random(using: &generator)
        let xp = x.pow(Self.p)
        #expect(x.frobenius(1) == xp)
        #expect(x.frobenius(2) == xp.pow(Self.p))
        #expect(x.frobenius(3) == x.frobenius(1).frobenius(2))
        #expect(x.frobenius(6) == x)
    }

    @Test func fq12FrobeniusIsPowerP() {
        var generator = SeededGenerator(seed: 23)
        let x = Fq12.random(using: &generator)
        #expect(x.frobenius(1) == x.pow(Self.p))
        var iterated = x
        for k in 1...12 {
            iterated = iterated.frobenius(1)
            #expect(x.frobenius(k) == iterated)
        }
        #expect(x.frobenius(6) == x.conjugated())
    }

    @Test func coefficientsMatchGMPExponents() {
        let p = BigInt(BN254.p)
        let table = FrobeniusCoefficients.shared
        for k: UInt in [1, 2, 3, 6, 11] {
            let exponent = (p.power(k) - BigInt(1)) / BigInt(6)
            let limbs = exponent.limbs(count: 48)  // p^11 < 2^2794
            #expect(table.w[Int(k)] == Fq2.xi.pow(limbs))
            #expect(table.v[Int(k)] == Fq2.xi.pow(limbs).squared())
        }
    }
}

@Suite struct CyclotomicTests {
    @Test func cyclotomicSquaringMatchesSquaringInTheSubgroup() {
        var generator = SeededGenerator(seed: 24)
        for _ in 0..<3 {
            let f = Fq12.random(using: &generator)
            var g = f.conjugated() * f.inverse!  // f^(p⁶ − 1)
            g = g.frobenius(2) * g               // ·^(p² + 1): now in the cyclotomic subgroup
            #expect(g.cyclotomicSquared() == g.squared())
            #expect(g.conjugated() == g.inverse)
        }
    }
}
