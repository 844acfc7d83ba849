// Radix-2 number-theoretic transform over Fr on a domain of size 2^k ≤ 2^28: iterative
// Cooley–Tukey (decimation in time after a bit-reversal permutation) with precomputed
// twiddles, its inverse, and coset versions. `nttNaive` is the O(n²) test oracle.
// In place; passes are split across cores for n ≥ 2^12. Not constant-time.

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
        Self.transform(&values, twiddles: twiddles)
        return true
    }

    /// Evaluations → coefficients (the inverse of `forward`).
    @discardableResult
    public func inverse(_ values: inout [Fr]) -> Bool {
        guard values.count == size else { return false }
        Self.transform(&values, twiddles: inverseTwiddles)
        for index in values.indices { values[index] *= sizeInverse }
        return true
    }

    /// Coefficients → evaluations on the coset shift·⟨ω⟩: values[i] ← p(shift·ω^i).
    @discardableResult
    public func cosetForward(_ values: inout [Fr], shift: Fr = Fr.multiplicativeGenerator) -> Bool {
        guard values.count == size else { return false }
        Self.scaleByPowers(&values, of: shift)
        Self.transform(&values, twiddles: twiddles)
        return true
    }

    /// Evaluations on the coset shift·⟨ω⟩ → coefficients; `false` for a wrong count or shift 0.
    @discardableResult
    public func cosetInverse(_ values: inout [Fr], shift: Fr = Fr.multiplicativeGenerator) -> Bool {
        guard values.count == size, let shiftInverse = shift.inverse else { return false }
        inverse(&values)
        Self.scaleByPowers(&values, of: shiftInverse)
        return true
    }

    /// values[i] ← values[i]·x^i.
    static func scaleByPowers(_ values: inout [Fr], of x: Fr) {
        var power = Fr.one
        for index in values.indices {
            values[index] *= power
            power *= x
        }
    }

    /// Below this size a transform runs on one thread (dispatch costs more than it saves).
    static let parallelThreshold = 1 << 12

    /// Bit-reversal permutation, then log₂n butterfly passes; twiddles[k] = ω^k (or ω^−k).
    /// Each pass's n/2 butterflies are independent and split into chunks across cores.
    static func transform(_ values: inout [Fr], twiddles: [Fr]) {
        let n = values.count
        guard n > 1 else { return }
        let logN = n.trailingZeroBitCount
        let chunks = n >= parallelThreshold ? Parallel.chunkCount : 1
        values.withUnsafeMutableBufferPointer { a in
            for i in 0..<n {
                let j = Int(UInt(i).bitReversed >> UInt(UInt.bitWidth - logN))
                if i < j { a.swapAt(i, j) }
            }
            twiddles.withUnsafeBufferPointer { w in
                let shared = UncheckedSendable((a, w))
                var half = 1
                while half < n {
                    let currentHalf = half
                    Parallel.forEach(count: chunks) { chunk in
                        let (a, w) = shared.value
                        butterflies(a, w, half: currentHalf, range: (chunk * (n / 2) / chunks)..<((chunk + 1) * (n / 2) / chunks))
                    }
                    half *= 2
                }
            }
        }
    }

    /// Butterflies number k in `range` of the pass with block size 2·half: k = group·half + j
    /// combines a[group·2·half + j] and a[group·2·half + j + half] with twiddle ω^(j·n/(2·half)).
    @inline(__always)
    static func butterflies(_ a: UnsafeMutableBufferPointer<Fr>, _ w: UnsafeBufferPointer<Fr>, half: Int, range: Range<Int>) {
        let stride = a.count / (2 * half)
        var k = range.lowerBound
        while k < range.upperBound {
            let j = k % half
            let top = (k - j) * 2 + j
            let blockEnd = min(range.upperBound, k - j + half)
            var jj = j, index = top
            while k < blockEnd {
                let u = a[index]
                let v = a[index + half] * w[jj * stride]
                a[index] = u + v
                a[index + half] = u - v
                k += 1
                jj += 1
                index += 1
            }
        }
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

extension UInt {
    /// The bits in reverse order.
    var bitReversed: UInt {
        var x = self
        var result: UInt = 0
        for _ in 0..<UInt.bitWidth {
            result = (result << 1) | (x & 1)
            x >>= 1
        }
        return result
    }
}
