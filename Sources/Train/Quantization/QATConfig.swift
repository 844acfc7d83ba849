// Quantization-aware training settings, and the plan that groups a network's layers into
// the steps the integer model has: linear blocks (dense/conv with the batch-norm folded into
// them), polynomial activations, pooling and flatten.

/// Quantization-aware training settings (saved in model.json).
public struct QATConfig: Sendable, Codable, Equatable {
    public var weightBits: WeightBits = .b8
    /// One scale per output channel (else one per layer). The logits layer always uses one
    /// scale, so that argmax over the integer logits is argmax over the float ones.
    public var perChannel: Bool = true
    /// Float epochs before QAT starts: batch-norm statistics must be learnt before QAT
    /// freezes and folds them.
    public var warmupEpochs: Int = 1
    /// Fixed-point precision F of polynomial coefficients: per channel every coefficient is
    /// rounded to within 2^-(F+1) of the largest one, judged at a float input of one
    /// (`quantizePolynomial`); a single-term polynomial such as x² is exact.
    public var polynomialBits: Int = 12

    public init(weightBits: WeightBits = .b8) { self.weightBits = weightBits }
}

/// One step of the integer model, in terms of the float network's layer indices.
enum QuantStep {
    /// dense or conv at `layer`, with the batch-norm at `batchNorm` folded in.
    case linear(layer: Int, batchNorm: Int?)
    /// x², a fitted polynomial or a learnable quadratic.
    case polynomial(layer: Int)
    case pool(layer: Int)
    case flatten(layer: Int)
}

/// Why a network cannot become an integer model.
public struct QuantizationError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
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
