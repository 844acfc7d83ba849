// The inner loop of Pippenger's method for one (window, point chunk) task: add ±Pᵢ into
// bucket |digit| with mixed Jacobian + affine additions (madd-2007-bl), then Σ k·bucket[k]
// by the running-sum trick (Σ_k running_k with running_k = Σ_{j ≥ k} bucket[j]).
// Not constant-time.

extension MSM {
    /// Σ_k digits[k]·points[indices[k − indexOffset]] over k in `digitRange`, with
    /// |digit| ≤ bucketCount.
    static func bucketSum<G: JacobianPoint>(_ points: [G.Affine], digits: [Int32], indices: [Int32],
                                            digitRange: Range<Int>, indexOffset: Int, bucketCount: Int) -> G {
        let buckets = UnsafeMutablePointer<G>.allocate(capacity: bucketCount)
        buckets.initialize(repeating: .zero, count: bucketCount)
        defer {
            buckets.deinitialize(count: bucketCount)
            buckets.deallocate()
        }
        points.withUnsafeBufferPointer { p in
            digits.withUnsafeBufferPointer { d in
                indices.withUnsafeBufferPointer { idx in
                    for k in digitRange {
                        let digit = d[k]
                        if digit == 0 { continue }
                        let point = p[Int(idx[k - indexOffset])]
                        if digit > 0 {
                            buckets[Int(digit) - 1] = buckets[Int(digit) - 1].adding(point)
                        } else {
                            buckets[Int(-digit) - 1] = buckets[Int(-digit) - 1].adding(point.negated())
                        }
                    }
                }
            }
        }
        var running = G.zero, sum = G.zero
        for b in stride(from: bucketCount - 1, through: 0, by: -1) {
            running = running + buckets[b]
            sum = sum + running
        }
        return sum
    }
}
