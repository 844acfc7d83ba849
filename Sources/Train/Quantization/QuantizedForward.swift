// The quantization-aware forward and backward passes. Each linear block runs with the float
// weights that reproduce its integer form exactly (batch-norm frozen and folded in); each
// polynomial with its per-channel rounded coefficients. So the float network computes, up to
// float rounding, exactly what the integer model computes. Gradients pass through the
// rounding unchanged (straight-through estimator, Bengio, Léonard, Courville 2013). The
// rounding itself is Quantize's (`FloatLinear.quantized`, `quantizePolynomial`), on the same
// linear blocks the export reads (IntegerExport.swift).
import Quantize

/// A network's quantization-aware view: forward/backward through the quantization plan.
final class QuantizedForward {
    let network: Network
    let config: QATConfig
    let plan: [QuantStep]
    /// Saved per linear step between forward and backward: the float weights to restore and
    /// the fold factors for the chain rule.
    private var saved: [Int: (weight: [Float], bias: [Float], fold: [Float])] = [:]
    /// Saved per polynomial step: the input and effective coefficients.
    private var polyState: [Int: (input: Tensor, coefficients: [[Float]])] = [:]

    init(network: Network, config: QATConfig) throws {
        self.network = network
        self.config = config
        self.plan = try network.quantizationPlan()
    }

    /// Index in `plan` of the logits layer (the last linear block).
    var logitsStep: Int { plan.count - 1 }

    func forward(_ x: Tensor, training: Bool) -> Tensor {
        var h = x
        var scales = [Double](repeating: network.inputScale, count: network.inputShape.last!)
        for (n, step) in plan.enumerated() {
            switch step {
            case let .linear(i, bnIndex):
                let (weight, bias) = network.linearParameters(i), block = network.floatLinear(i, batchNorm: bnIndex)
                let q = block.quantized(inputScales: scales, config: config, logits: n == logitsStep)
                weight.value = q.effectiveWeight
                bias.value = q.effectiveBias
                h = network.layers[i].forward(h, training: training)
                if training { saved[n] = (block.weight, block.bias, block.fold) } else { (weight.value, bias.value) = (block.weight, block.bias) }
                scales = q.scale
            case .polynomial(let i):
                let rows = Self.floatCoefficients(layer: network.layers[i])
                // Coefficients with no integer form (a diverged or damaged network) make NaN
                // activations, which the trainer stops on and evaluation reports; never a trap.
                let p = (try? quantizePolynomial(rows, inputScale: scales, bits: config.polynomialBits))
                    ?? QuantizedPolynomial(unrepresentable: rows, channels: scales.count)
                if training { polyState[n] = (h, p.effective) }
                h = applyPolynomial(h, p.effective)
                scales = p.scale
            case .pool(let i):
                let pool = network.layers[i] as! Pooling
                h = pool.forward(h, training: training)
                scales = scales.map { $0 * Double(pool.scale) }
            case .flatten(let i):
                h = network.layers[i].forward(h, training: training)
            }
        }
        return h
    }

    /// Back-propagates through the plan in reverse; sets every parameter's gradient.
    func backward(_ dLogits: Tensor) {
        var g = dLogits
        for (n, step) in plan.enumerated().reversed() {
            switch step {
            case let .linear(i, bnIndex):
                let (weight, bias) = network.linearParameters(i), out = bias.value.count
                let dx = network.layers[i].backward(g, needInputGradient: n > 0)
                let (w, b, fold) = saved.removeValue(forKey: n)!
                let gW = weight.grad, gB = bias.grad   // gradients w.r.t. Ŵ ≈ a·W and b̂ ≈ a·b + β − a·μ
                weight.value = w
                bias.value = b
                for idx in 0..<w.count { weight.grad[idx] = gW[idx] * fold[idx % out] }
                for k in 0..<out { bias.grad[k] = gB[k] * fold[k] }
                if let bnIndex {
                    let bn = network.layers[bnIndex] as! BatchNorm
                    for k in 0..<out {
                        var dFold = gB[k] * (b[k] - bn.runningMean.value[k])
                        for j in 0..<(w.count / out) { dFold += gW[j * out + k] * w[j * out + k] }
                        bn.gamma.grad[k] = dFold / (bn.runningVar.value[k] + bn.epsilon).squareRoot()
                        bn.beta.grad[k] = gB[k]
                    }
                }
                guard let dx else { return }
                g = dx
            case .polynomial(let i):
                let (input, coefficients) = polyState.removeValue(forKey: n)!
                g = polynomialBackward(layer: network.layers[i], input: input, coefficients: coefficients, dy: g)
            case .pool(let i), .flatten(let i):
                g = network.layers[i].backward(g, needInputGradient: true)!
            }
        }
    }

    /// The float coefficients of a polynomial layer (low to high): one shared row, or one row
    /// per channel for a per-channel learnable quadratic.
    static func floatCoefficients(layer: Layer) -> [[Double]] {
        switch layer {
        case let p as PolynomialLayer: return [p.polynomial.coefficients]
        case let q as LearnableQuadratic:
            return (0..<q.groups).map { g in [Double(q.c.value[g]), Double(q.b.value[g]), Double(q.a.value[g])] }
        default: fatalError("quantization plan: \(layer.spec) is not a polynomial")
        }
    }

    /// y = Σ_i coefficients[k][i] · x^i, channel k = element index mod channel count (Horner).
    private func applyPolynomial(_ x: Tensor, _ coefficients: [[Float]]) -> Tensor {
        var y = Tensor(uninitializedShape: x.shape)
        let c = coefficients.count
        withBuffers(x, &y) { xp, yp in
            parallelChunks(x.count) { r, _ in
                for e in r {
                    let row = coefficients[e % c], v = xp[e]
                    var acc = row[row.count - 1]
                    for i in stride(from: row.count - 2, through: 0, by: -1) { acc = acc * v + row[i] }
                    yp[e] = acc
                }
            }
        }
        return y
    }

    /// dL/dx = dy · p'(x); for a learnable quadratic also dL/d(a, b, c) (straight-through),
    /// accumulated in the same pass over the elements.
    private func polynomialBackward(layer: Layer, input x: Tensor, coefficients: [[Float]], dy: Tensor) -> Tensor {
        let c = coefficients.count
        let quad = layer as? LearnableQuadratic
        let groups = quad?.groups ?? 1
        var ga = [Float](repeating: 0, count: groups), gb = ga, gc = ga
        var dx = Tensor(uninitializedShape: dy.shape)
        withBuffers(dy, &dx) { dp, dxp in
            x.data.withUnsafeBufferPointer { xp in
                for e in 0..<dy.count {
                    let row = coefficients[e % c], v = xp[e], g = dp[e]
                    var d: Float = 0
                    for i in stride(from: row.count - 1, through: 1, by: -1) { d = d * v + Float(i) * row[i] }
                    dxp[e] = g * d
                    if quad != nil {
                        let k = groups == 1 ? 0 : e % groups
                        ga[k] += g * v * v; gb[k] += g * v; gc[k] += g
                    }
                }
            }
        }
        if let quad { quad.a.grad = ga; quad.b.grad = gb; quad.c.grad = gc }
        return dx
    }
}
