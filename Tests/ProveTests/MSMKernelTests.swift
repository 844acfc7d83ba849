// MSM internals against their oracles: the window plan and signed digits reconstruct every
// scalar, the batch-affine bucket kernel equals the Jacobian one, with the fused IFMA kernel and
// with the generic code (including collisions, P = bucket, P = −bucket and infinity, and with
// many distinct points in full batches), and size-class splitting (small, large and small
// negative scalars in one call, zeros, infinity) equals `msmNaive`.

@testable import Prove
import Testing

@Suite struct MSMKernelTests {
    @Test(arguments: [(1, 1), (1, 254), (5, 16), (1000, 33), (1 << 14, 64), (1 << 16, 254), (1 << 20, 254), (1 << 20, 16)])
    func planCoversEveryBit(count: Int, maxBits: Int) {
        let plan = MSM.plan(count: count, maxBits: maxBits, cores: 2)
        #expect(plan.windowBits >= 1 && plan.windowBits <= 18)
        #expect(plan.windowCount * plan.windowBits > maxBits)
        #expect(plan.chunkCount >= 1)
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

    @Test func batchAffineMatchesJacobianBuckets() {
        // Few distinct points and many digits per bucket: most additions collide in a batch,
        // hit P = bucket (doubling) or P = −bucket (infinity), or add infinity.
        var generator = SeededGenerator(seed: 95)
        let distinct = G1Jacobian.batchToAffine((1...5).map { G1Jacobian.generator.multiplied(by: Fr(UInt64($0))) })
        let points = (0..<3000).map { i -> G1Affine in i % 101 == 0 ? .infinity : distinct[i % 5] }
        let bucketCount = 256
        let digits = (0..<3000).map { i -> Int32 in
            i % 7 == 0 ? Int32(i % 3 == 0 ? 1 : -1) : Int32(Int(generator.next() % UInt64(2 * bucketCount + 1)) - bucketCount)
        }
        let indices = (0..<Int32(3000)).map { $0 }
        for range in [0..<3000, 17..<1234] {
            let slow: G1Jacobian = MSM.bucketSum(points, digits: digits, indices: indices, digitRange: range,
                                                 indexOffset: 0, bucketCount: bucketCount)
            for fused in [true, false] {
                let fast: G1Jacobian = MSM.bucketSumBatchAffine(points, digits: digits, indices: indices, digitRange: range,
                                                                indexOffset: 0, bucketCount: bucketCount, fusedKernel: fused)
                #expect(fast == slow)
            }
        }
    }

    @Test func batchAffineMatchesJacobianBucketsWithDistinctPoints() {
        // Distinct points and 4096 buckets: full batches of 256 additions with few collisions
        // (on G1 with IFMA, the fused kernel's normal case), and a digit range whose last batch
        // is not a multiple of eight.
        var generator = SeededGenerator(seed: 98)
        let count = 20_000
        let points = ProveBench.distinctPoints(G1Jacobian.self, count: count, using: &generator)
        let bucketCount = 4096
        let digits = (0..<count).map { _ in Int32(Int(generator.next() % UInt64(2 * bucketCount + 1)) - bucketCount) }
        let indices = (0..<Int32(count)).map { $0 }
        for range in [0..<count, 3..<13_338] {
            let slow: G1Jacobian = MSM.bucketSum(points, digits: digits, indices: indices, digitRange: range,
                                                 indexOffset: 0, bucketCount: bucketCount)
            for fused in [true, false] {
                let fast: G1Jacobian = MSM.bucketSumBatchAffine(points, digits: digits, indices: indices, digitRange: range,
                                                                indexOffset: 0, bucketCount: bucketCount, fusedKernel: fused)
                #expect(fast == slow)
            }
        }
    }

    @Test func batchAffineMatchesJacobianBucketsWithDistinctPointsOnG2() {
        var generator = SeededGenerator(seed: 99)
        let count = 3000
        let points = ProveBench.distinctPoints(G2Jacobian.self, count: count, using: &generator)
        let bucketCount = 2048
        let digits = (0..<count).map { _ in Int32(Int(generator.next() % UInt64(2 * bucketCount + 1)) - bucketCount) }
        let indices = (0..<Int32(count)).map { $0 }
        let slow: G2Jacobian = MSM.bucketSum(points, digits: digits, indices: indices, digitRange: 5..<count,
                                             indexOffset: 0, bucketCount: bucketCount)
        for fused in [true, false] {
            let fast: G2Jacobian = MSM.bucketSumBatchAffine(points, digits: digits, indices: indices, digitRange: 5..<count,
                                                            indexOffset: 0, bucketCount: bucketCount, fusedKernel: fused)
            #expect(fast == slow)
        }
    }

    @Test func batchAffineMatchesJacobianBucketsOnG2() {
        var generator = SeededGenerator(seed: 96)
        let distinct = G2Jacobian.batchToAffine((1...3).map { G2Jacobian.generator.multiplied(by: Fr(UInt64($0 * 11))) })
        let points = (0..<400).map { distinct[$0 % 3] }
        let digits = (0..<400).map { _ in Int32(Int(generator.next() % 513) - 256) }
        let indices = (0..<Int32(400)).map { $0 }
        let slow: G2Jacobian = MSM.bucketSum(points, digits: digits, indices: indices, digitRange: 0..<400,
                                             indexOffset: 0, bucketCount: 256)
        for fused in [true, false] {
            let fast: G2Jacobian = MSM.bucketSumBatchAffine(points, digits: digits, indices: indices, digitRange: 0..<400,
                                                            indexOffset: 0, bucketCount: 256, fusedKernel: fused)
            #expect(fast == slow)
        }
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
