// The plan that groups a network's layers into the steps the integer model has: linear
// blocks (dense/conv with the batch-norm folded into them), polynomial activations, pooling
// and flatten; and the fold of a batch-norm into its block. The quantizers are Quantize's.
import Quantize

/// One step of the integer model, in terms of the float network's layer indices.
enum QuantStep {
    /// dense or conv at `layer`, with the batch-norm at `batchNorm` folded in.
    case linear(layer: Int, batchNorm: Int?)
    /// x², a fitted polynomial or a learnable quadratic.
    case polynomial(layer: Int)
    case pool(layer: Int)
    case flatten(layer: Int)
}

extension Network {
    /// The quantization plan: throws for layers an integer circuit cannot have (relu, a
    /// batch-norm that does not follow dense/conv) or a network not ending in a linear layer.
    func quantizationPlan() throws -> [QuantStep] {
        var steps: [QuantStep] = []
        var i = 0
        while i < layers.count {
            let l = layers[i]
            func fail(_ m: String) -> QuantizationError { QuantizationError(message: "layer \(i + 1) `\(l.spec)`: \(m)") }
            switch l {
            case is Dense, is Conv2D:
                let bn = i + 1 < layers.count && layers[i + 1] is BatchNorm ? i + 1 : nil
                steps.append(.linear(layer: i, batchNorm: bn))
                i += bn == nil ? 1 : 2
                continue
            case is PolynomialLayer, is LearnableQuadratic: steps.append(.polynomial(layer: i))
            case is Pooling: steps.append(.pool(layer: i))
            case is Flatten: steps.append(.flatten(layer: i))
            case is BatchNorm: throw fail("batch-norm must directly follow dense or conv to be folded into it")
            case is ReLU: throw fail("relu has no cheap integer circuit; use sq, quad or poly(relu,…)")
            default: throw fail("cannot be quantized")
            }
            i += 1
        }
        guard case .linear = steps.last else {
            throw QuantizationError(message: "the network must end in a dense layer (the logits) to be quantized")
        }
        return steps
    }
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
