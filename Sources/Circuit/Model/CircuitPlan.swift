// `CircuitPlan`: every number that fixes a model circuit's shape, decided before any
// constraint exists — layer shapes, proven bounds, range-check widths, commitment sizes.
// The lowering (ModelCircuit) follows it and the cost model (CostModel) counts from it, so
// the two agree by construction and the tests check that they do.
//
// Bounds. With public weights they are `IntegerModel.analyze()` of the actual weights. With
// committed weights the circuit must be sound for *any* weights that pass its range checks,
// so the bounds are those of a worst-case model: every weight −2^(b−1), every bias −2^(c−1),
// where b and c are the bit widths the circuit enforces (the widest value in each layer of
// the model it was compiled from). A private or committed input is range-checked to
// [lower, lower + 2^k) with k = bitwidth(upper − lower), and its bounds use that range.
// A public input is seen by the verifier, who must check it is within the model's input
// range (`zktrain verify --circuit` does); it is not range-checked in the circuit.
//
// No wraparound: every bound must be below 2^250 < (r − 1)/2 / 8, leaving room for the
// rescale and argmax identities (see Gadgets/); a larger model is refused, never compiled.
import BigInt
import Quantize

/// What is wrong with compiling a model (the message names the layer and the numbers).
public struct CircuitError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The shape-determining facts of one layer.
public struct LayerPlan: Sendable {
    /// The integer layer (its weights are circuit constants when weights are public).
    public var layer: IntegerLayer
    /// Short description, e.g. "dense 784→64".
    public var name: String
    public var inputShape: [Int]
    public var outputShape: [Int]
    /// |value| ≤ bound for every value the layer computes, in any witness the circuit accepts.
    public var bound: BigInt
    /// Committed weights: bits of each weight and each bias (offset binary); 0 otherwise.
    public var weightBits = 0
    public var biasBits = 0
    /// Committed weights: number of weight × input products (conv taps inside the image).
    public var products = 0
    /// Rescale: bits of the quotient's range check.
    public var quotientBits = 0
    /// Committed dense layer on the (non-negative) model input: bits per slot and slots per
    /// field element of the packed products (see Gadgets/PackedDotProducts.swift); 0 if unused.
    public var slotBits = 0
    public var slots = 0

    /// Number of elements in the output.
    public var outputCount: Int { outputShape.reduce(1, *) }
}

/// The plan of a model circuit.
public struct CircuitPlan: Sendable {
    /// The largest bound a value may have: 2^250.
    public static let boundLimit = BigInt(1) << 250
    /// Bits packed into one field element of a commitment (2^253 < r).
    public static let bitsPerElement = 253

    public let options: CircuitOptions
    public let inputShape: [Int]
    /// Smallest input value; private/committed inputs are range-checked to [inputLower, inputLower + 2^inputBits).
    public let inputLower: Int
    public let inputBits: Int
    public let layers: [LayerPlan]
    /// Bits of each argmax difference (label output only), bitwidth(2 · logit bound).
    public let labelBits: Int

    public var inputCount: Int { inputShape.reduce(1, *) }
    public var outputCount: Int { layers.last?.outputCount ?? inputCount }

    /// Bits in the committed weight stream (0 unless weights are committed).
    public var weightStreamBits: Int {
        guard options.weights == .committed else { return 0 }
        return layers.reduce(0) { $0 + $1.layer.weightCount * $1.weightBits + $1.layer.biasCount * $1.biasBits }
    }
    /// Field elements of the weight commitment's packed stream.
    public var weightElements: Int { (weightStreamBits + Self.bitsPerElement - 1) / Self.bitsPerElement }
    /// Field elements of the input commitment's packed stream (0 unless the input is committed).
    public var inputElements: Int {
        options.input == .committed ? (inputCount * inputBits + Self.bitsPerElement - 1) / Self.bitsPerElement : 0
    }

