// The adapter from a trained network to Quantize's exporter: the network's quantization plan
// as `FloatStep`s (each linear block with its batch-norm fold, each polynomial's float
// coefficients, each pooling's scale). The QAT forward reads the same linear blocks, so the
// two quantize alike; the export itself (rounding, rescales, weight widths) is Quantize's.
import Quantize

extension Network {
    /// The integer model of this network under `config`, with rescales by `policy`.
    /// Throws if the network has no integer form or its bounds cannot be kept in range.
    public func integerModel(_ config: QATConfig, rescale policy: RescalePolicy) throws -> IntegerModel {
        let steps = try quantizationPlan().map(floatStep)
        let network = FloatNetwork(inputShape: inputShape, inputRange: inputRange, inputScale: inputScale, steps: steps, arch: spec.description)
        return try IntegerModel(exporting: network, config: config, rescale: policy)
    }

    /// `step` as Quantize's exporter reads it.
    private func floatStep(_ step: QuantStep) -> FloatStep {
        switch step {
        case let .linear(i, batchNorm): return .linear(floatLinear(i, batchNorm: batchNorm))
        case .polynomial(let i): return .polynomial(QuantizedForward.floatCoefficients(layer: layers[i]))
        case .pool(let i):
            let pool = layers[i] as! Pooling
            return .pool(window: pool.geometry.kernel, stride: pool.geometry.stride, scale: Double(pool.scale))
        case .flatten: return .flatten
        }
    }

    /// The dense or conv layer at `i` with the batch-norm at `batchNorm` folded in, as Quantize's
    /// float linear block (its current float weights).
    func floatLinear(_ i: Int, batchNorm: Int?) -> FloatLinear {
        let (weight, bias) = linearParameters(i)
        let fanIn = weight.shape.dropLast().reduce(1, *), out = weight.shape.last!
        let (fold, shift) = batchNormFold(batchNorm.map { layers[$0] as! BatchNorm }, out: out)
        let convolution = (layers[i] as? Conv2D).map {
            FloatLinear.Convolution(inChannels: $0.geometry.inChannels, kernel: $0.geometry.kernel, stride: $0.geometry.stride, padding: $0.geometry.padding)
        }
        return FloatLinear(name: "layer \(i + 1)", weight: weight.value, bias: bias.value, fold: fold, shift: shift,
                           fanIn: fanIn, out: out, convolution: convolution)
    }

    /// The weight and bias of the dense or conv layer at `i` (the quantization plan's linear steps).
    func linearParameters(_ i: Int) -> (weight: Parameter, bias: Parameter) {
        switch layers[i] {
        case let d as Dense: return (d.weight, d.bias)
        case let c as Conv2D: return (c.weight, c.bias)
        default: fatalError("quantization plan: layer \(i) is not linear")
        }
    }
}
