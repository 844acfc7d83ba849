// Fixed-base scalar multiplication for the setup: a table of d·2^(c·k)·G for every c-bit
// window k and digit d, so that [s]G is one mixed addition per nonzero window (the
// "windowed fixed-base" method of arkworks' `FixedBase`). Many scalars are processed in
// parallel chunks and normalised to affine with one inversion per chunk. Not constant-time.

import Support

/// Precomputed multiples of one base point.
struct FixedBaseTable<G: JacobianPoint>: @unchecked Sendable {
    /// Window width c in bits.
    let windowBits: Int
    /// Number of windows covering a 254-bit scalar.
    let windowCount: Int
    /// table[k·(2^c − 1) + d − 1] = d·2^(c·k)·base, for d in 1..<2^c.
    let table: [G.Affine]

    /// A table sized for about `scalarCount` multiplications: the window c minimises
    /// (table size + scalarCount) × windows, e.g. c = 3 for 10 scalars, c = 12 for 2^20.
    init(base: G, scalarCount: Int) {
        let c = (1...14).min { a, b in
            ((1 << a) + scalarCount) * ((253 + a) / a) < ((1 << b) + scalarCount) * ((253 + b) / b)
        }!
        windowBits = c
        windowCount = (254 + c - 1) / c
        let perWindow = (1 << c) - 1
        var points = [G]()
        points.reserveCapacity(windowCount * perWindow)
        var windowBase = base
        for _ in 0..<windowCount {
            var multiple = windowBase
            for _ in 0..<perWindow {
                points.append(multiple)
                multiple = multiple + windowBase
            }
            windowBase = multiple  // 2^c · previous window base
        }
        table = G.batchToAffine(points)
    }

    /// [scalar]·base.
    func multiply(_ scalar: Fr) -> G {
        let limbs = scalar.canonicalLimbs
        let perWindow = (1 << windowBits) - 1
        var result = G.zero
        for window in 0..<windowCount {
            let digit = Self.window(limbs, offset: window * windowBits, count: windowBits)
            if digit != 0 { result = result.adding(table[window * perWindow + digit - 1]) }
        }
        return result
    }

    /// `count` (≤ 63) bits of the little-endian limbs starting at bit `offset`.
    static func window(_ limbs: [UInt64], offset: Int, count: Int) -> Int {
        let limb = offset / 64, shift = offset % 64
        guard limb < limbs.count else { return 0 }
        var value = limbs[limb] >> UInt64(shift)
        if shift + count > 64, limb + 1 < limbs.count { value |= limbs[limb + 1] << UInt64(64 - shift) }
        return Int(value & ((1 << UInt64(count)) - 1))
    }

    /// [sᵢ]·base for every scalar, in affine form; chunks run in parallel and write their
    /// points straight into the result (no per-chunk arrays to join).
    func multiplyAll(_ scalars: [Fr]) -> [G.Affine] {
        let chunkSize = 4096
        let chunkCount = (scalars.count + chunkSize - 1) / chunkSize
        var result = [G.Affine](repeating: .infinity, count: scalars.count)
        result.withUnsafeMutableBufferPointer { out in
            let shared = UncheckedSendable((self, scalars, out))
            Parallel.forEach(count: chunkCount) { chunk in
                let (table, scalars, out) = shared.value
                let range = (chunk * chunkSize)..<min(scalars.count, (chunk + 1) * chunkSize)
                let points = G.batchToAffine(range.map { table.multiply(scalars[$0]) })
                for (i, point) in zip(range, points) { out[i] = point }  // disjoint ranges
            }
        }
        return result
    }
}
