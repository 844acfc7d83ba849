// Many points times scalars, [sᵢ]Pᵢ (a ceremony scales every point of a key or an
// accumulator): width-4 NAF double-and-add with the points of a batch in lockstep, in affine
// coordinates, every step's additions and doublings sharing one inversion (`AffineBatch`,
// Montgomery's trick; the fused IFMA kernel where the build has it). A step costs ~6
// batched products per point instead of a Jacobian doubling's 7 dependent ones plus its
// additions. Equal and opposite operands are handled by `AffineBatch` (doubling, infinity),
// so the result is exact for every input. `scaleNaive` is the test oracle. Not constant-time.
import Support

enum BatchScale {
    /// Points per lockstep batch.
    static let batchSize = 512

    /// [scalar(i)]·points[i] for every i, affine; chunks run on all cores.
    static func scale<G: JacobianPoint>(_ points: [G.Affine], as type: G.Type, scalar: @escaping @Sendable (Int) -> Fr) -> [G.Affine] {
        scale(points, as: type, sharedDigits: nil, scalar: scalar)
    }

    /// `scale` with the NAF digits of `shared` (the same scalar for every point) computed once.
    static func scale<G: JacobianPoint>(_ points: [G.Affine], as _: G.Type, sharedDigits: [Int8]?, scalar: @escaping @Sendable (Int) -> Fr) -> [G.Affine] {
        let n = points.count
        var out = [G.Affine](repeating: .infinity, count: n)
        let chunkCount = max(1, min((n + batchSize - 1) / batchSize, 8 * Parallel.chunkCount))
        out.withUnsafeMutableBufferPointer { result in
            let shared = UncheckedSendable((points, result))
            Parallel.forEach(count: chunkCount) { chunk in
                let (points, result) = shared.value
                let range = (chunk * n / chunkCount)..<((chunk + 1) * n / chunkCount)
                for start in stride(from: range.lowerBound, to: range.upperBound, by: batchSize) {
                    let end = min(range.upperBound, start + batchSize)
                    let digits = sharedDigits.map { [[Int8]](repeating: $0, count: end - start) }
                        ?? (start..<end).map { wNAF(scalar($0).canonicalLimbs, width: 4) }
                    scaleBatch(points[start..<end], G.self, digits: digits, into: result.baseAddress! + start)
                }
            }
        }
        return out
    }

    /// [s]·points[i] for every i.
    static func scale<G: JacobianPoint>(_ points: [G.Affine], as type: G.Type, by s: Fr) -> [G.Affine] {
        scale(points, as: type, sharedDigits: wNAF(s.canonicalLimbs, width: 4)) { _ in s }
    }

    /// The oracle: one Jacobian multiplication per point.
    static func scaleNaive<G: JacobianPoint>(_ points: [G.Affine], as _: G.Type, scalar: (Int) -> Fr) -> [G.Affine] {
        G.batchToAffine(points.indices.map { G(points[$0]).multiplied(by: scalar($0)) })
    }

    /// One batch in lockstep: odd multiples P, 3P, 5P, 7P per point, then from the top NAF
    /// digit down a batched doubling of every accumulator and a batched addition of ±table.
    static func scaleBatch<G: JacobianPoint>(_ points: ArraySlice<G.Affine>, _: G.Type, digits: [[Int8]], into out: UnsafeMutablePointer<G.Affine>) {
        typealias F = G.Base
        let m = points.count
        let base = points.startIndex
        let length = digits.map(\.count).max() ?? 0
        let batch = AffineBatch<F>(capacity: m)
        // Table: entry 4k + t holds (2t + 1)·P_k; `valid` marks points that are not infinity.
        let table = Scratch<AffineBucket<F>>(count: 4 * m + 1, value: AffineBucket(), alignment: 64)
        let twice = Scratch<AffineBucket<F>>(count: m + 1, value: AffineBucket(), alignment: 64)
        var valid = [Bool](repeating: false, count: m)
        for k in 0..<m where !points[base + k].isInfinity {
            valid[k] = true
            let p = points[base + k]
            twice[k] = AffineBucket(x: p.x, y: p.y)
            table[4 * k] = AffineBucket(x: p.x, y: p.y)
            _ = batch.appendSum(index: k, accumulator: twice[k], x: p.x, y: p.y)  // doubling
        }
        batch.apply(to: twice.base, spare: m)
        for t in 1..<4 {
            // (2t + 1)P = (2t − 1)P + 2P, written into the table through a copy of the previous entry.
            for k in 0..<m where valid[k] { table[4 * k + t] = table[4 * k + t - 1] }
            for k in 0..<m where valid[k] {
                // P ≠ ±2P, 3P ≠ ±2P, 5P ≠ ±2P in a group of large prime order.
                _ = batch.appendSum(index: 4 * k + t, accumulator: table[4 * k + t], x: twice[k].x, y: twice[k].y)
            }
            batch.apply(to: table.base, spare: 4 * m)
        }
        let accumulators = Scratch<AffineBucket<F>>(count: m + 1, value: AffineBucket(), alignment: 64)
        var present = [Bool](repeating: false, count: m)
        var active = [Int]()
        active.reserveCapacity(m)
        for position in stride(from: length - 1, through: 0, by: -1) {
            active.removeAll(keepingCapacity: true)
            for k in 0..<m where present[k] { active.append(k) }
            if !active.isEmpty {
                batch.appendDoublings(of: accumulators.base, indices: active)
                batch.apply(to: accumulators.base, spare: m)
            }
            var any = false
            for k in 0..<m where valid[k] && position < digits[k].count {
                let d = Int(digits[k][position])
                if d == 0 { continue }
                let entry = table[4 * k + (abs(d) >> 1)]
                let y = d > 0 ? entry.y : -entry.y
                if !present[k] {
                    accumulators[k] = AffineBucket(x: entry.x, y: y)
                    present[k] = true
                } else {
                    if !batch.appendSum(index: k, accumulator: accumulators[k], x: entry.x, y: y) { present[k] = false }
                    any = true
                }
            }
            if any { batch.apply(to: accumulators.base, spare: m) }
        }
        for k in 0..<m {
            out[k] = present[k] ? G.Affine(uncheckedX: accumulators[k].x, y: accumulators[k].y) : .infinity
        }
    }
}
