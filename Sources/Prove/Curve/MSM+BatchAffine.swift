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
        let lanes = 4  // a power of two
        let laneProduct = Scratch<F>(count: lanes, value: .one), lanePrefix = Scratch<F>(count: lanes, value: .one)
        var epoch: Int32 = 0
        var filled = 0

        // Applies the pending batch: λ = (y_P − y_B)/(x_P − x_B), x₃ = λ² − x_B − x_P,
        // y₃ = λ(x_B − x₃) − y_B, with all denominators inverted at once. Montgomery's trick
        // runs as `lanes` interleaved chains (entry i in lane i mod lanes): one chain would
        // wait out a multiplication's latency per entry, interleaved ones keep the
        // multiplier busy. The additions then run in a loop of independent iterations.
        func flush() {
            guard filled > 0 else { return }
            for lane in 0..<lanes { laneProduct[lane] = .one }
            for i in 0..<filled {
                let lane = i & (lanes - 1)
                prefix[i] = laneProduct[lane]
                laneProduct[lane] = laneProduct[lane] * denominator[i]
            }
            invertLaneProducts()
            for i in stride(from: filled - 1, through: 0, by: -1) {
                let lane = i & (lanes - 1)
                let inverse = laneProduct[lane]
                laneProduct[lane] = inverse * denominator[i]
                denominator[i] = inverse * prefix[i]  // now 1/(x_P − x_B)
            }
            // Two additions side by side (their buckets differ: a batch takes a bucket once):
            // each is a chain of three dependent products, too long for the out-of-order
            // window to overlap with the next iteration's on its own.
            var i = 0
            while i + 1 < filled {
                let b = batchBucket[i], c = batchBucket[i + 1]
                let xB = buckets[b].x, yB = buckets[b].y, xC = buckets[c].x, yC = buckets[c].y
                let lambdaB = (pointY[i] - yB) * denominator[i], lambdaC = (pointY[i + 1] - yC) * denominator[i + 1]
                let squareB = lambdaB.squared(), squareC = lambdaC.squared()
                let x3B = squareB - xB - pointX[i], x3C = squareC - xC - pointX[i + 1]
                let y3B = lambdaB * (xB - x3B), y3C = lambdaC * (xC - x3C)
                buckets[b].x = x3B
                buckets[b].y = y3B - yB
                buckets[c].x = x3C
                buckets[c].y = y3C - yC
                i += 2
            }
            if i < filled {
                let b = batchBucket[i]
                let xB = buckets[b].x, yB = buckets[b].y
                let lambda = (pointY[i] - yB) * denominator[i]
                let x3 = lambda.squared() - xB - pointX[i]
                buckets[b].y = lambda * (xB - x3) - yB
                buckets[b].x = x3
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
