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
        batched(points) { range, out in
            let digits = sharedDigits.map { [[Int8]](repeating: $0, count: range.count) }
                ?? range.map { wNAF(scalar($0).canonicalLimbs, width: 4) }
            scaleBatch(points[range], G.self, digits: digits, into: out)
        }
    }

    /// One result per point, made by `fill(range, destination)` for consecutive ranges of at
    /// most `batchSize` points, in chunks on all cores; `destination` is the range's first result.
    static func batched<P>(_ points: [P], _ fill: @escaping @Sendable (Range<Int>, UnsafeMutablePointer<P>) -> Void) -> [P] {
        let n = points.count
        var out = points  // every element is overwritten by `fill`
        let chunkCount = max(1, min((n + batchSize - 1) / batchSize, 8 * Parallel.chunkCount))
        out.withUnsafeMutableBufferPointer { result in
            let shared = UncheckedSendable(result)
            Parallel.forEach(count: chunkCount) { chunk in
                let range = (chunk * n / chunkCount)..<((chunk + 1) * n / chunkCount)
                for start in stride(from: range.lowerBound, to: range.upperBound, by: batchSize) {
                    fill(start..<min(range.upperBound, start + batchSize), shared.value.baseAddress! + start)
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
        var lockstep = Lockstep(points)
        for position in stride(from: (digits.map(\.count).max() ?? 0) - 1, through: 0, by: -1) {
            lockstep.doubleAll()
            var any = false
            for k in 0..<lockstep.count where position < digits[k].count {
                any = lockstep.add(lockstep.table, digit: Int(digits[k][position]), into: k) || any
            }
            lockstep.finishAdditions(any)
        }
        lockstep.write(into: out)
    }
}

/// The state one lockstep batch shares between `BatchScale`'s double-and-add loops: per point
/// its odd multiples P, 3P, 5P, 7P (`table`, entry 4k + t holds (2t + 1)·P_k) and its
/// accumulator, and one `AffineBatch` through which each step's doublings or additions share
/// an inversion.
struct Lockstep<A: AffinePoint> {
    typealias F = A.Base
    let count: Int
    let batch: AffineBatch<F>
    let table: Scratch<AffineBucket<F>>
    let accumulators: Scratch<AffineBucket<F>>
    /// Points that are not infinity (the others stay infinity).
    var valid: [Bool]
    /// Accumulators holding a point (an empty one takes its first addend as it is).
    var present: [Bool]
    private var active: [Int] = []

    /// Builds the odd multiples of `points`.
    init(_ points: ArraySlice<A>) {
        count = points.count
        let m = count, base = points.startIndex
        batch = AffineBatch<F>(capacity: m)
        table = Scratch<AffineBucket<F>>(count: 4 * m + 1, value: AffineBucket(), alignment: 64)
        accumulators = Scratch<AffineBucket<F>>(count: m + 1, value: AffineBucket(), alignment: 64)
        present = [Bool](repeating: false, count: m)
        valid = [Bool](repeating: false, count: m)
        active.reserveCapacity(m)
        let twice = Scratch<AffineBucket<F>>(count: m + 1, value: AffineBucket(), alignment: 64)
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
    }

    /// Doubles every accumulator that holds a point, in one batch.
    mutating func doubleAll() {
        active.removeAll(keepingCapacity: true)
        for k in 0..<count where present[k] { active.append(k) }
        if !active.isEmpty {
            batch.appendDoublings(of: accumulators.base, indices: active)
            batch.apply(to: accumulators.base, spare: count)
        }
    }

    /// Adds ±`source`[4k + |d|/2] (the sign of the NAF digit d) to accumulator k: an empty
    /// accumulator takes it as it is, otherwise the addition is queued. True if one was queued.
    @inline(__always)
    mutating func add(_ source: Scratch<AffineBucket<F>>, digit d: Int, into k: Int) -> Bool {
        guard d != 0, valid[k] else { return false }
        let entry = source[4 * k + (abs(d) >> 1)]
        let y = d > 0 ? entry.y : -entry.y
        if !present[k] {
            accumulators[k] = AffineBucket(x: entry.x, y: y)
            present[k] = true
            return false
        }
        if !batch.appendSum(index: k, accumulator: accumulators[k], x: entry.x, y: y) { present[k] = false }
        return true
    }

    /// Applies the queued additions, if `any`.
    func finishAdditions(_ any: Bool) {
        if any { batch.apply(to: accumulators.base, spare: count) }
    }

    /// The results, affine.
    func write(into out: UnsafeMutablePointer<A>) {
        for k in 0..<count {
            out[k] = present[k] ? A(uncheckedX: accumulators[k].x, y: accumulators[k].y) : .infinity
        }
    }
}
