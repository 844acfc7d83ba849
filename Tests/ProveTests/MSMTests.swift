// Pippenger MSM against the naive sum, for G1 and G2, with full-size, small, zero and
// extreme scalars and points at infinity.

import Prove
import Testing
import Support

func checkMSM<G: JacobianPoint>(_ type: G.Type, count: Int, seed: UInt64, small: Bool) {
    var generator = SeededGenerator(seed: seed)
    let base = G.generator
    let points = (0..<count).map { i in
        i == 3 ? G.Affine.infinity : base.multiplied(by: Fr(UInt64(i * 7 + 1))).toAffine()
    }
    // Small scalars are small positive or small negative integers (r − k), as in ML witnesses.
    var scalars = (0..<count).map { _ in small ? Fr(Int(generator.next() % 2000) - 1000) : Fr.random(using: &generator) }
    if count > 2 { scalars[0] = -Fr.one; scalars[1] = .zero }
    #expect(MSM.pippenger(points, scalars) as G? == MSM.msmNaive(points, scalars))
}

@Suite struct MSMTests {
    @Test(arguments: [0, 1, 2, 7, 33])  // 33 ≥ 32 selects wider windows
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

/// Larger inputs (wider windows) with repeated and opposite points (equal and opposite
/// bucket additions) and infinity. The points repeat a few distinct ones, so the oracle sums
/// the scalars per distinct point first (cheap in debug builds).
@Suite struct MSMLargeInputTests {
    @Test func g1MatchesNaiveWithCoincidences() {
        var generator = SeededGenerator(seed: 80)
        let distinct = (1...40).map { G1Jacobian.generator.multiplied(by: Fr(UInt64($0))) }
        let affine = G1Jacobian.batchToAffine(distinct)
        let points = (0..<600).map { i -> G1Affine in
            if i % 97 == 0 { return .infinity }
            let p = affine[i % 40]
            return i % 3 == 0 ? p.negated() : p
        }
        let scalars = (0..<600).map { i in i % 50 == 0 ? Fr.random(using: &generator) : Fr(Int(generator.next() % 512) - 256) }
        var perPoint = [Fr](repeating: .zero, count: 40)
        for i in 0..<600 where i % 97 != 0 { perPoint[i % 40] += i % 3 == 0 ? -scalars[i] : scalars[i] }
        #expect(MSM.pippenger(points, scalars) == MSM.msmNaive(affine, perPoint) as G1Jacobian?)
    }

    @Test func g2MatchesNaive() {
        var generator = SeededGenerator(seed: 81)
        let distinct = G2Jacobian.batchToAffine((1...8).map { G2Jacobian.generator.multiplied(by: Fr(UInt64($0 * 1000))) })
        let points = (0..<520).map { distinct[$0 % 8] }
        let scalars = (0..<520).map { _ in Fr(Int(generator.next() % 64) - 32) }
        var perPoint = [Fr](repeating: .zero, count: 8)
        for i in 0..<520 { perPoint[i % 8] += scalars[i] }
        #expect(MSM.pippenger(points, scalars) == MSM.msmNaive(distinct, perPoint) as G2Jacobian?)
    }
}