    /// Plans `model` under `options`; throws if shapes are inconsistent or a bound does not fit.
    public init(model: IntegerModel, options: CircuitOptions) throws {
        self.options = options
        inputShape = model.inputShape
        inputLower = model.inputRange.lowerBound
        inputBits = max(1, BigInt(model.inputRange.upperBound - model.inputRange.lowerBound).magnitude.bitWidth)
        var analysed = model
        if options.input != .public {
            analysed.inputRange = inputLower...(inputLower + (1 << inputBits) - 1)
        }
        var widths = [(weight: Int, bias: Int)](repeating: (0, 0), count: model.layers.count)
        if options.weights == .committed {
            for (i, layer) in model.layers.enumerated() {
                guard let w = layer.weights, let b = layer.biases else { continue }
                let (lo, hi) = (w.min() ?? 0, w.max() ?? 0)
                let weightBits = max(1, [lo, hi].map { BigInt.signedBits(bound: BigInt($0.magnitude) - ($0 < 0 ? 1 : 0)) }.max()!)
                let biasBits = max(1, b.map { BigInt.signedBits(bound: BigInt($0.magnitude) - ($0.sign == .minus ? 1 : 0)) }.max() ?? 1)
                widths[i] = (weightBits, biasBits)
                analysed.layers[i] = layer.worstCase(weightBits: weightBits, biasBits: biasBits)
            }
        }
        let analysis: [LayerAnalysis]
        do { analysis = try analysed.analyze() } catch { throw CircuitError("\(error)") }
        var plans = [LayerPlan](), shape = model.inputShape, bound = analysed.inputBound
        var onRawInput = true  // only flatten layers so far: values are the input itself
        for (i, layer) in model.layers.enumerated() {
            let a = analysis[i]
            guard a.bound < Self.boundLimit, bound < Self.boundLimit else {
                throw CircuitError("layer \(i) (\(a.name)): values reach \(max(a.bound, bound).magnitude.bitWidth) bits, beyond the "
                    + "250 the BN254 field allows without wraparound; add rescale layers (export with --rescale) or use fewer weight bits")
            }
            var plan = LayerPlan(layer: layer, name: a.name, inputShape: shape, outputShape: a.shape, bound: a.bound)
            switch layer {
            case .dense, .conv2d:
                if options.weights == .committed {
                    plan.weightBits = widths[i].weight
                    plan.biasBits = widths[i].bias
                    plan.products = layer.productCount(inputShape: shape)
                    if case .dense(let d) = layer, onRawInput, analysed.inputRange.lowerBound >= 0 {
                        // Slot sums Σ_j x_j·(w_jk + 2^(b−1)) lie in [0, n·xmax·(2^b − 1)].
                        let top = BigInt(d.inCount) * BigInt(analysed.inputRange.upperBound) * ((BigInt(1) << plan.weightBits) - 1)
                        let bits = max(1, top.magnitude.bitWidth), count = Self.bitsPerElement / bits
                        if count >= 2 { (plan.slotBits, plan.slots) = (bits, count) }
                    }
                }
            case .rescale:
                plan.quotientBits = BigInt.signedBits(bound: a.bound)
            case .sumPool, .flatten, .polynomial:
                break
            }
            if case .flatten = layer {} else { onRawInput = false }
            plans.append(plan)
            shape = a.shape
            bound = a.bound
        }
        layers = plans
        labelBits = options.output.publishesLabel ? max(1, (2 * bound).magnitude.bitWidth) : 0
    }
}

extension IntegerLayer {
    /// Weights of a dense or conv layer.
    var weights: [Int64]? {
        switch self {
        case .dense(let d): d.weight
        case .conv2d(let c): c.weight
        default: nil
        }
    }
    /// Biases of a dense or conv layer.
    var biases: [BigInt]? {
        switch self {
        case .dense(let d): d.bias
        case .conv2d(let c): c.bias
        default: nil
        }
    }
    var weightCount: Int { weights?.count ?? 0 }
    var biasCount: Int { biases?.count ?? 0 }

    /// The layer with every weight −2^(weightBits−1) and every bias −2^(biasBits−1).
    func worstCase(weightBits: Int, biasBits: Int) -> IntegerLayer {
        let w = -(Int64(1) << (weightBits - 1)), b = -(BigInt(1) << (biasBits - 1))
        switch self {
        case .dense(var d):
            d.weight = [Int64](repeating: w, count: d.weight.count)
            d.bias = [BigInt](repeating: b, count: d.bias.count)
            return .dense(d)
        case .conv2d(var c):
            c.weight = [Int64](repeating: w, count: c.weight.count)
            c.bias = [BigInt](repeating: b, count: c.bias.count)
            return .conv2d(c)
        default:
            return self
        }
    }

    /// Weight × input products of a dense or conv layer on `inputShape` (conv taps that fall
    /// on zero padding multiply nothing and are not counted).
    func productCount(inputShape shape: [Int]) -> Int {
        switch self {
        case .dense(let d):
            return d.weight.count
        case .conv2d(let c):
            let (h, w) = (shape[0], shape[1])
            let oh = (h + 2 * c.padding - c.kernel) / c.stride + 1, ow = (w + 2 * c.padding - c.kernel) / c.stride + 1
            func inside(_ out: Int, _ size: Int) -> Int {
                (0..<c.kernel).count { k in let p = out * c.stride - c.padding + k; return p >= 0 && p < size }
            }
            let rows = (0..<oh).reduce(0) { $0 + inside($1, h) }, cols = (0..<ow).reduce(0) { $0 + inside($1, w) }
            return rows * cols * c.inChannels * c.outChannels
        default:
            return 0
        }
    }
}
