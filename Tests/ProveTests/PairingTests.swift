// Pairing properties: bilinearity e(aP, bQ) = e(P, Q)^(ab), non-degeneracy, order r,
// infinity, product checks, and the final exponentiation against a plain exponentiation.
// Debug builds are slow, so each test runs only a handful of pairings.

import Prove
import Testing
import Support

@Suite struct PairingTests {
    static let g1 = G1Affine.generator
    static let g2 = G2Affine.generator

    @Test func bilinearity() {
        var generator = SeededGenerator(seed: 41)
        let a = Fr.random(using: &generator), b = Fr.random(using: &generator)
        let p = G1Jacobian.generator.multiplied(by: a).toAffine()
        let q = G2Jacobian.generator.multiplied(by: b).toAffine()
        let e = Pairing.pairing(Self.g1, Self.g2)
        #expect(Pairing.pairing(p, q) == e.pow((a * b).canonicalLimbs))
    }

    @Test func nonDegenerateOfOrderR() {
        let e = Pairing.pairing(Self.g1, Self.g2)
        #expect(e != .one)
        #expect(e.pow(Fr.modulusLimbs) == .one)
    }

    @Test func infinityPairsToOne() {
        #expect(Pairing.pairing(.infinity, Self.g2) == .one)
        #expect(Pairing.pairing(Self.g1, .infinity) == .one)
        #expect(Pairing.productIsOne([]))
    }

    @Test func productChecks() {
        let a = Fr(1234567)
        let aP = G1Jacobian.generator.multiplied(by: a).toAffine()
        let aQ = G2Jacobian.generator.multiplied(by: a).toAffine()
        // e(aP, Q) · e(−P, aQ) = 1, but e(aP, Q) · e(P, aQ) = e(P, Q)^(2a) ≠ 1.
        #expect(Pairing.productIsOne([(aP, Self.g2), (Self.g1.negated(), aQ)]))
        #expect(!Pairing.productIsOne([(aP, Self.g2), (Self.g1, aQ)]))
    }

    /// The fast hard part must equal g^((p⁴ − p² + 1)/r) exactly (not a multiple), checked
    /// with the exponent computed by GMP on a random element after the easy part.
    @Test func finalExponentiationMatchesPlainPower() {
        var generator = SeededGenerator(seed: 42)
        let f = Fq12.random(using: &generator)
        var g = f.conjugated() * f.inverse!
        g = g.frobenius(2) * g
        let p = BigInt(BN254.p), r = BigInt(BN254.r)
        let hard = (p.power(4) - p.power(2) + BigInt(1)) / r
        #expect((p.power(4) - p.power(2) + BigInt(1)) % r == BigInt(0))
        #expect(Pairing.finalExponentiation(f) == g.pow(hard.limbs(count: 12)))
    }
}
