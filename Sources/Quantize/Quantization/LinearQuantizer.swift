// A linear block (dense/conv, with a batch-norm already reduced to a per-channel affine map)
// in integer form, given the per-channel scales of its input. Train's QAT forward pass and
// the integer export both call this (through `FloatLinear.quantized`), so they cannot drift
// apart. Knows no tensors or layers.
//
// Scales: a tensor's value in channel c (last axis) is scale[c] × integer. The input's is
// 1/255 (uint8 pixels). A linear block maps input scales S to output scales s (one per
// output channel); a polynomial maps s to T; avg-pooling divides by window².

/// A linear block in integer form and the float weights that reproduce it exactly.
public struct QuantizedLinear: Sendable {
    /// Integer weights [fanIn, out], row-major.
    public var q: [Int64]
    /// Integer-valued bias per output channel, at the accumulator scale.
    public var bias: [Double]
    /// Output scale per channel: float output = scale[k] × (bias[k] + Σ_j q[j,k] · u_j).
    /// Double: scales of deep polynomial networks fall far below Float's range.
    public var scale: [Double]
    /// Ŵ = scale·q / S_in, [fanIn, out]: the float weights the QAT forward uses.
    public var effectiveWeight: [Float]
    /// b̂ = scale·bias per output channel: the float bias the QAT forward uses.
    public var effectiveBias: [Float]
}

/// Quantizes the block y = fold · (x·W + b) + shift per output channel: rounds fold·W·S_in
/// ([fanIn, out]) to `bits` per output channel (one scale for all when `perChannel` is
/// false), and the folded bias fold·b + shift to an integer at the accumulator scale.
/// `fold` and `shift` are a batch-norm's γ/σ and β − γ·μ/σ per output channel (1 and 0
/// without one); `inputScale(j)` is the scale of input feature j (j in 0..<fanIn).
public func quantizeLinear(weight: [Float], bias: [Float], fold: [Float], shift: [Float], fanIn: Int, out: Int,
                           inputScale: (Int) -> Double, bits: WeightBits, perChannel: Bool) -> QuantizedLinear {
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
    return QuantizedLinear(q: q, bias: intBias, scale: scale, effectiveWeight: w,
                           effectiveBias: (0..<out).map { Float(scale[$0] * intBias[$0]) })
}
