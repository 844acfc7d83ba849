// Wide dense and conv layers as several narrow ones: each input is split into base-2^L digits
// (the top one signed, all in Int32), every digit plane runs through the Int32 → Int64 kernel,
// and the partial sums are recombined as bias + Σ_l 2^(L·l)·y_l in the output lane. Exact
// because the layer is linear and each partial is bounded by Σ|w|·2^L < 2^63. Not used for
// polynomials (not linear) or when the weights themselves are wide.
import BigInt

/// A dense or conv layer evaluated digit by digit (see the file comment).
struct LimbLinear: Sendable {
    /// The layer with a zero bias, inputs and weights in Int32, sums in Int64.
    var op: LaneOp<Int32, Int64>
    /// L: bits per digit.
    var digitBits: Int
    /// Digits per input value.
    var digits: Int
    var bias: [BigInt]
    /// Consecutive outputs sharing one bias: the output plane for conv (planar), 1 for dense.
    var biasPlane: Int
    var output: LaneWidth

    /// nil unless `layer`'s weights allow digits of at least 8 bits and its kind has a kernel.
    init?(_ layer: any LinearLayerKind, shape: [Int], inputBound: BigInt, output: LaneWidth) {
        let weights = layer.weight, outCount = layer.bias.count
        (biasPlane, bias) = (layer.biasPlane(inputShape: shape), layer.bias)
        // S = max_k Σ_j |w[j, k]|, in UInt64 (nil on overflow: such weights are not for this path).
        var sums = [UInt64](repeating: 0, count: outCount)
        for (i, w) in weights.enumerated() {
            guard w.magnitude < 1 << 31 else { return nil }
            sums[i % outCount] += w.magnitude
        }
        let sBits = UInt64.bitWidth - (sums.max() ?? 0).leadingZeroBitCount
        digitBits = min(31, 62 - sBits)  // S·2^L ≤ 2^62
        guard digitBits >= 8 else { return nil }
        // The top digit floor(x / 2^(L·(n−1))) has magnitude ≤ 2^30.
        let bits = inputBound.magnitude.bitWidth
        digits = bits <= 30 ? 1 : (bits - 30 + digitBits - 1) / digitBits + 1
        self.output = output
        var zeroBias = layer
        zeroBias.bias = Array(repeating: 0, count: outCount)
        guard let op: LaneOp<Int32, Int64> = zeroBias.laneOp(inputShape: shape) else { return nil }
        self.op = op
    }

    func apply(_ x: LaneBlock, items: Int) -> LaneBlock {
        let planes = switch x {
        case .int32(let a): digitPlanes(a)
        case .int64(let a): digitPlanes(a)
        case .int128(let a): digitPlanes(a)
        case .big(let a): digitPlanes(a)
        }
        let parts = planes.map { op.apply($0, items: items) }
        return switch output {
        case .int32, .int64: .int64(combine(parts))
        case .int128: .int128(combine(parts))
        case .big: .big(combine(parts))
        }
    }

    private func digitPlanes<S: Lane>(_ x: [S]) -> [[Int32]] {
        if S.self == BigInt.self { return bigDigitPlanes(unsafeBitCast(x, to: [BigInt].self)) }
        return (0..<digits).map { l in x.map { $0.digit(l, bits: digitBits, top: l == digits - 1) } }
    }

    /// All digits of each BigInt from the words of y = x + 2^(L·(n−1) + 31) ≥ 0 (|x| < 2^(L·(n−1) + 30)):
    /// the lower digits of y are x's, and y's top digit is x's plus 2^31.
    private func bigDigitPlanes(_ x: [BigInt]) -> [[Int32]] {
        let topShift = digitBits * (digits - 1), offset = BigInt(1) << (topShift + 31)
        var planes = [[Int32]](repeating: [Int32](repeating: 0, count: x.count), count: digits)
        for (i, v) in x.enumerated() {
            let words = (v + offset).magnitude.words.map { UInt64($0) }
            func bits(_ start: Int, _ count: Int) -> UInt64 {
                let w = start / 64, b = start % 64
                var r = w < words.count ? words[w] >> UInt64(b) : 0
                if b > 0, w + 1 < words.count { r |= words[w + 1] << UInt64(64 - b) }
                return r & ((1 << UInt64(count)) - 1)
            }
            for l in 0..<(digits - 1) { planes[l][i] = Int32(bits(digitBits * l, digitBits)) }
            planes[digits - 1][i] = Int32(Int64(bits(topShift, 33)) - (1 << 31))
        }
        return planes
    }

    private func combine<T: Lane>(_ parts: [[Int64]]) -> [T] {
        let powers = (0..<digits).map { T(wrapping: BigInt(1) << (digitBits * $0)) }, b = bias.map { T(wrapping: $0) }
        return parts[0].indices.map { i in
            var acc = b[(i / biasPlane) % b.count]
            for l in 0..<digits { acc = .mac(acc, T.widen(parts[l][i]), powers[l]) }
            return acc
        }
    }
}
