// The weighted sum Σ_b (b + 1)·bucket[b] of a batch-affine window, in affine arithmetic with
// shared inversions. The buckets are cut into S segments of L; within segment s the
// running-sum trick runs for all segments at once, from its top bucket down:
// running_s ← running_s + bucket[sL + t], then total_s ← total_s + running_s, each step one
// batch of up to S additions (`AffineBatch`, one inversion). Then, with R_s = running_s at the
// end (the segment's sum) and T_s = total_s = Σ_t (t + 1)·bucket[sL + t],
//   Σ_b (b + 1)·bucket[b] = Σ_s T_s + L·Σ_s s·R_s,
// the last sum by the running-sum trick over segments in Jacobian coordinates. The Jacobian
// running sum over every bucket (MSM+Buckets.swift) costs a mixed and a full addition per
// bucket, 27 multiplications; here it is two batched affine additions. The segments are the
// idea of GPU provers' parallel bucket reduction (e.g. cuZK, Lu et al., TCHES 2023(3)),
// applied to the lanes of a shared inversion rather than to threads. Not constant-time.

extension MSM {
    /// The most segments of the weighted sum: its Jacobian combination costs ~3 additions per
    /// segment, its batches one inversion per step (2L steps).
    static let largestSegmentCount = 512

    /// Σ_b (b + 1)·bucket[b] for b < bucketCount over the affine buckets where `occupied(b)`
    /// (the others are empty), by segments as above. `batch` must be empty; its capacity bounds
    /// the segment count.
    static func weightedSum<G: JacobianPoint>(buckets: Scratch<AffineBucket<G.Base>>, occupied: (Int) -> Bool,
                                             bucketCount: Int, batch: AffineBatch<G.Base>) -> G {
        typealias F = G.Base
        var segments = 1
        while segments * 2 <= min(largestSegmentCount, batch.capacity, bucketCount) { segments *= 2 }
        let length = (bucketCount + segments - 1) / segments
        // Per segment: the running sum and the total, each with a spare entry for padding.
        let running = Scratch<AffineBucket<F>>(count: segments + 1, value: AffineBucket(), alignment: 64)
        let total = Scratch<AffineBucket<F>>(count: segments + 1, value: AffineBucket(), alignment: 64)
        var hasRunning = [Bool](repeating: false, count: segments), hasTotal = hasRunning

        // Schedules accumulators[s] ← accumulators[s] + (x, y), whatever the two hold.
        @inline(__always) func add(_ accumulators: Scratch<AffineBucket<F>>, _ present: inout [Bool], _ s: Int, _ x: F, _ y: F) {
            guard present[s] else {
                accumulators[s] = AffineBucket(x: x, y: y)
                present[s] = true
                return
            }
            if !batch.appendSum(index: s, accumulator: accumulators[s], x: x, y: y) { present[s] = false }
        }

        for t in stride(from: length - 1, through: 0, by: -1) {
            for s in 0..<segments {
                let b = s * length + t
                if b < bucketCount, occupied(b) { add(running, &hasRunning, s, buckets[b].x, buckets[b].y) }
            }
            batch.apply(to: running.base, spare: segments)
            for s in 0..<segments where hasRunning[s] { add(total, &hasTotal, s, running[s].x, running[s].y) }
            batch.apply(to: total.base, spare: segments)
        }

        var sum = G.zero, runningOverSegments = G.zero, weighted = G.zero
        for s in stride(from: segments - 1, through: 0, by: -1) {
            if hasTotal[s] { sum = sum.adding(G.Affine(uncheckedX: total[s].x, y: total[s].y)) }
            guard s > 0 else { break }
            if hasRunning[s] { runningOverSegments = runningOverSegments.adding(G.Affine(uncheckedX: running[s].x, y: running[s].y)) }
            weighted = weighted + runningOverSegments
        }
        return sum + weighted.multiplied(by: Fr(UInt64(length)))
    }
}
