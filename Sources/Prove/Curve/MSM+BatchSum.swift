// The window of one bucket: Σ ±P over the points whose digit is ±1, as a Groth16 query's bit
// wires give (a 482k-constraint committed model has 409k of them). Rather than one madd chain
// (11 multiplications per point), the points are dealt round-robin to `lanes` affine
// accumulators, so that every run of `lanes` consecutive points is one batch of distinct
// additions sharing an inversion (`AffineBatch`, ~6 multiplications each); the accumulators
// are summed in Jacobian coordinates at the end. Not constant-time.

extension MSM {
    /// Accumulators of `signedSumBatchAffine` (its final Jacobian sum costs one madd each).
    static let signedSumLanes = 1024

    /// Below this many digits `signedSumBatchAffine` is not worth its accumulators.
    static let signedSumMinimumCount = 4 * signedSumLanes

    /// Σ_k digits[k]·points[indices[k − indexOffset]] over k in `digitRange`, digits in
    /// {−1, 0, 1}: `bucketSum` with one bucket. `fusedKernel` as in `bucketSumBatchAffine`.
    static func signedSumBatchAffine<G: JacobianPoint>(_ points: [G.Affine], digits: [Int32], indices: [Int32],
                                                       digitRange: Range<Int>, indexOffset: Int,
                                                       fusedKernel: Bool = true) -> G {
        typealias F = G.Base
        let lanes = signedSumLanes
        let accumulators = Scratch<AffineBucket<F>>(count: lanes + 1, value: AffineBucket(), alignment: 64)
        var present = [Bool](repeating: false, count: lanes)
        let batch = AffineBatch<F>(capacity: lanes, fusedKernel: fusedKernel)
        var lane = 0
        points.withUnsafeBufferPointer { p in
            digits.withUnsafeBufferPointer { d in
                indices.withUnsafeBufferPointer { idx in
                    for k in digitRange where d[k] != 0 {
                        precondition(d[k] == 1 || d[k] == -1, "signedSumBatchAffine: digit \(d[k])")
                        let point = p[Int(idx[k - indexOffset])]
                        if point.isInfinity { continue }
                        let addend = d[k] > 0 ? point : point.negated()
                        if !present[lane] {
                            accumulators[lane] = AffineBucket(x: addend.x, y: addend.y)
                            present[lane] = true
                        } else if !batch.appendSum(index: lane, accumulator: accumulators[lane], x: addend.x, y: addend.y) {
                            present[lane] = false
                        }
                        lane += 1
                        if lane == lanes {
                            batch.apply(to: accumulators.base, spare: lanes)
                            lane = 0
                        }
                    }
                }
            }
        }
        batch.apply(to: accumulators.base, spare: lanes)
        var sum = G.zero
        for l in 0..<lanes where present[l] { sum = sum.adding(G.Affine(uncheckedX: accumulators[l].x, y: accumulators[l].y)) }
        return sum
    }
}
