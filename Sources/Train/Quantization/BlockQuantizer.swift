// Turning one float step into its integer form, given the per-channel scales of its input:
// a linear block (dense/conv with batch-norm folded in) and a polynomial activation. The QAT
// forward pass and the integer export both call these, so they cannot drift apart.
//
// Scales: a tensor's value in channel c (last axis) is scale[c] × integer. The input's is
// 1/255 (uint8 pixels). A linear block maps input scales S to output scales s (one per
// output channel); a polynomial maps s to T; avg-pooling divides by window².
import Foundation

/// A linear block in integer form and the float weights that reproduce it exactly.
struct QuantizedLinear {
    /// Integer weights [fanIn, out] and bias (integer-valued) at the accumulator scale.
    var q: [Int64]
    var bias: [Double]
    /// Output scale per channel: float output = scale[k] × (bias[k] + Σ_j q[j,k] · u_j).
    /// Double: scales of deep polynomial networks fall far below Float's range.
    var scale: [Double]
    /// Batch-norm fold factor γ/σ per output channel (1 without batch-norm).
    var fold: [Float]
    /// Ŵ = scale·q / S_in and b̂ = scale·bias: the float weights the QAT forward uses.
    var effectiveWeight: [Float]
    var effectiveBias: [Float]
}

/// Folds `bn` (running statistics) into weight [fanIn, out] and bias, quantizes a·W·S_in
/// per output channel, and rounds the folded bias at the accumulator scale.
/// `inputScale(j)` is the scale of input feature j (j in 0..<fanIn).
func quantizeLinear(weight: [Float], bias: [Float], bn: BatchNorm?, fanIn: Int, out: Int,
                    inputScale: (Int) -> Double, bits: WeightBits, perChannel: Bool) -> QuantizedLinear {
    let (fold, shift) = batchNormFold(bn, out: out)
    var m = [Double](repeating: 0, count: fanIn * out)
    for j in 0..<fanIn {
        let s = inputScale(j)
        for k in 0..<out { m[j * out + k] = Double(fold[k]) * Double(weight[j * out + k]) * s }
    }
    let (q, scale) = quantizeWeights(m, fanIn: fanIn, out: out, bits: bits, perChannel: perChannel)
    let intBias = (0..<out).map { k in (Double(fold[k] * bias[k] + shift[k]) / scale[k]).rounded() }
    var w = [Float](repeating: 0, count: fanIn * out)
    for j in 0..<fanIn {
        let s = inputScale(j)
        for k in 0..<out { w[j * out + k] = Float(scale[k] * Double(q[j * out + k]) / s) }
    }
    return QuantizedLinear(q: q, bias: intBias, scale: scale, fold: fold, effectiveWeight: w,
                           effectiveBias: (0..<out).map { Float(scale[$0] * intBias[$0]) })
}

/// Batch-norm in eval mode as y = fold · x + shift per channel (fold = γ/√(σ²+ε),
/// shift = β − fold · μ); identity without batch-norm.
func batchNormFold(_ bn: BatchNorm?, out: Int) -> (fold: [Float], shift: [Float]) {
    var fold = [Float](repeating: 1, count: out), shift = [Float](repeating: 0, count: out)
    if let bn {
        for k in 0..<out {
            fold[k] = bn.gamma.value[k] / (bn.runningVar.value[k] + bn.epsilon).squareRoot()
            shift[k] = bn.beta.value[k] - fold[k] * bn.runningMean.value[k]
        }
    }
    return (fold, shift)
}

/// A polynomial activation in integer form per channel, and its float image.
struct QuantizedPolynomial {
    /// NaN coefficients for every channel: what the QAT forward uses when `rows` has no
    /// integer form, so that the loss becomes NaN and training stops with its divergence error.
    init(unrepresentable rows: [[Double]], channels: Int) {
        let degree = (rows.first?.count ?? 1)
        integer = Array(repeating: Array(repeating: 0, count: degree), count: channels)
        scale = Array(repeating: .nan, count: channels)
        effective = Array(repeating: Array(repeating: .nan, count: degree), count: channels)
    }

    init(integer: [[Int64]], scale: [Double], effective: [[Float]]) {
        self.integer = integer
        self.scale = scale
        self.effective = effective
    }

    /// Integer coefficients per channel, low to high: output = T[k] × Σ_i c[k][i] · v^i for
    /// an input integer v (float input = s[k] · v).
    var integer: [[Int64]]
    /// Output scale T per channel.
    var scale: [Double]
    /// ĉ[k][i] = c[k][i] · T[k] / s[k]^i: the float coefficients the QAT forward uses.
    var effective: [[Float]]
}

/// Rounds float coefficients (`rows`: one shared row or one per channel) to integers at
/// fixed-point precision `bits`, per channel, given the input scales `s` (one per channel).
///
/// Integer coefficient i is cᵢ·sⁱ/T. A single-term polynomial (x²) is exact: T = |c|·sⁱ and
/// the coefficient ±1. Otherwise T is chosen so that every effective coefficient ĉᵢ is within
/// 2^-(bits+1)·max|c| of cᵢ, i.e. the rounding is judged at a float input of one, where the
/// terms compare as the float polynomial's do: T = 2^-bits·max|c|·min over nonzero cᵢ of sⁱ.
/// Judged at an integer input of one instead (v = 1), a small input scale made the higher
/// terms round to zero and collapsed quad/poly activations to constants. The integers stay
/// within Int64 (|cᵢ·sⁱ/T| ≤ 2^62), which bounds the precision of the higher terms when the
/// input scale is extremely small.
/// - Throws: `QuantizationError` when a coefficient or scale is not finite or an integer
///   coefficient would not fit Int64 (a damaged or diverged checkpoint).
func quantizePolynomial(_ rows: [[Double]], inputScale s: [Double], bits: Int) throws -> QuantizedPolynomial {
    var integer: [[Int64]] = [], scale: [Double] = [], effective: [[Float]] = []
    for k in s.indices {
        let c = rows.count == 1 ? rows[0] : rows[k]
        let sk = s[k]
        let terms = c.enumerated().map { abs($1) * pow(sk, Double($0)) }
        let nonzero = c.indices.filter { c[$0] != 0 }
        let t: Double
        if nonzero.isEmpty {
            t = 1
        } else if nonzero.count == 1 {
            t = terms[nonzero[0]]
        } else {
            let finest = nonzero.map { pow(sk, Double($0)) }.min()!
            let largest = c.map(abs).max()!
            t = max(largest * finest / pow(2, Double(bits)), terms.max()! / pow(2, 62))
        }
        let ints = try c.enumerated().map { i, ci in
            guard let v = Int64(exactly: (ci * pow(sk, Double(i)) / t).rounded()) else {
                throw QuantizationError(message: "polynomial coefficient \(ci) at input scale \(sk) has no integer form (not finite, or beyond 2^63)")
            }
            return v
        }
        integer.append(ints)
        scale.append(t)
        effective.append(ints.enumerated().map { Float(Double($1) * t / pow(sk, Double($0))) })
    }
    return QuantizedPolynomial(integer: integer, scale: scale, effective: effective)
}
