// Pippenger's bucket accumulation with affine buckets and batched inversion ("batch affine":
// gnark-crypto's `processChunkG1BatchAffine` in ecc/bn254/multiexp_affine.go, after ePrint
// 2022/1396 §5.3): up to `batchSize` independent additions bucket ← bucket + P share one field
// inversion by Montgomery's trick, so an addition costs ~6 multiplications instead of madd's 11.
// Where gnark queues a conflicting addition (bucket already in the batch, or P = ±bucket, which
// would need a doubling or give infinity), this kernel adds it at once into a Jacobian twin of
// the bucket with madd; the bucket's value is the sum of both. With AVX-512 IFMA the batch is
// applied by the fused kernel of CMontgomeryBatchAffine.h (G1 and G2), elsewhere by `flush`'s
// generic code below. Not constant-time.
#if MONTGOMERY_IFMA
import CMontgomery
#endif

extension MSM {
    /// The number of buckets from which batch-affine accumulation pays off (smaller windows
    /// use `bucketSum`): batches of buckets/16 additions, and a ~380-multiplication inversion
    /// shared by fewer than ~80 additions costs more than madd saves.
    static let batchAffineMinimumBuckets = 2048

    /// Additions per shared inversion: large enough to amortise the inversion, small enough
    /// (1/16 of the buckets) that few additions collide with a bucket already in the batch.
    static func batchSize(bucketCount: Int) -> Int { max(1, min(1024, bucketCount / 16)) }

    /// The state of a bucket no point has reached yet; otherwise the state is the batch
    /// (`epoch`) that last scheduled an addition into it, or −1 before the first.
    static let emptyBucket = Int32.min

