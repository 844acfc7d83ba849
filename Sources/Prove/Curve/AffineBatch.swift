// A batch of affine point additions acc ← acc + P into distinct accumulators that share one
// field inversion (Montgomery's trick): the engine of the batch-affine MSM, both for filling
// Pippenger's buckets (MSM+BatchAffine.swift) and for their weighted sum
// (MSM+BatchReduction.swift). λ = (y_P − y_acc)/(x_P − x_acc), x₃ = λ² − x_acc − x_P,
// y₃ = λ(x_acc − x₃) − y_acc. A doubling acc ← 2·acc is scheduled as the addition of
// (x_acc, y_acc + 3x_acc²) with denominator 2·y_acc, which the same formulas turn into
// λ = 3x²/(2y), x₃ = λ² − 2x, y₃ = λ(x − x₃) − y (a = 0). With AVX-512 IFMA a batch is
// applied by the fused kernel of CMontgomeryBatchAffine.h (G1 and G2), elsewhere by the
// generic code below. Not constant-time.
#if MONTGOMERY_IFMA
import CMontgomery
#endif

/// Pending affine additions into an array of `AffineBucket`s, applied together by `apply`.
final class AffineBatch<F: Field> {
    /// The most additions a batch holds.
    let capacity: Int
    /// Additions scheduled since the last `apply`.
    private(set) var count = 0
    // Per entry (room for padding to a multiple of eight): the accumulator's index, the
    // addend's coordinates, x_P − x_acc (inverted in place), prefix products.
    private let target: Scratch<Int>
    private let pointX: Scratch<F>
    private let pointY: Scratch<F>
    private let denominator: Scratch<F>
    private let prefix: Scratch<F>
    #if MONTGOMERY_IFMA
    private let fused: FusedBatch<F>?
    #endif
    // The generic path's Montgomery's trick in eight chains, and its additions' operands.
    private let lanes = 8
    private let laneProduct: Scratch<F>
    private let laneInverse: Scratch<F>
    private let accumulatorX: Scratch<F>, accumulatorY: Scratch<F>, lambda: Scratch<F>, square: Scratch<F>

    /// Room for `capacity` additions; `fusedKernel: false` keeps to the generic code where the
    /// IFMA kernel exists (so that the tests can compare the two).
    init(capacity: Int, fusedKernel: Bool = true) {
        self.capacity = capacity
        target = Scratch(count: capacity + 7, value: 0)
        pointX = Scratch(count: capacity + 7, value: .zero)
        pointY = Scratch(count: capacity + 7, value: .zero)
        denominator = Scratch(count: capacity + 7, value: .zero)
        prefix = Scratch(count: capacity + 7, value: .zero)
        #if MONTGOMERY_IFMA
        fused = fusedKernel ? FusedBatch<F>(capacity: capacity + 7) : nil
        #endif
        laneProduct = Scratch(count: lanes, value: .one)
        laneInverse = Scratch(count: lanes, value: .one)
        accumulatorX = Scratch(count: lanes, value: .zero)
        accumulatorY = Scratch(count: lanes, value: .zero)
        lambda = Scratch(count: lanes, value: .zero)
        square = Scratch(count: lanes, value: .zero)
    }

    var isFull: Bool { count == capacity }

    /// Schedules accumulator `index` ← `accumulator` + (x, y), for an accumulator holding a
    /// point: an addition, or a doubling if the two points are equal. Returns `false`, and
    /// schedules nothing, if they are opposite: the sum is infinity, and the caller empties the
    /// accumulator. One entry per accumulator per batch.
    @inline(__always)
    func appendSum(index: Int, accumulator: AffineBucket<F>, x: F, y: F) -> Bool {
        if accumulator.x != x {
            append(index: index, x: x, y: y, denominator: x - accumulator.x)
        } else if accumulator.y == y {
            let xx = x.squared()  // y ≠ 0: no point of order two
            append(index: index, x: x, y: y + xx + xx + xx, denominator: y + y)
        } else {
            return false
        }
        return true
    }

