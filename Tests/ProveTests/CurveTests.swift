// Group laws written once over `JacobianPoint` and run for G1 and G2, plus generator,
// order, subgroup and representation checks.

import Prove
import Testing
import Support

/// Checks the group axioms and scalar-multiplication identities for `G`.
func checkGroupLaws<G: JacobianPoint>(_ type: G.Type, seed: UInt64) {
    var generator = SeededGenerator(seed: seed)
    // Full-size scalars for the scalar identities; 64-bit ones for the sample points (debug
    // builds are slow and the group laws do not care how a point was made).
    let scalars = (0..<2).map { _ in Fr.random(using: &generator) }
    let points = [G.zero, G.generator, G.generator.doubled()]
        + (0..<3).map { _ in G.generator.multiplied(by: Fr(generator.next())) }
    for p in points {
        #expect(p.isOnCurve)
        #expect(p + .zero == p)
        #expect(G.zero + p == p)
        #expect(p + (-p) == .zero)
        #expect(p - p == .zero)
        #expect(p.doubled() == p + p)
        #expect(p.adding(p.toAffine()) == p.doubled())
        #expect(G(p.toAffine()) == p)
        #expect(p == p.toAffine())
        #expect(p.toAffine() == p)
        for q in points.prefix(4) {
            #expect(p + q == q + p)
            #expect(p.adding(q.toAffine()) == p + q)
            for s in points.prefix(3) { #expect((p + q) + s == p + (q + s)) }
        }
    }
    let (a, b) = (scalars[0], scalars[1])
    let g = G.generator
    #expect(g.multiplied(by: a + b) == g.multiplied(by: a) + g.multiplied(by: b))
    let aG = g.multiplied(by: a)
    #expect(g.multiplied(by: a * b) == aG.multiplied(by: b))
    #expect(g.multiplied(by: -a) == -aG)
    #expect(g.multiplied(by: .zero) == .zero)
    #expect(g.multiplied(by: .one) == g)
    #expect(g.multiplied(byInteger: Fr.modulusLimbs) == .zero)
    #expect(g.multiplied(byInteger: Fr.modulusLimbs + [0]) == .zero)
    #expect(G.zero.multiplied(by: a) == .zero)
    for limbs: [UInt64] in [[], [0], [1], [7], [8], [15], [UInt64.max], [UInt64.max, UInt64.max], a.canonicalLimbs] {
        #expect(g.multiplied(byInteger: limbs) == g.multipliedNaive(byInteger: limbs))
    }
    #expect(G.batchToAffine(points) == points.map { $0.toAffine() })
    #expect(g != g.doubled())
    #expect(g != .zero)
}

@Suite struct CurveTests {
    @Test func g1Laws() { checkGroupLaws(G1Jacobian.self, seed: 31) }
    @Test func g2Laws() { checkGroupLaws(G2Jacobian.self, seed: 32) }

    /// Infinity is (0, 0), which no curve point is, so affine points carry no flag.
    @Test func affineInfinityIsZeroZero() {
        #expect(G1Affine.infinity.isInfinity && G2Affine.infinity.isInfinity)
        #expect(G1Affine(uncheckedX: .zero, y: .zero) == .infinity)
        #expect(G1Affine(x: .zero, y: .zero) == nil && G2Affine(x: .zero, y: .zero) == nil)
        #expect(!G1Affine.generator.isInfinity && !G2Affine.generator.isInfinity)
        #expect(G1Jacobian(G1Affine.infinity).isZero)
        #expect(G1Jacobian.zero.toAffine() == .infinity)
        #expect(MemoryLayout<G1Affine>.stride == 64 && MemoryLayout<G2Affine>.stride == 128)
    }

    @Test func generatorsAreOnTheirCurves() {
        #expect(G1Affine.generator.isOnCurve)
        #expect(G2Affine.generator.isOnCurve)
        #expect(G2Affine.generator.isInSubgroup)
        #expect(G1Affine(x: 1, y: 3) == nil)
        #expect(G1Affine(x: 1, y: 2) == G1Affine.generator)
        #expect(G2Affine.b * Fq2.xi == Fq2(3, 0))
        #expect(G1Affine.infinity.isOnCurve)
        #expect(G2Affine.infinity.isInSubgroup)
    }

    @Test func g2SubgroupCheckRejectsTwistPointOfWrongOrder() throws {
        // x = 2 + u: the first t ≥ 1 with t + u the abscissa of a twist point (as in the vectors).
        var found: G2Affine?
        var t: UInt64 = 1
        while found == nil {
            let x = Fq2(Fq(t), .one)
            if let y = (x.squared() * x + G2Affine.b).squareRoot() { found = G2Affine(x: x, y: y) }
            t += 1
        }
        let point = try #require(found)
        #expect(point.isOnCurve)
        #expect(!point.isInSubgroup)
        #expect(!G2Jacobian(point).isInSubgroup)
    }
}

/// The ψ-based G2 subgroup check against [r]P = O on subgroup points, random twist points
/// (order r·c), points of the small order 10069 dividing the cofactor c, and mixtures.
@Suite struct G2SubgroupTests {
    static var cofactor: BigInt { BigInt("21888242871839275222246405745257275088844257914179612981679871602714643921549") }

    /// A twist point with abscissa t + u for the first t ≥ start that has one.
    static func twistPoint(start: UInt64) -> G2Jacobian {
        var t = start
        while true {
            let x = Fq2(Fq(t), .one)
            if let y = (x.squared() * x + G2Affine.b).squareRoot(), let point = G2Affine(x: x, y: y) {
                return G2Jacobian(point)
            }
            t += 1
        }
    }

    @Test func psiActsAsMultiplicationByPOnG2() {
        let q = G2Jacobian.generator.multiplied(by: 77)
        let p = Fr(decimal: (BigInt(BN254.p) % BigInt(BN254.r)).description)!
        #expect(q.psi() == q.multiplied(by: p))
        #expect(G2Affine.generator.psi() == G2Jacobian.generator.psi())
    }

    @Test func fastCheckAgreesWithNaive() {
        let r = BigInt(BN254.r)
        let smallOrderMultiplier = (r * Self.cofactor / BigInt(10069)).limbs(count: 8)
        var points = [G2Jacobian.zero, .generator, G2Jacobian.generator.multiplied(by: 12345)]
        for start: UInt64 in [1, 5, 17] {
            let q = Self.twistPoint(start: start)
            let small = q.multiplied(byInteger: smallOrderMultiplier)
            points += [q, small, small + .generator, q.multiplied(byInteger: r.limbs(count: 4))]
        }
        for point in points {
            #expect(point.isOnCurve)
            #expect(point.isInSubgroup == point.isInSubgroupNaive)
        }
        #expect(points.filter(\.isInSubgroup).count == 3)
    }
}