    /// Same contract as `bucketSum`: Σ_k digits[k]·points[indices[k − indexOffset]] over k in
    /// `digitRange`, with |digit| ≤ bucketCount. `fusedKernel: false` keeps to the generic
    /// code where the IFMA kernel exists (so that the tests can compare the two).
    static func bucketSumBatchAffine<G: JacobianPoint>(_ points: [G.Affine], digits: [Int32], indices: [Int32],
                                                       digitRange: Range<Int>, indexOffset: Int,
                                                       bucketCount: Int, fusedKernel: Bool = true) -> G {
        typealias F = G.Base
        let batchSize = batchSize(bucketCount: bucketCount)
        // Buckets: affine part (whole cache lines: 64 bytes on G1) and one scratch bucket past
        // the end for the fused kernel's padding entries; each bucket's state (`emptyBucket`,
        // or the last batch that took it) apart, so that the 2^15 buckets of a 16-bit window
        // fill 2 MiB rather than 2.3; Jacobian part.
        let buckets = Scratch<AffineBucket<F>>(count: bucketCount + 1, value: AffineBucket(), alignment: 64)
        let state = Scratch<Int32>(count: bucketCount, value: emptyBucket)
        let overflow = Scratch<G>(count: bucketCount, value: .zero)
        // The pending batch (room for padding to a multiple of eight): bucket index, the
        // point's coordinates, x_P − x_bucket (inverted in place by `flush`), prefix products.
        let batchBucket = Scratch<Int>(count: batchSize + 7, value: 0)
        let pointX = Scratch<F>(count: batchSize + 7, value: .zero)
        let pointY = Scratch<F>(count: batchSize + 7, value: .zero)
        let denominator = Scratch<F>(count: batchSize + 7, value: .zero)
        let prefix = Scratch<F>(count: batchSize + 7, value: .zero)
        #if MONTGOMERY_IFMA
        let fused = fusedKernel ? FusedBatch<F>(capacity: batchSize + 7) : nil
        #endif
        // Montgomery's trick in `lanes` chains (a power of two), and the additions' operands.
        let lanes = 8
        let laneProduct = Scratch<F>(count: lanes, value: .one)
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
            #if MONTGOMERY_IFMA
            if let fused {
                // Pad to whole groups of eight: entries for the scratch bucket with denominator 1.
                while filled & 7 != 0 {
                    batchBucket[filled] = bucketCount
                    (pointX[filled], pointY[filled], denominator[filled]) = (.zero, .zero, .one)
                    filled += 1
                }
                fused.apply(groups: filled / 8, buckets: buckets.base, bucketIndex: batchBucket.base,
                            pointX: pointX.base, pointY: pointY.base, denominator: denominator.base)
                filled = 0
                epoch += 1
                return
            }
            #endif
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

        // laneProduct[l] ← 1/laneProduct[l] for every lane, with one inversion (`batchInvert`;
        // every product is nonzero: denominators are nonzero by construction, and lanes
        // without entries hold 1).
        func invertLaneProducts() {
            var products = Array(UnsafeBufferPointer(start: laneProduct.base, count: lanes))
            F.batchInvert(&products)
            laneProduct.base.update(from: products, count: lanes)
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
                        if state[b] == emptyBucket {
                            bucket.pointee.x = point.x
                            bucket.pointee.y = point.y
                            state[b] = -1
                        } else if state[b] == epoch || bucket.pointee.x == point.x {
                            overflow[b] = overflow[b].adding(point)
                        } else {
                            state[b] = epoch
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
            if state[b] != emptyBucket {
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

#if MONTGOMERY_IFMA
/// The fused batch of `bucketSumBatchAffine` on G1 (Fq coordinates) or G2 (Fq2): 64-byte-aligned
/// scratch for the kernel's prefix products and denominators in 52-bit limb vectors, and the
/// two kernel passes around one inversion of the eight lane products.
final class FusedBatch<F: Field> {
    /// 1 for Fq, 2 for Fq2: the Fq components of an element.
    let degree: Int
    let prefix: UnsafeMutableRawPointer
    let denominators: UnsafeMutableRawPointer

    /// Scratch for batches of up to `capacity` entries, or `nil` for a field without a kernel.
    init?(capacity: Int) {
        guard F.self == Fq.self || F.self == Fq2.self else { return nil }
        degree = MemoryLayout<F>.size / MemoryLayout<Fq>.size
        let bytes = (capacity + 7) / 8 * degree * Int(ZK_GROUP52_BYTES)
        prefix = .allocate(byteCount: bytes, alignment: 64)
        denominators = .allocate(byteCount: bytes, alignment: 64)
    }

    deinit {
        prefix.deallocate()
        denominators.deallocate()
    }

    /// Adds point e to bucket bucketIndex[e] for e < 8·groups: pass 1, the inverses of the
    /// eight lane products (one field inversion, Montgomery's trick), pass 2.
    func apply(groups: Int, buckets: UnsafeMutablePointer<AffineBucket<F>>, bucketIndex: UnsafePointer<Int>,
               pointX: UnsafePointer<F>, pointY: UnsafePointer<F>, denominator: UnsafePointer<F>) {
        var lanes = [F](repeating: .one, count: 8), one = Fq.one
        let bytes = { (pointer: UnsafePointer<F>) in UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self) }
        let bucketBytes = UnsafeMutableRawPointer(buckets).assumingMemoryBound(to: UInt8.self)
        let layout = (MemoryLayout<AffineBucket<F>>.stride, MemoryLayout<AffineBucket<F>>.offset(of: \.x)!,
                      MemoryLayout<AffineBucket<F>>.offset(of: \.y)!)
        let index = UnsafeRawPointer(bucketIndex).assumingMemoryBound(to: Int64.self)
        lanes.withUnsafeMutableBytes { lanes in
            let laneBytes = lanes.baseAddress!.assumingMemoryBound(to: UInt8.self)
            withUnsafePointer(to: &one) { one in
                let one = UnsafeRawPointer(one).assumingMemoryBound(to: zk_limbs.self)
                if degree == 1 {
                    zk_fq_batch_affine_prefix(groups, bytes(denominator), one, prefix, denominators, laneBytes)
                } else {
                    zk_fq2_batch_affine_prefix(groups, bytes(denominator), one, prefix, denominators, laneBytes)
                }
            }
        }
        F.batchInvert(&lanes)  // the lane products are nonzero, as every denominator is
        lanes.withUnsafeMutableBytes { lanes in
            let laneBytes = lanes.baseAddress!.assumingMemoryBound(to: UInt8.self)
            if degree == 1 {
                zk_fq_batch_affine_apply(groups, prefix, denominators, laneBytes, bytes(pointX), bytes(pointY), bucketBytes,
                                         layout.0, layout.1, layout.2, index)
            } else {
                zk_fq2_batch_affine_apply(groups, prefix, denominators, laneBytes, bytes(pointX), bytes(pointY), bucketBytes,
                                          layout.0, layout.1, layout.2, index)
            }
        }
    }
}
#endif

/// An affine bucket's coordinates, valid unless its state is `MSM.emptyBucket`.
struct AffineBucket<F: Field> {
    var x = F.zero
    var y = F.zero
}

/// A fixed-size scratch buffer, freed when the last reference goes: unsafe storage kept
/// inside the MSM kernel.
final class Scratch<Element> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, value: Element, alignment: Int = MemoryLayout<Element>.alignment) {
        self.count = count
        base = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Element>.stride,
                                                alignment: max(alignment, MemoryLayout<Element>.alignment))
            .bindMemory(to: Element.self, capacity: count)
        base.initialize(repeating: value, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        UnsafeMutableRawPointer(base).deallocate()
    }

    subscript(index: Int) -> Element {
        @inline(__always) get { base[index] }
        @inline(__always) set { base[index] = newValue }
    }
}
