// Pippenger MSM against the naive sum, for G1 and G2, with full-size, small, zero and
// extreme scalars and points at infinity.

import Prove
import Testing

func checkMSM<G: JacobianPoint>(_ type: G.Type, count: Int, seed: UInt64, small: Bool) {
    var generator = SeededGenerator(seed: seed)
    let base = G.generator
    let points = (0..<count).map { i in
        i == 3 ? G.Affine.infinity : base.multiplied(by: Fr(UInt64(i * 7 + 1))).toAffine()
    }
    var scalars = (0..<count).map { _ in small ? Fr(generator.next() % 1000) : Fr.random(using: &generator) }
    if count > 2 { scalars[0] = -Fr.one; scalars[1] = .zero }
    #expect(MSM.pippenger(points, scalars) as G? == MSM.msmNaive(points, scalars))
}

@Suite struct MSMTests {
    @Test(arguments: [0, 1, 2, 7, 40])
    func g1MatchesNaive(count: Int) { checkMSM(G1Jacobian.self, count: count, seed: 70 + UInt64(count), small: false) }

    @Test func g1SmallScalars() { checkMSM(G1Jacobian.self, count: 50, seed: 71, small: true) }
    @Test func g2MatchesNaive() { checkMSM(G2Jacobian.self, count: 9, seed: 72, small: false) }

    @Test func rejectsMismatchedCounts() {
        let result: G1Jacobian? = MSM.pippenger([G1Affine.generator], [])
        #expect(result == nil)
    }

    @Test func signedDigitsReconstructScalars() {
        // 2^c windows must reproduce the scalar, including r − 1 and values with carries.
        let points = [G1Affine.generator, G1Affine.generator]
        let scalars = [-Fr.one, Fr(UInt64.max)]
        let expected = G1Jacobian.generator.multiplied(by: scalars[0] + scalars[1])
        #expect(MSM.pippenger(points, scalars) == expected)
    }
}