    /// Schedules the doubling acc ← 2·acc of every accumulator in `indices` (each holding a
    /// point with y ≠ 0), the 3x² terms as one batched product (`F.multiply`) instead of one
    /// product per `appendSum`. The batch must have room for all of them.
    func appendDoublings(of accumulators: UnsafeMutablePointer<AffineBucket<F>>, indices: [Int]) {
        let start = count
        for (i, a) in indices.enumerated() {
            target[start + i] = a
            pointX[start + i] = accumulators[a].x
            pointY[start + i] = accumulators[a].y
        }
        let n = indices.count
        F.multiply(pointX.base + start, pointX.base + start, into: denominator.base + start, count: n)  // x²
        for i in start..<(start + n) {
            let xx = denominator[i], y = pointY[i]
            pointY[i] = y + xx + xx + xx
            denominator[i] = y + y
        }
        count += n
    }

    @inline(__always)
    private func append(index: Int, x: F, y: F, denominator d: F) {
        target[count] = index
        pointX[count] = x
        pointY[count] = y
        denominator[count] = d
        count += 1
    }

    /// Applies every pending addition to `accumulators` and empties the batch. Entry `spare`
    /// of `accumulators` receives the padding entries' garbage.
    func apply(to accumulators: UnsafeMutablePointer<AffineBucket<F>>, spare: Int) {
        guard count > 0 else { return }
        defer { count = 0 }
        #if MONTGOMERY_IFMA
        if let fused {
            // Pad to whole groups of eight: entries for the spare accumulator with denominator 1.
            while count & 7 != 0 {
                target[count] = spare
                (pointX[count], pointY[count], denominator[count]) = (.zero, .zero, .one)
                count += 1
            }
            fused.apply(groups: count / 8, buckets: accumulators, bucketIndex: target.base,
                        pointX: pointX.base, pointY: pointY.base, denominator: denominator.base)
            return
        }
        #endif
        applyGeneric(to: accumulators)
    }

    /// `apply` in Swift: Montgomery's trick as eight interleaved chains (entry i in lane
    /// i mod 8), so that each step is one `F.multiply` of eight independent products (one vector
    /// product for Fq); the additions then run eight at a time too, their accumulators'
    /// coordinates gathered first.
    private func applyGeneric(to accumulators: UnsafeMutablePointer<AffineBucket<F>>) {
        let full = count & ~(lanes - 1)
        for lane in 0..<lanes { laneProduct[lane] = .one }
        for group in stride(from: 0, to: full, by: lanes) {
            (prefix.base + group).update(from: laneProduct.base, count: lanes)
            F.multiply(laneProduct.base, denominator.base + group, into: laneProduct.base, count: lanes)
        }
        for i in full..<count {
            prefix[i] = laneProduct[i - full]
            laneProduct[i - full] = laneProduct[i - full] * denominator[i]
        }
        // One inversion for all lanes (every product is nonzero: denominators are, and lanes
        // without entries hold 1).
        var products = Array(UnsafeBufferPointer(start: laneProduct.base, count: lanes))
        F.batchInvert(&products)
        laneProduct.base.update(from: products, count: lanes)
        // Backwards, each lane's chain in its own order: the partial group first.
        for i in stride(from: count - 1, through: full, by: -1) {
            let inverse = laneProduct[i - full]
            laneProduct[i - full] = inverse * denominator[i]
            denominator[i] = inverse * prefix[i]  // now 1/(x_P − x_acc)
        }
        for group in stride(from: full - lanes, through: 0, by: -lanes) {
            laneInverse.base.update(from: laneProduct.base, count: lanes)
            F.multiply(laneProduct.base, denominator.base + group, into: laneProduct.base, count: lanes)
            F.multiply(laneInverse.base, prefix.base + group, into: denominator.base + group, count: lanes)
        }
        for group in stride(from: 0, to: count, by: lanes) {
            let n = min(lanes, count - group)
            for k in 0..<n {
                let a = target[group + k]
                accumulatorX[k] = accumulators[a].x
                accumulatorY[k] = accumulators[a].y
                lambda[k] = pointY[group + k] - accumulatorY[k]
            }
            F.multiply(lambda.base, denominator.base + group, into: lambda.base, count: n)
            F.multiply(lambda.base, lambda.base, into: square.base, count: n)
            for k in 0..<n {
                let x3 = square[k] - accumulatorX[k] - pointX[group + k]
                square[k] = accumulatorX[k] - x3
                accumulators[target[group + k]].x = x3
            }
            F.multiply(lambda.base, square.base, into: square.base, count: n)
            for k in 0..<n { accumulators[target[group + k]].y = square[k] - accumulatorY[k] }
        }
    }
}
