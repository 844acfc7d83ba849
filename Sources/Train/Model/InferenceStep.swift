// A network's inference computation as a list of steps with their concrete parameters, for
// code that re-expresses a model elsewhere (ONNX export). Two views: the float network as
// trained (`inferenceSteps()`), and, for a network in quantization-aware mode, the float image
// of its integer model (`quantizedInferenceSteps()`: batch-norm folded, weights and polynomial
// coefficients rounded exactly as QuantizedForward computes them; rescales are not modelled).
import Quantize

/// One step of inference; shapes exclude the batch and use ZKTrain's layouts (NHWC, W: [in, out]).
public enum InferenceStep: Sendable {
    /// y = x·W + b; W: [inCount, outCount] row-major, x flattened in NHWC order.
    case dense(weight: [Float], bias: [Float], inCount: Int, outCount: Int)
    /// W: [kernel, kernel, inChannels, outChannels].
    case conv(weight: [Float], bias: [Float], kernel: Int, stride: Int, padding: Int, inChannels: Int, outChannels: Int)
    /// Eval-mode batch-norm over the last axis.
    case batchNorm(gamma: [Float], beta: [Float], mean: [Float], variance: [Float], epsilon: Float)
    /// y = Σ_i c[k][i]·x^i (low to high), one row shared or one per channel k (last axis).
    case polynomial(coefficients: [[Float]])
    case relu
    /// Sum over a window × window patch with `stride`, times `factor` (1/window² for an average).
    case pool(window: Int, stride: Int, factor: Float)
    /// [H, W, C] → [H·W·C] (NHWC order).
    case flatten
}

extension Network {
    /// The float network's inference steps (eval mode: batch-norm with running statistics).
    public func inferenceSteps() -> [InferenceStep] {
        layers.map { layer in
            switch layer {
            case let d as Dense: return .dense(weight: d.weight.value, bias: d.bias.value, inCount: d.inCount, outCount: d.outCount)
            case let c as Conv2D:
                let g = c.geometry
                return .conv(weight: c.weight.value, bias: c.bias.value, kernel: g.kernel, stride: g.stride, padding: g.padding,
                             inChannels: g.inChannels, outChannels: c.outChannels)
            case let b as BatchNorm:
                return .batchNorm(gamma: b.gamma.value, beta: b.beta.value, mean: b.runningMean.value, variance: b.runningVar.value, epsilon: b.epsilon)
            case let p as PolynomialLayer: return .polynomial(coefficients: [p.polynomial.coefficients.map { Float($0) }])
            case let q as LearnableQuadratic:
                return .polynomial(coefficients: (0..<q.groups).map { [q.c.value[$0], q.b.value[$0], q.a.value[$0]] })
            case is ReLU: return .relu
            case let p as Pooling: return .pool(window: p.geometry.kernel, stride: p.geometry.stride, factor: p.scale)
            case is Flatten: return .flatten
            default: preconditionFailure("inferenceSteps: unknown layer \(layer.spec)")
            }
        }
    }

    /// For a network in quantization-aware mode: the steps its QAT forward computes in eval mode
    /// (the float image of the integer model, up to the integer model's rescale rounding); nil
    /// for a float network.
    public func quantizedInferenceSteps() -> [InferenceStep]? {
        quantized?.inferenceSteps()
    }
}

extension QuantizedForward {
    /// The effective (rounded, folded) parameters of each plan step, with the scales carried
    /// from step to step exactly as `forward` carries them.
    func inferenceSteps() -> [InferenceStep] {
        var steps: [InferenceStep] = []
        var scales = [Double](repeating: network.inputScale, count: network.inputShape.last!)
        for (n, step) in plan.enumerated() {
            switch step {
            case let .linear(i, bnIndex):
                let layer = network.layers[i]
                let (weight, bias, fanIn, out): (Parameter, Parameter, Int, Int) = switch layer {
                case let d as Dense: (d.weight, d.bias, d.inCount, d.outCount)
                case let c as Conv2D: (c.weight, c.bias, c.geometry.patchSize, c.outChannels)
                default: preconditionFailure("quantization plan: layer \(i) is not linear")
                }
                let c = scales.count, inputScales = scales
                let (fold, shift) = batchNormFold(bnIndex.map { network.layers[$0] as! BatchNorm }, out: out)
                let q = quantizeLinear(weight: weight.value, bias: bias.value, fold: fold, shift: shift, fanIn: fanIn, out: out,
                                       inputScale: { inputScales[$0 % c] }, bits: config.weightBits,
                                       perChannel: config.perChannel && n != logitsStep)
                if let conv = layer as? Conv2D {
                    let g = conv.geometry
                    steps.append(.conv(weight: q.effectiveWeight, bias: q.effectiveBias, kernel: g.kernel, stride: g.stride,
                                       padding: g.padding, inChannels: g.inChannels, outChannels: conv.outChannels))
                } else {
                    steps.append(.dense(weight: q.effectiveWeight, bias: q.effectiveBias, inCount: fanIn, outCount: out))
                }
                scales = q.scale
            case .polynomial(let i):
                let rows = Self.floatCoefficients(layer: network.layers[i])
                let p = (try? quantizePolynomial(rows, inputScale: scales, bits: config.polynomialBits))
                    ?? QuantizedPolynomial(unrepresentable: rows, channels: scales.count)
                steps.append(.polynomial(coefficients: p.effective))
                scales = p.scale
            case .pool(let i):
                let pool = network.layers[i] as! Pooling
                steps.append(.pool(window: pool.geometry.kernel, stride: pool.geometry.stride, factor: pool.scale))
                scales = scales.map { $0 * Double(pool.scale) }
            case .flatten:
                steps.append(.flatten)
            }
        }
        return steps
    }
}
