// Pippenger's bucket accumulation with affine buckets and batched inversion ("batch affine":
// gnark-crypto's `processChunkG1BatchAffine` in ecc/bn254/multiexp_affine.go, after ePrint
// 2022/1396 §5.3): up to `batchSize` independent additions bucket ← bucket + P share one field
// inversion by Montgomery's trick (`AffineBatch`), so an addition costs ~6 multiplications
// instead of madd's 11; P = bucket is a doubling in the same batch, P = −bucket empties the
// bucket. As in gnark, an addition whose bucket is already in the batch waits for a later
// batch, unless a batch's worth already wait (digits crowded into few buckets, as small
// witness values are). Those and the last few waiting additions go into a Jacobian twin of
// the bucket with madd, folded back at the end, so that the weighted sum
// (MSM+BatchReduction.swift) sees affine buckets only. Not constant-time.
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

    /// Once the waiting additions fill less than this many entries of a batch, the batch is the
    /// last and the rest are added with madd (each batch costs an inversion).
    static let smallestLateBatch = 32

    /// Same contract as `bucketSum`: Σ_k digits[k]·points[indices[k − indexOffset]] over k in
    /// `digitRange`, with |digit| ≤ bucketCount. `fusedKernel: false` keeps to the generic
    /// code where the IFMA kernel exists (so that the tests can compare the two).
    static func bucketSumBatchAffine<G: JacobianPoint>(_ points: [G.Affine], digits: [Int32], indices: [Int32],
                                                       digitRange: Range<Int>, indexOffset: Int,
                                                       bucketCount: Int, fusedKernel: Bool = true) -> G {
        typealias F = G.Base
        // Buckets: affine part (whole cache lines: 64 bytes on G1) and one spare bucket past the
        // end for padding entries; each bucket's state apart, so that the 2^15 buckets of a
        // 16-bit window fill 2 MiB rather than 2.3; the rare Jacobian twins in a dictionary.
        let buckets = Scratch<AffineBucket<F>>(count: bucketCount + 1, value: AffineBucket(), alignment: 64)
        let state = Scratch<Int32>(count: bucketCount, value: emptyBucket)
        var twins = [Int: G]()
        let batch = AffineBatch<F>(capacity: batchSize(bucketCount: bucketCount), fusedKernel: fusedKernel)
        var waiting = [(bucket: Int, point: G.Affine)](), retry = waiting
        var epoch: Int32 = 0

        // Schedules bucket b ← b + P, or returns false if bucket b is already in the batch.
        @inline(__always) func schedule(_ b: Int, _ point: G.Affine) -> Bool {
            let bucket = buckets.base + b
            if state[b] == emptyBucket {
                bucket.pointee.x = point.x
                bucket.pointee.y = point.y
                state[b] = -1
            } else if state[b] == epoch {
                return false
            } else {
                state[b] = batch.appendSum(index: b, accumulator: bucket.pointee, x: point.x, y: point.y) ? epoch : emptyBucket
            }
            return true
        }
        // Applies the batch, then schedules the waiting additions that now can be.
        func flush() {
            batch.apply(to: buckets.base, spare: bucketCount)
            epoch += 1
            swap(&waiting, &retry)
            for (b, point) in retry {
                if !schedule(b, point) { waiting.append((b, point)) }
                if batch.isFull {
                    batch.apply(to: buckets.base, spare: bucketCount)
                    epoch += 1
                }
            }
            retry.removeAll(keepingCapacity: true)
        }

        points.withUnsafeBufferPointer { p in
            digits.withUnsafeBufferPointer { d in
                indices.withUnsafeBufferPointer { idx in
                    for k in digitRange {
                        let digit = d[k]
                        if digit == 0 { continue }
                        let point = p[Int(idx[k - indexOffset])]
                        if point.isInfinity { continue }
                        let b = Int(digit.magnitude) - 1
                        let addend = digit > 0 ? point : point.negated()
                        if !schedule(b, addend) {
                            if waiting.count < batch.capacity {
                                waiting.append((b, addend))
                            } else {  // digits crowd into few buckets (small witness values)
                                twins[b, default: .zero] = twins[b, default: .zero].adding(addend)
                            }
                        }
                        if batch.isFull { flush() }
                    }
                }
            }
        }
        flush()
        while batch.count >= smallestLateBatch { flush() }
        batch.apply(to: buckets.base, spare: bucketCount)
        for (b, point) in waiting { twins[b, default: .zero] = twins[b, default: .zero].adding(point) }

        // Twins folded into their affine buckets, with one inversion for all.
        let twinBuckets = Array(twins.keys)
        let folded = twinBuckets.map { b in
            state[b] == emptyBucket ? twins[b]! : twins[b]!.adding(G.Affine(uncheckedX: buckets[b].x, y: buckets[b].y))
        }
        for (b, sum) in zip(twinBuckets, G.batchToAffine(folded)) {
            buckets[b] = AffineBucket(x: sum.x, y: sum.y)
            state[b] = sum.isInfinity ? emptyBucket : -1
        }
        return weightedSum(buckets: buckets, occupied: { state[$0] != emptyBucket }, bucketCount: bucketCount, batch: batch)
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
