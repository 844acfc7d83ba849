// Radix-2 number-theoretic transform over Fr on a domain of size 2^k ≤ 2^28: iterative
// Cooley–Tukey (decimation in time after a bit-reversal permutation) with precomputed
// twiddles, and its inverse; `nttNaive` is the O(n²) test oracle. The pass schedule is in
// NTTDomain+Blocked.swift, the butterflies in NTTDomain+Butterflies.swift, the coset
// transforms in NTTDomain+Coset.swift. In place. Not constant-time.

/// The multiplicative subgroup {ω^0, …, ω^(n−1)} of Fr*, n = 2^logSize, with twiddles.
public struct NTTDomain: Sendable {
    /// log₂ of the domain size.
    public let logSize: Int
    /// n = 2^logSize.
    public let size: Int
    /// ω, a primitive n-th root of unity (`Fr.rootOfUnity(logSize:)`).
    public let root: Fr
    /// ω⁻¹.
    public let rootInverse: Fr
    /// n⁻¹ mod r.
    public let sizeInverse: Fr
    /// ω^0 … ω^(n/2 − 1).
    let twiddles: [Fr]
    /// ω^0 … ω^−(n/2 − 1).
    let inverseTwiddles: [Fr]
    /// The twiddles of the passes inside a block, pass by pass: entries half..<2·half hold
    /// ω_{2·half}^j for j < half (half = 1, 2, …, blockSize/2; entry 0 unused). The full
    /// table would be read with stride n/(2·half), one cache line per twiddle.
    let blockTwiddles: [Fr]
    /// `blockTwiddles` for ω⁻¹.
    let inverseBlockTwiddles: [Fr]

    /// The domain of size 2^logSize, or `nil` unless 0 ≤ logSize ≤ 28.
    public init?(logSize: Int) {
        guard let root = Fr.rootOfUnity(logSize: logSize), let rootInverse = root.inverse,
              let sizeInverse = Fr(UInt64(1) << UInt64(logSize)).inverse else { return nil }
        self.logSize = logSize
        size = 1 << logSize
        self.root = root
        self.rootInverse = rootInverse
        self.sizeInverse = sizeInverse
        twiddles = Self.powers(of: root, count: max(size / 2, 1))
        inverseTwiddles = Self.powers(of: rootInverse, count: max(size / 2, 1))
        blockTwiddles = Self.passTables(twiddles, size: size)
        inverseBlockTwiddles = Self.passTables(inverseTwiddles, size: size)
    }

    /// The per-pass tables of `blockTwiddles` from twiddles[k] = ω^k (ω of order `size`).
    static func passTables(_ twiddles: [Fr], size n: Int) -> [Fr] {
        let block = min(n, blockSize)
        var table = [Fr](repeating: .zero, count: max(block, 1))
        var half = 1
        while 2 * half <= block {
            for j in 0..<half { table[half + j] = twiddles[j * (n / (2 * half))] }
            half *= 2
        }
        return table
    }

    /// The smallest domain with at least `minimumSize` points, or `nil` beyond 2^28.
    public init?(minimumSize: Int) {
        var logSize = 0
        while (1 << logSize) < minimumSize {
            logSize += 1
            if logSize > Fr.twoAdicity { return nil }
        }
        self.init(logSize: logSize)
    }

    /// [1, x, x², …, x^(count−1)].
    static func powers(of x: Fr, count: Int) -> [Fr] {
        var result = [Fr]()
        result.reserveCapacity(count)
        var power = Fr.one
        for _ in 0..<count {
            result.append(power)
            power *= x
        }
        return result
    }

    /// Coefficients → evaluations: values[i] ← Σ_j values[j]·ω^(ij). `values.count` must be
    /// `size`; returns `false` (leaving values unchanged) otherwise.
    @discardableResult
    public func forward(_ values: inout [Fr]) -> Bool {
        guard values.count == size else { return false }
        Self.transform(&values, twiddles: twiddles, blockTwiddles: blockTwiddles)
        return true
    }

    /// Evaluations → coefficients (the inverse of `forward`).
    @discardableResult
    public func inverse(_ values: inout [Fr]) -> Bool {
        guard values.count == size else { return false }
        Self.transform(&values, twiddles: inverseTwiddles, blockTwiddles: inverseBlockTwiddles)
        Self.scaleByPowers(&values, of: .one, times: sizeInverse)
        return true
    }

    /// The O(n²) oracle: [Σ_j coefficients[j]·ω^(ij) for i in 0..<size] (nil on wrong count).
    public func nttNaive(_ coefficients: [Fr]) -> [Fr]? {
        guard coefficients.count == size else { return nil }
        return (0..<size).map { i in
            let x = root.pow(UInt64(i))
            return coefficients.reversed().reduce(Fr.zero) { $0 * x + $1 }
        }
    }
}
