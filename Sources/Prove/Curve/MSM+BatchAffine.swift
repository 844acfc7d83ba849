// Pippenger's bucket accumulation with affine buckets and batched inversion ("batch affine":
// gnark-crypto's `processChunkG1BatchAffine` in ecc/bn254/multiexp_affine.go, after ePrint
// 2022/1396 §5.3): up to `batchSize` independent additions bucket ← bucket + P share one field
// inversion by Montgomery's trick, so an addition costs ~6 multiplications instead of madd's 11.
// Where gnark queues a conflicting addition (bucket already in the batch, or P = ±bucket, which
// would need a doubling or give infinity), this kernel adds it at once into a Jacobian twin of
// the bucket with madd; the bucket's value is the sum of both. Not constant-time.

extension MSM {
    /// The number of buckets from which batch-affine accumulation pays off (smaller windows
    /// use `bucketSum`): batches of buckets/16 additions, and a ~380-multiplication inversion
    /// shared by fewer than ~80 additions costs more than madd saves.
    static let batchAffineMinimumBuckets = 2048

    /// Additions per shared inversion: large enough to amortise the inversion, small enough
    /// (1/16 of the buckets) that few additions collide with a bucket already in the batch.
    static func batchSize(bucketCount: Int) -> Int { max(1, min(1024, bucketCount / 16)) }

