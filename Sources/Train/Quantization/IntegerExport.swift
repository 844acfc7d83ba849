// Export of a trained network to Quantize's `IntegerModel`: each step of the network's
// quantization plan through Quantize's quantizers (the ones the QAT forward uses), with
// rescales where Quantize's `RescalePolicy` places them, and the weight width recorded.
import BigInt
import Quantize

extension Network {
    /// The integer model of this network under `config`, with rescales by `policy`.
    /// Throws if the network has no integer form or its bounds cannot be kept in range.
    public func integerModel(_ config: QATConfig, rescale policy: RescalePolicy) throws -> IntegerModel {
        let plan = try quantizationPlan()
        let linearSteps = plan.indices.filter { if case .linear = plan[$0] { true } else { false } }
        return try policy.place(linearSteps: linearSteps) { try export(plan: plan, config: config, shifts: $0) }
    }

    private func export(plan: [QuantStep], config: QATConfig, shifts: [Int: Int]) throws -> IntegerModel {
        var layers: [IntegerLayer] = []
        var scales = [Double](repeating: inputScale, count: inputShape.last!)
        var outputScale = 1.0
        for (n, step) in plan.enumerated() {
            switch step {
            case let .linear(i, bnIndex):
                let c = scales.count, inputScales = scales
                let (weight, bias) = try linearWeights(i)
                let fanIn = weight.shape.dropLast().reduce(1, *), out = weight.shape.last!
                let (fold, shift) = batchNormFold(bnIndex.map { self.layers[$0] as! BatchNorm }, out: out)
                let q = quantizeLinear(weight: weight.value, bias: bias.value, fold: fold, shift: shift, fanIn: fanIn, out: out,
                                       inputScale: { inputScales[$0 % c] }, bits: config.weightBits,
                                       perChannel: config.perChannel && n != plan.count - 1)
                guard q.bias.allSatisfy({ $0.isFinite }) else { throw QuantizationError(message: "layer \(i + 1): non-finite bias") }
                let intBias = q.bias.map { BigInt(exactly: $0) ?? 0 }
                if let conv = self.layers[i] as? Conv2D {
                    let g = conv.geometry
                    layers.append(.conv2d(IntegerConv2D(inChannels: g.inChannels, outChannels: out, kernel: g.kernel, stride: g.stride,
                                                        padding: g.padding, weight: q.q, bias: intBias, weightBits: config.weightBits.width)))
                } else {
                    layers.append(.dense(IntegerDense(inCount: fanIn, outCount: out, weight: q.q, bias: intBias,
                                                      weightBits: config.weightBits.width)))
                }
                scales = q.scale
                if let k = shifts[n] {
                    layers.append(.rescale(bits: k))
                    scales = scales.map { $0 * Double(sign: .plus, exponent: k, significand: 1) }
                }
                outputScale = scales.max() ?? 1
            case .polynomial(let i):
                let p = try quantizePolynomial(QuantizedForward.floatCoefficients(layer: self.layers[i]), inputScale: scales, bits: config.polynomialBits)
                let rows = p.integer.map { $0.map { BigInt($0) } }
                layers.append(.polynomial(IntegerPolynomial(coefficients: Set(rows).count == 1 ? [rows[0]] : rows)))
                scales = p.scale
            case .pool(let i):
                let pool = self.layers[i] as! Pooling
                layers.append(.sumPool(window: pool.geometry.kernel, stride: pool.geometry.stride))
                scales = scales.map { $0 * Double(pool.scale) }
            case .flatten:
                layers.append(.flatten)
            }
        }
        return IntegerModel(inputShape: inputShape, inputRange: inputRange, layers: layers, outputScale: outputScale, arch: spec.description)
    }

    private func linearWeights(_ i: Int) throws -> (Parameter, Parameter) {
        switch layers[i] {
        case let d as Dense: return (d.weight, d.bias)
        case let c as Conv2D: return (c.weight, c.bias)
        default: throw QuantizationError(message: "layer \(i + 1) is not linear")
        }
    }
}
