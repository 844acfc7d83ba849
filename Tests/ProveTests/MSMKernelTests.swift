// MSM internals against their oracles: the window plan and signed digits reconstruct every
// scalar, the batch-affine bucket kernel equals the Jacobian one, with the fused IFMA kernel and
// with the generic code (including collisions, P = bucket, P = −bucket and infinity, and with
// many distinct points in full batches), and size-class splitting (small, large and small
// negative scalars in one call, zeros, infinity) equals `msmNaive`.

@testable import Prove
import Testing
import Support

@Suite struct MSMKernelTests {
    @Test(arguments: [(1, 1), (1, 254), (5, 16), (1000, 33), (1 << 14, 64), (1 << 16, 254), (1 << 20, 254), (1 << 20, 16)])
    func planCoversEveryBit(count: Int, maxBits: Int) {
        let plan = MSM.plan(count: count, maxBits: maxBits, cores: 2)
        #expect(plan.windowBits >= 1 && plan.windowBits <= 18)
        #expect(plan.windowCount * plan.windowBits > maxBits)
        #expect(plan.chunkCount >= 1)
    }

    /// The cost model's price of an MSM is the planner's own cost of its plan, except that
    /// batch-affine windows count at the measured share: a Jacobian-only plan (2^10 points)
    /// is priced as the planner prices it, a batch-affine one (2^16) below it where the fused
    /// IFMA kernel makes batch-affine windows cheaper than the planner's weights say.
    @Test func estimatedCostPricesTheChosenPlan() {
        #if MONTGOMERY_IFMA
        #expect(MSM.measuredBatchAffineShare < 1)
        #endif
        for (count, batchAffine) in [(1 << 10 - 1, false), (1 << 16 - 1, true)] {
            let plan = MSM.plan(count: count, maxBits: 254, cores: 2)
            #expect((MSM.bucketCount(window: 0, windowBits: plan.windowBits, maxBits: 254) >= MSM.batchAffineMinimumBuckets) == batchAffine)
            let planner = MSM.cost(of: plan, count: count, maxBits: 254, cores: 2, batchAffineShare: 1)
            let priced = MSM.estimatedCost(count: count, maxBits: 254, cores: 2)
            #expect(priced == MSM.cost(of: plan, count: count, maxBits: 254, cores: 2, batchAffineShare: MSM.measuredBatchAffineShare))
            if batchAffine && MSM.measuredBatchAffineShare < 1 { #expect(priced < 0.6 * planner) } else { #expect(priced == planner) }
        }
    }

    @Test(arguments: [1, 3, 9, 12, 16, 18])
    func signedDigitsReconstructMagnitudes(windowBits c: Int) {
        var generator = SeededGenerator(seed: 90 + UInt64(c))
        var scalars = (0..<40).map { i -> Fr in i % 2 == 0 ? Fr.random(using: &generator) : Fr(Int(generator.next() % 70_000) - 35_000) }
        scalars += [.zero, .one, -Fr.one, Fr(UInt64.max), -Fr(UInt64.max), Fr(1 << 15), Fr(1 << 16), -Fr(1 << 16)]
        let maxBits = scalars.map { MSM.signedMagnitude($0).bits }.max()!
        let windows = maxBits / c + 1
        let indices = (0..<Int32(scalars.count)).map { $0 }
        let digits = MSM.signedDigits(scalars: scalars[...], indices: indices, windowBits: c, windowCount: windows)
        for (k, scalar) in scalars.enumerated() {
            var sum = Fr.zero, power = Fr.one
            for window in 0..<windows {
                let digit = digits[window * scalars.count + k]
                #expect(Int(digit.magnitude) <= MSM.bucketCount(window: window, windowBits: c, maxBits: maxBits))
                sum += Fr(Int(digit)) * power
                power *= Fr(UInt64(1) << UInt64(c))
            }
            #expect(sum == scalar)
        }
    }

    /// `bucketSumBatchAffine`, with the fused kernel and with the generic code, against the
    /// Jacobian `bucketSum` over each of `ranges`.
    func expectBatchAffineMatchesJacobian<G: JacobianPoint>(_ group: G.Type, points: [G.Affine], digits: [Int32],
                                                            ranges: [Range<Int>], bucketCount: Int) {
        let indices = (0..<Int32(points.count)).map { $0 }
        for range in ranges {
            let slow: G = MSM.bucketSum(points, digits: digits, indices: indices, digitRange: range,
                                        indexOffset: 0, bucketCount: bucketCount)
            for fused in [true, false] {
                let fast: G = MSM.bucketSumBatchAffine(points, digits: digits, indices: indices, digitRange: range,
                                                       indexOffset: 0, bucketCount: bucketCount, fusedKernel: fused)
                #expect(fast == slow, "fused kernel: \(fused), digits \(range)")
            }
        }
    }

    /// `count` uniform digits in [−bucketCount, bucketCount].
    func randomDigits(count: Int, bucketCount: Int, using generator: inout SeededGenerator) -> [Int32] {
        (0..<count).map { _ in Int32(Int(generator.next() % UInt64(2 * bucketCount + 1)) - bucketCount) }
    }

    @Test func batchAffineMatchesJacobianBuckets() {
        // Few distinct points and many digits per bucket: most additions collide in a batch,
        // hit P = bucket (doubling) or P = −bucket (infinity), or add infinity.
        var generator = SeededGenerator(seed: 95)
        let distinct = G1Jacobian.batchToAffine((1...5).map { G1Jacobian.generator.multiplied(by: Fr(UInt64($0))) })
        let points = (0..<3000).map { i -> G1Affine in i % 101 == 0 ? .infinity : distinct[i % 5] }
        var digits = randomDigits(count: 3000, bucketCount: 256, using: &generator)
        for i in stride(from: 0, to: 3000, by: 7) { digits[i] = i % 3 == 0 ? 1 : -1 }
        expectBatchAffineMatchesJacobian(G1Jacobian.self, points: points, digits: digits, ranges: [0..<3000, 17..<1234],
                                         bucketCount: 256)
    }

    @Test func batchAffineMatchesJacobianBucketsOnG2() {
        var generator = SeededGenerator(seed: 96)
        let distinct = G2Jacobian.batchToAffine((1...3).map { G2Jacobian.generator.multiplied(by: Fr(UInt64($0 * 11))) })
        let points = (0..<400).map { distinct[$0 % 3] }
        expectBatchAffineMatchesJacobian(G2Jacobian.self, points: points, digits: randomDigits(count: 400, bucketCount: 256, using: &generator),
                                         ranges: [0..<400], bucketCount: 256)
    }

    @Test func batchAffineMatchesJacobianBucketsWithDistinctPoints() {
        // Distinct points and 4096 (G1) or 2048 (G2) buckets: full batches of 256 or 128
        // additions with few collisions (the fused kernel's normal case), and digit ranges whose
        // last batch is not a multiple of eight.
        var generator = SeededGenerator(seed: 98)
        let g1 = G1Jacobian.distinctPoints(count: 20_000, using: &generator)
        expectBatchAffineMatchesJacobian(G1Jacobian.self, points: g1, digits: randomDigits(count: 20_000, bucketCount: 4096, using: &generator),
                                         ranges: [0..<20_000, 3..<13_338], bucketCount: 4096)
        let g2 = G2Jacobian.distinctPoints(count: 3000, using: &generator)
        expectBatchAffineMatchesJacobian(G2Jacobian.self, points: g2, digits: randomDigits(count: 3000, bucketCount: 2048, using: &generator),
                                         ranges: [5..<3000], bucketCount: 2048)
    }

    @Test func batchAffineWeightedSumEdgeCases() {
        // The segmented weighted sum (MSM+BatchReduction.swift): sparse windows, where a
        // segment's running sum and total meet (a doubling) or a running sum returns to
        // infinity (bucket 6 holds P, bucket 5 −P), a window whose bucket count is not a power
        // of two (its last segment is short), and a window with a single point.
        var generator = SeededGenerator(seed: 99)
        let g1 = G1Jacobian.distinctPoints(count: 400, using: &generator)
        var points = g1, digits = randomDigits(count: 400, bucketCount: 2048, using: &generator)
        points[0] = g1[1]
        (digits[0], digits[1]) = (7, -6)
        points[2] = g1[1]
        digits[2] = 5  // bucket 4: P again, after the running sum returned to infinity
        for i in 3..<200 { digits[i] = 0 }
        expectBatchAffineMatchesJacobian(G1Jacobian.self, points: points, digits: digits, ranges: [0..<400, 0..<3, 0..<1],
                                         bucketCount: 2048)
        expectBatchAffineMatchesJacobian(G1Jacobian.self, points: g1, digits: randomDigits(count: 400, bucketCount: 3000, using: &generator),
                                         ranges: [0..<400], bucketCount: 3000)
        let g2 = G2Jacobian.distinctPoints(count: 200, using: &generator)
        var g2Points = g2, g2Digits = randomDigits(count: 200, bucketCount: 2048, using: &generator)
        g2Points[1] = g2[0]
        (g2Digits[0], g2Digits[1]) = (3, -2)
        expectBatchAffineMatchesJacobian(G2Jacobian.self, points: g2Points, digits: g2Digits, ranges: [0..<200, 0..<2],
                                         bucketCount: 2048)
    }

    @Test func signedSumMatchesJacobianBucket() {
        // Digits ±1 and 0 over 9,000 entries (several rounds of the 1,024 accumulators and a
        // partial last one), with repeated points (P = ±accumulator: doublings and infinity)
        // and points at infinity.
        var generator = SeededGenerator(seed: 100)
        let distinct = G1Jacobian.distinctPoints(count: 6000, using: &generator)
        let points = (0..<9000).map { i -> G1Affine in i % 97 == 0 ? .infinity : distinct[i % 7 == 0 ? 0 : i % 6000] }
        let digits = (0..<9000).map { _ in Int32(Int(generator.next() % 3) - 1) }
        let indices = (0..<Int32(9000)).map { $0 }
        for range in [0..<9000, 5..<8200] {
            let slow: G1Jacobian = MSM.bucketSum(points, digits: digits, indices: indices, digitRange: range,
                                                 indexOffset: 0, bucketCount: 1)
            for fused in [true, false] {
                let fast: G1Jacobian = MSM.signedSumBatchAffine(points, digits: digits, indices: indices, digitRange: range,
                                                                indexOffset: 0, fusedKernel: fused)
                #expect(fast == slow, "fused kernel: \(fused), digits \(range)")
            }
        }
        let g2 = G2Jacobian.distinctPoints(count: 1500, using: &generator)
        let g2Points = (0..<2500).map { g2[$0 % 1500] }
        let g2Digits = (0..<2500).map { _ in Int32(Int(generator.next() % 3) - 1) }
        let slow: G2Jacobian = MSM.bucketSum(g2Points, digits: g2Digits, indices: (0..<Int32(2500)).map { $0 },
                                             digitRange: 0..<2500, indexOffset: 0, bucketCount: 1)
        for fused in [true, false] {
            let fast: G2Jacobian = MSM.signedSumBatchAffine(g2Points, digits: g2Digits, indices: (0..<Int32(2500)).map { $0 },
                                                            digitRange: 0..<2500, indexOffset: 0, fusedKernel: fused)
            #expect(fast == slow, "G2, fused kernel: \(fused)")
        }
        // Through `pippenger`: 20,000 bit-wire scalars (1, −1, 0) reach the one-bucket path.
        let bits = (0..<20_000).map { i -> Fr in i % 3 == 0 ? .zero : i % 3 == 1 ? .one : -.one }
        let bitPoints = G1Jacobian.distinctPoints(count: 20_000, using: &generator)
        #expect(MSM.pippenger(bitPoints, bits) as G1Jacobian? == MSM.msmNaive(bitPoints, bits))
    }

    @Test func mixedSmallLargeAndNegativeScalars() {
        // Distinct points; scalars: small positive, small negative (r − k), 30-bit negative,
        // 40-bit, full size, zero, and one wide "public output" (one scalar in every size
        // class), with points at infinity in between.
        var generator = SeededGenerator(seed: 97)
        var point = G1Jacobian.generator.multiplied(by: Fr(987_654_321))
        var jacobian = [G1Jacobian]()
        for _ in 0..<2500 {
            jacobian.append(point)
            point = point.adding(G1Affine.generator)
        }
        var points = G1Jacobian.batchToAffine(jacobian)
        for i in stride(from: 5, to: 2500, by: 211) { points[i] = .infinity }
        let scalars = (0..<2500).map { i -> Fr in
            switch i % 10 {
            case 0: Fr.random(using: &generator)
            case 1: .zero
            case 2: Fr(generator.next() % (1 << 40))
            case 9: -Fr(Int(generator.next() % (1 << 30)))
            case 3, 4, 5: -Fr(Int(generator.next() % 65_536))
            default: Fr(Int(generator.next() % 65_536))
            }
        }
        #expect(MSM.pippenger(points, scalars) as G1Jacobian? == MSM.msmNaive(points, scalars))
        var withOutput = scalars.map { Fr(UInt64($0.canonicalLimbs[0] & 0xffff)) }
        withOutput[7] = Fr(decimal: "12345678901234567890123456789012345678901234567890")!
        #expect(MSM.pippenger(points, withOutput) as G1Jacobian? == MSM.msmNaive(points, withOutput))
    }

    @Test func sliceOfScalarsMatchesArray() {
        // The prover passes the private witness as a slice with a nonzero start index.
        var generator = SeededGenerator(seed: 98)
        let witness = (0..<300).map { i in i % 4 == 0 ? Fr.random(using: &generator) : Fr(Int(generator.next() % 5000) - 2500) }
        let points = (0..<290).map { G1Jacobian.generator.multiplied(by: Fr(UInt64($0 + 3))).toAffine() }
        let fromSlice: G1Jacobian? = MSM.pippenger(points, scalars: witness[10...])
        #expect(fromSlice == MSM.msmNaive(points, Array(witness[10...])))
    }

    @Test func zeroScalarsAndInfinityGiveZero() {
        let points = (1...2000).map { i in i % 2 == 0 ? G1Affine.infinity : G1Affine.generator }
        #expect(MSM.pippenger(points, [Fr](repeating: .zero, count: 2000)) == G1Jacobian.zero)
        let infinities = [G1Affine](repeating: .infinity, count: 2000)
        let scalars = (0..<2000).map { Fr(UInt64($0)) - Fr(1000) }
        #expect(MSM.pippenger(infinities, scalars) == G1Jacobian.zero)
    }
}