    /// Same contract as `bucketSum`: Σ_k digits[k]·points[indices[k − indexOffset]] over k in
    /// `digitRange`, with |digit| ≤ bucketCount.
    static func bucketSumBatchAffine<G: JacobianPoint>(_ points: [G.Affine], digits: [Int32], indices: [Int32],
                                                       digitRange: Range<Int>, indexOffset: Int,
                                                       bucketCount: Int) -> G {
        typealias F = G.Base
        let batchSize = batchSize(bucketCount: bucketCount)
        // Buckets: affine part (one cache line or two per bucket), Jacobian part.
        let buckets = Scratch<AffineBucket<F>>(count: bucketCount, value: AffineBucket())
        let overflow = Scratch<G>(count: bucketCount, value: .zero)
        // The pending batch: bucket index, the point's coordinates, x_P − x_bucket (inverted in
        // place by `flush`), prefix products.
        let batchBucket = Scratch<Int>(count: batchSize, value: 0)
        let pointX = Scratch<F>(count: batchSize, value: .zero)
        let pointY = Scratch<F>(count: batchSize, value: .zero)
        let denominator = Scratch<F>(count: batchSize, value: .zero)
        let prefix = Scratch<F>(count: batchSize, value: .zero)
        // Montgomery's trick in `lanes` chains (a power of two), and the additions' operands.
        let lanes = 8
        let laneProduct = Scratch<F>(count: lanes, value: .one), lanePrefix = Scratch<F>(count: lanes, value: .one)
        let laneInverse = Scratch<F>(count: lanes, value: .one)
        let bucketX = Scratch<F>(count: lanes, value: .zero), bucketY = Scratch<F>(count: lanes, value: .zero)
        let lambda = Scratch<F>(count: lanes, value: .zero), square = Scratch<F>(count: lanes, value: .zero)
        var epoch: Int32 = 0
        var filled = 0

        // Applies the pending batch: λ = (y_P − y_B)/(x_P − x_B), x₃ = λ² − x_B − x_P,
        // y₃ = λ(x_B − x₃) − y_B, with all denominators inverted at once. Montgomery's trick
        // runs as eight interleaved chains (entry i in lane i mod 8), so that each step is one
        // `F.multiply` of eight independent products (one vector product for Fq); the
        // additions then run eight at a time too, their bucket coordinates gathered first.
        func flush() {
            guard filled > 0 else { return }
            let full = filled & ~(lanes - 1)
            for lane in 0..<lanes { laneProduct[lane] = .one }
            for group in stride(from: 0, to: full, by: lanes) {
                (prefix.base + group).update(from: laneProduct.base, count: lanes)
                F.multiply(laneProduct.base, denominator.base + group, into: laneProduct.base, count: lanes)
            }
            for i in full..<filled {
                prefix[i] = laneProduct[i - full]
                laneProduct[i - full] = laneProduct[i - full] * denominator[i]
            }
            invertLaneProducts()
            // Backwards, each lane's chain in its own order: the partial group first.
            for i in stride(from: filled - 1, through: full, by: -1) {
                let inverse = laneProduct[i - full]
                laneProduct[i - full] = inverse * denominator[i]
                denominator[i] = inverse * prefix[i]  // now 1/(x_P − x_B)
            }
            for group in stride(from: full - lanes, through: 0, by: -lanes) {
                laneInverse.base.update(from: laneProduct.base, count: lanes)
                F.multiply(laneProduct.base, denominator.base + group, into: laneProduct.base, count: lanes)
                F.multiply(laneInverse.base, prefix.base + group, into: denominator.base + group, count: lanes)
            }
            for group in stride(from: 0, to: filled, by: lanes) {
                let count = min(lanes, filled - group)
                for k in 0..<count {
                    let b = batchBucket[group + k]
                    bucketX[k] = buckets[b].x
                    bucketY[k] = buckets[b].y
                    lambda[k] = pointY[group + k] - bucketY[k]
                }
                F.multiply(lambda.base, denominator.base + group, into: lambda.base, count: count)
                F.multiply(lambda.base, lambda.base, into: square.base, count: count)
                for k in 0..<count {
                    let x3 = square[k] - bucketX[k] - pointX[group + k]
                    square[k] = bucketX[k] - x3
                    buckets[batchBucket[group + k]].x = x3
                }
                F.multiply(lambda.base, square.base, into: square.base, count: count)
                for k in 0..<count { buckets[batchBucket[group + k]].y = square[k] - bucketY[k] }
            }
            filled = 0
            epoch += 1
        }

        // laneProduct[l] ← 1/laneProduct[l] for every lane with one inversion (Montgomery's
        // trick on the lane products; every product is nonzero: denominators are nonzero
        // by construction, and lanes without entries hold 1).
        func invertLaneProducts() {
            var accumulator = F.one
            for lane in 0..<lanes {
                lanePrefix[lane] = accumulator
                accumulator = accumulator * laneProduct[lane]
            }
            var inverse = accumulator.inverse ?? .zero
            for lane in stride(from: lanes - 1, through: 0, by: -1) {
                let laneInverse = inverse * lanePrefix[lane]
                inverse = inverse * laneProduct[lane]
                laneProduct[lane] = laneInverse
            }
        }

        points.withUnsafeBufferPointer { p in
            digits.withUnsafeBufferPointer { d in
                indices.withUnsafeBufferPointer { idx in
                    for k in digitRange {
                        let digit = d[k]
                        if digit == 0 { continue }
                        var point = p[Int(idx[k - indexOffset])]
                        if point.isInfinity { continue }
                        let b: Int
                        if digit > 0 {
                            b = Int(digit) - 1
                        } else {
                            b = Int(-digit) - 1
                            point = point.negated()
                        }
                        let bucket = buckets.base + b
                        if !bucket.pointee.occupied {
                            bucket.pointee.x = point.x
                            bucket.pointee.y = point.y
                            bucket.pointee.occupied = true
                        } else if bucket.pointee.scheduled == epoch || bucket.pointee.x == point.x {
                            overflow[b] = overflow[b].adding(point)
                        } else {
                            bucket.pointee.scheduled = epoch
                            batchBucket[filled] = b
                            pointX[filled] = point.x
                            pointY[filled] = point.y
                            denominator[filled] = point.x - bucket.pointee.x
                            filled += 1
                            if filled == batchSize { flush() }
                        }
                    }
                }
            }
        }
        flush()

        var running = G.zero, sum = G.zero
        for b in stride(from: bucketCount - 1, through: 0, by: -1) {
            let jacobian = overflow[b]
            if buckets[b].occupied {
                let affine = G.Affine(uncheckedX: buckets[b].x, y: buckets[b].y)
                running = jacobian.isZero ? running.adding(affine) : running + jacobian.adding(affine)
            } else if !jacobian.isZero {
                running = running + jacobian
            }
            sum = sum + running
        }
        return sum
    }
}

/// An affine bucket: (x, y) valid if `occupied`; `scheduled` is the batch that last took it.
struct AffineBucket<F: Field> {
    var x = F.zero
    var y = F.zero
    var scheduled: Int32 = -1
    var occupied = false
}

/// A fixed-size scratch buffer, freed when the last reference goes: unsafe storage kept
/// inside the MSM kernel.
final class Scratch<Element> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, value: Element) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: value, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    subscript(index: Int) -> Element {
        @inline(__always) get { base[index] }
        @inline(__always) set { base[index] = newValue }
    }
}
